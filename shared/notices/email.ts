import { sesApi } from '../clients/ses.ts';
import { runtime } from '../config/runtime.ts';

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

/** Sends one e-mail through SES and returns its message id. */
export async function sendEmail(email: Email): Promise<string> {
  const { client, SendEmail } = await sesApi();
  const { MessageId } = await client.send(
    new SendEmail({
      Source: email.senderName === undefined ? runtime.senderAddress : mailbox(email.senderName, runtime.senderAddress),
      Destination: { ToAddresses: email.to },
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
