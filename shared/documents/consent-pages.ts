import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import { formatInstant } from './money.ts';

/**
 * obligation: CON-1 — the public pages behind the consent links. Opening a link (GET) only shows a
 * page with a button: mail scanners that fetch links do not confirm anything; the button's form
 * POST does. The pages load nothing from elsewhere and run no script (the API's page CSP).
 */
export interface ConsentPageFacts {
  controllerName: string;
  purposeTitle: string;
  textVersion: string;
}

const WORDS = {
  sl: {
    confirmTitle: 'Potrditev privolitve',
    confirmAsk: (f: ConsentPageFacts) => `${f.controllerName} vas prosi za potrditev privolitve za namen: ${f.purposeTitle} (besedilo različice ${f.textVersion}).`,
    confirmButton: 'Potrjujem',
    confirmedTitle: 'Privolitev je potrjena',
    confirmed: (f: ConsentPageFacts, at: string) => `Hvala. ${at} ste potrdili privolitev za namen: ${f.purposeTitle}. Upravljavec: ${f.controllerName}.`,
    withdrawHint: 'Privolitev lahko kadar koli prekličete:',
    withdrawLink: 'preklic privolitve',
    withdrawTitle: 'Preklic privolitve',
    withdrawAsk: (f: ConsentPageFacts) => `Ali želite preklicati privolitev, ki ste jo dali upravljavcu ${f.controllerName} za namen: ${f.purposeTitle}?`,
    withdrawButton: 'Prekliči privolitev',
    withdrawnTitle: 'Privolitev je preklicana',
    withdrawn: (f: ConsentPageFacts) => `Za namen »${f.purposeTitle}« vam upravljavec ${f.controllerName} ne bo več pošiljal ničesar. Preklic velja takoj.`,
    invalidTitle: 'Povezava ni veljavna',
    invalid: 'Te povezave ne poznamo. Preverite, ali ste jo v celoti kopirali iz sporočila.',
    usedTitle: 'Povezava je že uporabljena',
    used: 'Ta povezava je bila že uporabljena ali jo je nadomestila novejša. Nič nismo spremenili.',
    expiredTitle: 'Povezava je potekla',
    expired: 'Rok za potrditev je potekel. Nič nismo spremenili; če želite privoliti, prosite upravljavca za novo povezavo.',
  },
  en: {
    confirmTitle: 'Confirm your consent',
    confirmAsk: (f: ConsentPageFacts) => `${f.controllerName} asks you to confirm your consent for this purpose: ${f.purposeTitle} (text version ${f.textVersion}).`,
    confirmButton: 'I confirm',
    confirmedTitle: 'Your consent is confirmed',
    confirmed: (f: ConsentPageFacts, at: string) => `Thank you. On ${at} you confirmed your consent for this purpose: ${f.purposeTitle}. Controller: ${f.controllerName}.`,
    withdrawHint: 'You can withdraw your consent at any time:',
    withdrawLink: 'withdraw consent',
    withdrawTitle: 'Withdraw your consent',
    withdrawAsk: (f: ConsentPageFacts) => `Do you want to withdraw the consent you gave ${f.controllerName} for this purpose: ${f.purposeTitle}?`,
    withdrawButton: 'Withdraw my consent',
    withdrawnTitle: 'Your consent is withdrawn',
    withdrawn: (f: ConsentPageFacts) => `${f.controllerName} will send you nothing more for "${f.purposeTitle}". The withdrawal takes effect at once.`,
    invalidTitle: 'This link is not valid',
    invalid: 'We do not know this link. Check that you copied all of it from the message.',
    usedTitle: 'This link was already used',
    used: 'This link was used already, or a newer one replaced it. Nothing was changed.',
    expiredTitle: 'This link has expired',
    expired: 'The time to confirm has passed. Nothing was changed; to consent, ask the controller for a new link.',
  },
} as const;

/** A public page behind a link sent by e-mail: loads nothing from elsewhere and runs no script. */
export function publicPage(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}button{font-size:1em;padding:0.6em 1.4em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

/** The page a confirmation link opens: a button, whose POST confirms. */
export function confirmPromptPage(language: Language, facts: ConsentPageFacts): string {
  const w = WORDS[language];
  return publicPage(language, w.confirmTitle, `<p>${escapeHtml(w.confirmAsk(facts))}</p>
<form method="post"><button type="submit">${escapeHtml(w.confirmButton)}</button></form>`);
}

export function confirmedPage(language: Language, facts: ConsentPageFacts & { confirmedAt: string; withdrawUrl: string }): string {
  const w = WORDS[language];
  return publicPage(language, w.confirmedTitle, `<p>${escapeHtml(w.confirmed(facts, formatInstant(facts.confirmedAt, language)))}</p>
<p>${escapeHtml(w.withdrawHint)} <a href="${escapeHtml(facts.withdrawUrl)}">${escapeHtml(w.withdrawLink)}</a></p>`);
}

export function withdrawPromptPage(language: Language, facts: ConsentPageFacts): string {
  const w = WORDS[language];
  return publicPage(language, w.withdrawTitle, `<p>${escapeHtml(w.withdrawAsk(facts))}</p>
<form method="post"><button type="submit">${escapeHtml(w.withdrawButton)}</button></form>`);
}

export function withdrawnPage(language: Language, facts: ConsentPageFacts): string {
  const w = WORDS[language];
  return publicPage(language, w.withdrawnTitle, `<p>${escapeHtml(w.withdrawn(facts))}</p>`);
}

export type LinkFailure = 'invalid' | 'used' | 'expired';

/** What a person sees when a link cannot be used: nothing was changed. */
export function linkFailurePage(language: Language, failure: LinkFailure): string {
  const w = WORDS[language];
  return publicPage(language, w[`${failure}Title`], `<p>${escapeHtml(w[failure])}</p>`);
}
