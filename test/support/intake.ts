import type { LocalApi } from '../../local/api-server.ts';
import type { StoredEmail } from '../../local/ses.ts';
import { request } from './api.ts';
import type { Reply } from './api.ts';
import { inboxOf } from './inbox.ts';

const LINK = /https?:\/\/[^\s"<>]+(\/v1\/public\/privacy-request-confirmations\/([^\s"<>]+))/;

export interface IntakeMail {
  /** The link's path (with `/v1`), ready for `request`. */
  confirm: string;
  token: string;
  mail: StoredEmail;
}

/** The intake's confirmation e-mails that reached `address`, oldest first. */
export async function intakeMails(address: string): Promise<IntakeMail[]> {
  return (await inboxOf(address))
    .filter((m) => LINK.test(m.body.text ?? ''))
    .sort((a, b) => a.at - b.at)
    .map((mail) => {
      const [, confirm, token] = LINK.exec(mail.body.text!)!;
      return { confirm: confirm!, token: token!, mail };
    });
}

/** Sends the vendor's public form (DSR-8). */
export function submitIntake(api: LocalApi, body: Record<string, unknown>): Promise<Reply> {
  return request(api, 'POST', '/v1/public/privacy-requests', { body });
}

/** Sends the form and returns the link of the confirmation e-mail it caused. */
export async function pendingIntake(api: LocalApi, body: { tenantId: string; email: string; type: string; message: string; language?: string }): Promise<IntakeMail> {
  const before = (await intakeMails(body.email)).length;
  const reply = await submitIntake(api, body);
  if (reply.status !== 202) throw new Error(`intake not accepted: ${reply.status} ${JSON.stringify(reply.body)}`);
  const mails = await intakeMails(body.email);
  if (mails.length !== before + 1) throw new Error('no confirmation e-mail reached the address');
  return mails.at(-1)!;
}
