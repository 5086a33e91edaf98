import { readInbox } from '../../local/ses.ts';
import type { StoredEmail } from '../../local/ses.ts';
import { runtime } from '../../shared/config/runtime.ts';

/**
 * Messages the local SES received for one address (the inbox is shared by all test files). The
 * endpoint is the one the handlers send to, so the helpers that seed data work in benchmarks too.
 */
export async function inboxOf(address: string): Promise<StoredEmail[]> {
  const endpoint = runtime.sesEndpoint;
  if (endpoint === undefined) throw new Error('No local SES: SES_ENDPOINT is not set');
  return (await readInbox(endpoint)).filter((e) => e.destination.to.includes(address));
}
