import { inject } from 'vitest';
import { readInbox } from '../../local/ses.ts';
import type { StoredEmail } from '../../local/ses.ts';

/** Messages the local SES received for one address (the inbox is shared by all test files). */
export async function inboxOf(address: string): Promise<StoredEmail[]> {
  return (await readInbox(inject('sesEndpoint'))).filter((e) => e.destination.to.includes(address));
}
