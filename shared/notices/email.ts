import { SendEmailCommand } from '@aws-sdk/client-ses';
import { ses } from '../clients/ses.ts';
import { runtime } from '../config/runtime.ts';

export interface Email {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Sends one e-mail through SES and returns its message id. */
export async function sendEmail(email: Email): Promise<string> {
  const { MessageId } = await ses.send(
    new SendEmailCommand({
      Source: runtime.senderAddress,
      Destination: { ToAddresses: email.to },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    }),
  );
  if (!MessageId) throw new Error('SES returned no message id');
  return MessageId;
}
