import type { LocalApi } from '../../local/api-server.ts';
import type { StoredEmail } from '../../local/ses.ts';
import { request } from './api.ts';
import { inboxOf } from './inbox.ts';

/** A request for consent to `purpose`, with the text itself (the platform hashes it). */
export function consentRequest(purpose: string, overrides: Record<string, unknown> = {}) {
  return {
    purpose,
    title: 'Monthly product news',
    textVersion: '2026-01',
    text: 'I agree to receive the monthly product news by e-mail. I can withdraw at any time.',
    source: 'web-form' as const,
    ...overrides,
  };
}

export interface ConsentLinks {
  /** Paths (with `/v1`) of the links in the e-mail, ready for `request`. */
  confirm: string;
  withdraw: string;
  mail: StoredEmail;
}

const CONFIRM = /https?:\/\/[^\s"<>]+(\/v1\/consent-confirmations\/[^\s"<>]+)/;
const WITHDRAW = /https?:\/\/[^\s"<>]+(\/v1\/consent-withdrawals\/[^\s"<>]+)/;

/** The confirmation e-mails for one subject and purpose that reached `address`, oldest first. */
export async function consentMails(address: string, subjectId: string, purpose: string): Promise<ConsentLinks[]> {
  const marker = `.${subjectId}.${purpose}.`;
  return (await inboxOf(address))
    .filter((m) => (m.body.text ?? '').includes(marker))
    .sort((a, b) => a.at - b.at)
    .map((mail) => ({ confirm: CONFIRM.exec(mail.body.text!)![1]!, withdraw: WITHDRAW.exec(mail.body.text!)![1]!, mail }));
}

/** The newest confirmation e-mail's links. */
export async function latestConsentMail(address: string, subjectId: string, purpose: string): Promise<ConsentLinks> {
  const mails = await consentMails(address, subjectId, purpose);
  if (mails.length === 0) throw new Error(`no confirmation e-mail for ${purpose} reached the subject`);
  return mails.at(-1)!;
}

/** Requests consent as the tenant and confirms it as the person would: the link, then the button. */
export async function confirmedConsent(api: LocalApi, key: string, subjectId: string, address: string, purpose: string): Promise<ConsentLinks> {
  const requested = await request(api, 'POST', `/v1/subjects/${subjectId}/consents`, { token: key, body: consentRequest(purpose) });
  if (requested.status !== 201) throw new Error(`consent not requested: ${JSON.stringify(requested.body)}`);
  const links = await latestConsentMail(address, subjectId, purpose);
  const confirmed = await request(api, 'POST', links.confirm);
  if (confirmed.status !== 200) throw new Error(`consent not confirmed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return links;
}
