import type { Language } from '../../model/tenant.ts';
import { escapeHtml } from '../layout.ts';

/** The words of the reserved layout; nothing else in the message is ours. */
const WORDS: Record<Language, { prefix: string; sender: string; heading: string; from: string; contact: string; notice: string; never: string }> = {
  sl: {
    prefix: '[Kršitev varnosti osebnih podatkov]',
    sender: 'obvestilo o kršitvi varnosti',
    heading: 'Obvestilo o kršitvi varnosti osebnih podatkov',
    from: 'Pošiljatelj',
    contact: 'Za vprašanja',
    notice:
      'To je posebno obvestilo po 34. členu Splošne uredbe o varstvu podatkov o kršitvi varnosti vaših osebnih podatkov. Ni oglas in ni poslano skupaj z drugimi sporočili.',
    never: 'V tem sporočilu vas nikoli ne prosimo za geslo, številko kartice ali druge zaupne podatke.',
  },
  en: {
    prefix: '[Personal data breach]',
    sender: 'personal data breach notice',
    heading: 'Notice of a personal data breach',
    from: 'From',
    contact: 'Questions',
    notice:
      'This is a dedicated notice under Article 34 of the General Data Protection Regulation about a breach of your personal data. It is not advertising and is not sent together with other messages.',
    never: 'This message never asks you for a password, a card number or other confidential data.',
  },
};

export interface BreachCommunicationMessage {
  tenantName: string;
  subject: string;
  /** Plain text; blank lines separate paragraphs. */
  body: string;
  contact: { name: string; email: string; phone?: string | undefined };
}

/** Paragraphs of plain text: blank lines split them, single line breaks stay within. */
function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()))
    .filter((p) => p.some((l) => l !== ''));
}

/**
 * obligation: BRE-5 — the layout reserved for Art. 34 communications, visually and textually
 * distinct from every other message: its own sender name ("<tenant> – personal data breach
 * notice"), its own subject prefix, a bordered alert with a heading that says what it is, the
 * tenant's text exactly as written (escaped, never linked), the contact point, and a line that
 * it is a dedicated notice. No marketing footer, no images, no tracking pixel, no link except
 * the contact's `mailto:`. It does not inherit the ordinary notice layout.
 */
export function breachCommunication(language: Language, message: BreachCommunicationMessage) {
  const w = WORDS[language];
  const subject = `${w.prefix} ${message.subject}`;
  const senderName = `${message.tenantName} – ${w.sender}`;
  const { contact } = message;
  const contactLine = `${contact.name}, ${contact.email}${contact.phone ? `, ${contact.phone}` : ''}`;
  const text = [
    `${w.heading.toUpperCase()}`,
    `${w.from}: ${message.tenantName}`,
    '',
    ...paragraphs(message.body).flatMap((p) => [...p, '']),
    `${w.contact}: ${contactLine}`,
    '',
    '--',
    w.notice,
    w.never,
  ].join('\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;margin:0 auto;border:4px solid #b00020;border-radius:6px">
<tr><td style="background:#b00020;color:#ffffff;padding:14px 20px;font-size:20px;font-weight:bold">&#9888; ${escapeHtml(w.heading)}</td></tr>
<tr><td style="padding:8px 20px 0;font-size:14px;color:#444">${escapeHtml(w.from)}: <strong>${escapeHtml(message.tenantName)}</strong></td></tr>
<tr><td style="padding:12px 20px;font-size:16px;line-height:1.5">
${paragraphs(message.body)
  .map((p) => `<p style="margin:0 0 14px">${p.map(escapeHtml).join('<br>')}</p>`)
  .join('\n')}
</td></tr>
<tr><td style="padding:12px 20px;background:#fdecee;font-size:15px"><strong>${escapeHtml(w.contact)}:</strong> ${escapeHtml(contact.name)}, <a href="mailto:${escapeHtml(encodeURI(contact.email))}" style="color:#b00020">${escapeHtml(contact.email)}</a>${contact.phone ? `, ${escapeHtml(contact.phone)}` : ''}</td></tr>
<tr><td style="padding:12px 20px;font-size:13px;color:#444;border-top:1px solid #e3b5bb">${escapeHtml(w.notice)}<br>${escapeHtml(w.never)}</td></tr>
</table>
</body></html>`;
  return { subject, senderName, text, html };
}
