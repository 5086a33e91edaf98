import type { RequestType } from '../../domain/privacy-requests/lifecycle.ts';
import { formatInstant } from '../../documents/money.ts';
import type { Language } from '../../model/tenant.ts';
import { escapeHtml } from '../layout.ts';
import { typeName } from './privacy-request.ts';

export interface IntakeConfirmationFacts {
  /** The organisation the form names: the tenant, by its name. */
  controllerName: string;
  type: RequestType;
  confirmUrl: string;
  expiresAt: string;
}

const WORDS = {
  sl: {
    subject: (controller: string) => `Potrdite zahtevo za ${controller}`,
    asked: (controller: string, type: string) =>
      `Prek obrazca platforme Skrbnik je nekdo, upamo da vi, prosil, naj organizaciji ${controller} posredujemo zahtevo za ${type}. Skrbnik podatke obdeluje po naročilu te organizacije; o zahtevi odloča in vam odgovori ona.`,
    nothingYet: 'Ničesar še nismo posredovali.',
    confirm: (until: string) => `Zahtevo preverite in posredujete na strani za spodnjo povezavo (gumb »Posreduj zahtevo«). Povezava deluje enkrat, do ${until}.`,
    button: 'Odpri stran za potrditev',
    ignore: (until: string) => `Če zahteve niste poslali vi, sporočilo prezrite: ničesar ne bomo posredovali, vnesene podatke pa bomo po ${until} izbrisali.`,
    footer: 'To sporočilo je poslal Skrbnik, ker je bil ta naslov vpisan v njegov obrazec za zahteve glede osebnih podatkov.',
  },
  en: {
    subject: (controller: string) => `Confirm your request to ${controller}`,
    asked: (controller: string, type: string) =>
      `Someone, we hope you, used the Skrbnik platform's form to ask that a request for ${type} be forwarded to ${controller}. Skrbnik processes data on that organisation's behalf; the organisation decides on the request and answers you.`,
    nothingYet: 'Nothing has been forwarded yet.',
    confirm: (until: string) => `Check and forward the request on the page behind the link below (the "Forward my request" button). The link works once, until ${until}.`,
    button: 'Open the confirmation page',
    ignore: (until: string) => `If you did not send this request, ignore this message: nothing will be forwarded, and what was entered is deleted after ${until}.`,
    footer: 'Skrbnik sent this message because this address was entered in its form for requests about personal data.',
  },
} as const;

/**
 * obligation: DSR-8, CON-1 — the double opt-in e-mail of the vendor's intake, in the language the
 * form asked for (else the tenant's): whom the request would go to, of what type, that nothing
 * has gone yet, and the single-use link with its expiry. It never quotes the message the form
 * carried (anyone can type one: it would be our sender's spam); the page behind the link shows
 * it to the address's owner before they confirm.
 */
export function intakeConfirmationEmail(language: Language, facts: IntakeConfirmationFacts) {
  const w = WORDS[language];
  const until = formatInstant(facts.expiresAt, language);
  const type = typeName(language, facts.type);
  const subject = w.subject(facts.controllerName);
  const text = [w.asked(facts.controllerName, type), '', w.nothingYet, w.confirm(until), facts.confirmUrl, '', w.ignore(until), '', w.footer].join('\n');
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif;max-width:40em">
<p>${escapeHtml(w.asked(facts.controllerName, type))}</p>
<p>${escapeHtml(w.nothingYet)} ${escapeHtml(w.confirm(until))}</p>
<p><a href="${escapeHtml(facts.confirmUrl)}" style="display:inline-block;padding:0.6em 1.2em;background:#1a5fb4;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(w.button)}</a></p>
<p style="font-size:0.85em;word-break:break-all">${escapeHtml(facts.confirmUrl)}</p>
<p>${escapeHtml(w.ignore(until))}</p>
<p style="color:#666;font-size:0.8em">${escapeHtml(w.footer)}</p>
</body></html>`;
  return { subject, text, html };
}
