import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import { publicPage } from './consent-pages.ts';
import { formatInstant } from './money.ts';

const WORDS = {
  sl: {
    title: 'Vaši osebni podatki',
    ask: (controller: string, until: string) => `${controller} vam pošilja kopijo vaših osebnih podatkov (datoteka JSON). Prenos je mogoč do ${until}.`,
    button: 'Prenesi podatke',
  },
  en: {
    title: 'Your personal data',
    ask: (controller: string, until: string) => `${controller} sends you a copy of your personal data (a JSON file). You can download it until ${until}.`,
    button: 'Download my data',
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
