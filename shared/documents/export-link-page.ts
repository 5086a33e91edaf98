import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import { publicPage } from './consent-pages.ts';
import { formatInstant } from './money.ts';

const WORDS = {
  sl: {
    title: 'Vaši osebni podatki',
    ask: (controller: string, until: string) => `${controller} vam pošilja kopijo vaših osebnih podatkov (datoteka JSON). Prenos je mogoč do ${until}.`,
    button: 'Prenesi podatke',
    invalidTitle: 'Povezava ni veljavna',
    invalid: 'Te povezave ne poznamo. Preverite, ali ste jo v celoti kopirali iz sporočila.',
    goneTitle: 'Podatkov ni več',
    gone: 'Kopija vaših podatkov je bila na voljo sedem dni in je izbrisana. Če jo še potrebujete, se obrnite na organizacijo, ki vam jo je poslala.',
  },
  en: {
    title: 'Your personal data',
    ask: (controller: string, until: string) => `${controller} sends you a copy of your personal data (a JSON file). You can download it until ${until}.`,
    button: 'Download my data',
    invalidTitle: 'This link is not valid',
    invalid: 'We do not know this link. Check that you copied all of it from the message.',
    goneTitle: 'The copy is no longer here',
    gone: 'The copy of your data was available for seven days and has been deleted. If you still need it, ask the organisation that sent it to you.',
  },
} as const;

/**
 * obligation: DSR-5 — the page a data subject's export link opens: what it is and a button, whose
 * POST gives the download. Opening the link fetches nothing and records nothing, so a mail scanner
 * that follows it neither downloads the data nor appears in the disclosure log.
 */
export function exportLinkPage(language: Language, facts: { controllerName: string; expiresAt: string }): string {
  const w = WORDS[language];
  return publicPage(language, w.title, `<p>${escapeHtml(w.ask(facts.controllerName, formatInstant(facts.expiresAt, language)))}</p>
<form method="post"><button type="submit">${escapeHtml(w.button)}</button></form>`);
}

/** What a person sees when the link cannot be used: unknown (404), or expired or deleted (410). */
export function exportLinkFailurePage(language: Language, problemType: string): string {
  const w = WORDS[language];
  const gone = problemType === '/problems/link-expired' || problemType === '/problems/export-gone';
  return publicPage(language, gone ? w.goneTitle : w.invalidTitle, `<p>${escapeHtml(gone ? w.gone : w.invalid)}</p>`);
}
