import { sesApi } from '../clients/ses.ts';
import { runtime } from '../config/runtime.ts';
import { logger } from '../powertools/logger.ts';
import { suppressionOf } from './suppression.ts';
import type { SuppressionReason } from './suppression.ts';

export interface Email {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A display name for the sender (breach communications have their own); the address stays ours. */
  senderName?: string;
  /** Where replies go (a breach communication: the tenant's contact point, not our no-reply address). */
  replyTo?: string[];
}

/**
 * An RFC 5322 mailbox with a display name. SES takes no raw UTF-8 in headers (no SMTPUTF8): a name
 * outside printable ASCII goes as RFC 2047 encoded-words, each within the 75-character limit.
 */
export function mailbox(name: string, address: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}" <${address}>`;
  const words: string[] = [];
  let chunk = '';
  for (const char of name) {
    // 45 bytes of UTF-8 become 60 base64 characters: with `=?UTF-8?B?` and `?=`, 72 in all.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '') words.push(chunk);
  return `${words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(' ')} <${address}>`;
}

/** A recipient is on the suppression list (docs/email.md): nothing was sent. */
export class AddressSuppressed extends Error {
  override readonly name = 'AddressSuppressed';
  constructor(readonly reason: SuppressionReason) {
    super(`The address is suppressed (${reason})`);
  }
}

/**
 * Sends one e-mail through SES, in the stage's configuration set, and returns its message id;
 * throws {@link AddressSuppressed}, sending nothing, when a recipient is on the suppression list.
 */
export async function sendEmail(email: Email): Promise<string> {
  // obligation: SEC-5 — every send, in the outbox or not (a consent or intake confirmation), skips
  // an address on the suppression list: SES reported it as bouncing for good or complaining.
  for (const address of email.to) {
    const reason = await suppressionOf(address);
    if (reason !== undefined) {
      // The reason only: an address is personal data (SEC-6).
      logger.info('e-mail to a suppressed address skipped', { reason });
      throw new AddressSuppressed(reason);
    }
  }
  const { client, SendEmail } = await sesApi();
  const { MessageId } = await client.send(
    new SendEmail({
      Source: email.senderName === undefined ? runtime.senderAddress : mailbox(email.senderName, runtime.senderAddress),
      Destination: { ToAddresses: email.to },
      // The configuration set publishes bounces and complaints to the suppression list (docs/email.md).
      ...(runtime.sesConfigurationSet === undefined ? {} : { ConfigurationSetName: runtime.sesConfigurationSet }),
      ...(email.replyTo === undefined ? {} : { ReplyToAddresses: email.replyTo }),
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  if (!MessageId) throw new Error('SES returned no message id');
  return MessageId;
}
