import type { RequestType } from '../domain/privacy-requests/lifecycle.ts';
import type { Language } from '../model/tenant.ts';
import { escapeHtml, htmlParagraphs } from '../notices/layout.ts';
import { typeName } from '../notices/templates/privacy-request.ts';
import { publicPage } from './consent-pages.ts';
import type { LinkFailure } from './consent-pages.ts';
import { formatDate } from './money.ts';

/**
 * obligation: DSR-8, CON-1 — the public pages behind the intake's confirmation link. Opening the
 * link (GET) shows the request and a button and forwards nothing (mail scanners fetch links); the
 * button's form POST confirms. Only the owner of the address has the link, so the page may show
 * the message the form carried: they see what would go out in their name before it does.
 */
export interface IntakePageFacts {
  controllerName: string;
  type: RequestType;
}

const WORDS = {
  sl: {
    promptTitle: 'Potrdite svojo zahtevo',
    prompt: (f: IntakePageFacts) => `Organizaciji ${f.controllerName} bomo posredovali vašo zahtevo za ${typeName('sl', f.type)}, z vašim e-poštnim naslovom, da vam lahko odgovori.`,
    message: 'Vaše sporočilo:',
    button: 'Posreduj zahtevo',
    notYou: 'Če zahteve niste poslali vi, te strani ne potrjujte: ničesar ne bomo posredovali.',
    forwardedTitle: 'Zahteva je posredovana',
    forwarded: (f: IntakePageFacts, reference: string, dueOn: string) =>
      `Vaša zahteva za ${typeName('sl', f.type)} je posredovana organizaciji ${f.controllerName} (sklic ${reference}). Organizacija o njej odloči in vam odgovori; rok za odgovor je ${dueOn}. Skrbnik podatke obdeluje po njenem naročilu in na zahteve ne odgovarja sam.`,
    invalidTitle: 'Povezava ni veljavna',
    invalid: 'Te povezave ne poznamo. Preverite, ali ste jo v celoti kopirali iz sporočila.',
    usedTitle: 'Zahteva je že potrjena',
    used: 'To zahtevo ste že potrdili in je posredovana. Ničesar več ni treba storiti.',
    expiredTitle: 'Povezava je potekla',
    expired: 'Rok za potrditev je potekel. Če zahteve niste potrdili prej, ni bila posredovana; če jo želite poslati, znova izpolnite obrazec.',
  },
  en: {
    promptTitle: 'Confirm your request',
    prompt: (f: IntakePageFacts) => `We will forward your request for ${typeName('en', f.type)} to ${f.controllerName}, with your e-mail address so that they can answer you.`,
    message: 'Your message:',
    button: 'Forward my request',
    notYou: 'If you did not send this request, do not confirm it: nothing will be forwarded.',
    forwardedTitle: 'Your request was forwarded',
    forwarded: (f: IntakePageFacts, reference: string, dueOn: string) =>
      `Your request for ${typeName('en', f.type)} was forwarded to ${f.controllerName} (reference ${reference}). They decide on it and answer you; the answer is due by ${dueOn}. Skrbnik processes data on their behalf and does not answer requests itself.`,
    invalidTitle: 'This link is not valid',
    invalid: 'We do not know this link. Check that you copied all of it from the message.',
    usedTitle: 'This request was already confirmed',
    used: 'You confirmed this request already and it was forwarded. There is nothing more to do.',
    expiredTitle: 'This link has expired',
    expired: 'The time to confirm has passed. If you had not confirmed the request before, it was not forwarded; to send it, fill in the form again.',
  },
} as const;

/** The page the link opens: what would be forwarded, and the button whose POST forwards it. */
export function intakePromptPage(language: Language, facts: IntakePageFacts & { message: string }): string {
  const w = WORDS[language];
  return publicPage(
    language,
    w.promptTitle,
    `<p>${escapeHtml(w.prompt(facts))}</p>
<p>${escapeHtml(w.message)}</p>
<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${htmlParagraphs(facts.message)}</blockquote>
<form method="post"><button type="submit">${escapeHtml(w.button)}</button></form>
<p>${escapeHtml(w.notYou)}</p>`,
  );
}

/** After the confirmation, and for every later click on the same link until it expires. */
export function intakeForwardedPage(language: Language, facts: IntakePageFacts & { reference: string; dueOn: string }): string {
  const w = WORDS[language];
  return publicPage(language, w.forwardedTitle, `<p>${escapeHtml(w.forwarded(facts, facts.reference, formatDate(facts.dueOn, language)))}</p>`);
}

/** What a person sees when the link cannot be used: nothing was changed. */
export function intakeLinkFailurePage(language: Language, failure: LinkFailure): string {
  const w = WORDS[language];
  return publicPage(language, w[`${failure}Title`], `<p>${escapeHtml(w[failure])}</p>`);
}
