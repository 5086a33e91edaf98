import { formatInstant } from '../../documents/money.ts';
import type { Language } from '../../model/tenant.ts';
import { escapeHtml, htmlParagraphs } from '../layout.ts';

export interface ConsentConfirmationFacts {
  /** The controller: the tenant, by its name and country, and whom to ask about one's data. */
  controller: { name: string; country: string; address?: string | undefined; contact: { name: string; email: string } };
  purposeTitle: string;
  textVersion: string;
  /** The text the person agreed to, when the tenant sent it (else only its version is named). */
  text?: string | undefined;
  confirmUrl: string;
  withdrawUrl: string;
  expiresAt: string;
}

const WORDS = {
  sl: {
    subject: (purpose: string) => `Potrdite privolitev: ${purpose}`,
    ask: (controller: string, purpose: string) => `${controller} vas prosi, da potrdite svojo privolitev za namen: ${purpose}.`,
    text: (version: string) => `Besedilo privolitve (različica ${version}):`,
    versionOnly: (version: string) => `Privolitev velja za besedilo različice ${version}, kot vam ga je predložil upravljavec.`,
    confirm: (until: string) => `Za potrditev odprite spodnjo povezavo in pritisnite gumb »Potrjujem«. Povezava deluje enkrat, do ${until}.`,
    button: 'Odpri stran za potrditev',
    ignore: 'Če tega niste zahtevali, sporočilo prezrite: brez vaše potrditve vam za ta namen ne bomo pošiljali ničesar.',
    withdraw: 'Privolitev lahko kadar koli prekličete na tej povezavi:',
    controller: 'Upravljavec vaših osebnih podatkov',
    questions: 'Vprašanja o vaših podatkih',
    footer: (controller: string) => `To sporočilo je v imenu upravljavca ${controller} poslal Skrbnik, ki podatke obdeluje po njegovem naročilu.`,
  },
  en: {
    subject: (purpose: string) => `Please confirm your consent: ${purpose}`,
    ask: (controller: string, purpose: string) => `${controller} asks you to confirm your consent for this purpose: ${purpose}.`,
    text: (version: string) => `The text of the consent (version ${version}):`,
    versionOnly: (version: string) => `The consent covers version ${version} of the text the controller showed you.`,
    confirm: (until: string) => `To confirm, open the link below and press "I confirm". The link works once, until ${until}.`,
    button: 'Open the confirmation page',
    ignore: 'If you did not ask for this, ignore this message: without your confirmation nothing will be sent to you for this purpose.',
    withdraw: 'You can withdraw your consent at any time with this link:',
    controller: 'Controller of your personal data',
    questions: 'Questions about your data',
    footer: (controller: string) => `Skrbnik sent this message on behalf of ${controller}, the controller, for whom it processes the data.`,
  },
} as const;

/**
 * obligation: CON-1 — the double opt-in e-mail: in the tenant's language, from the tenant's name,
 * saying what the purpose is and who the controller is, with the single-use link and its expiry.
 * No image, no tracking: the only links are the confirmation and withdrawal pages.
 */
export function consentConfirmationEmail(language: Language, facts: ConsentConfirmationFacts) {
  const w = WORDS[language];
  const { controller } = facts;
  const until = formatInstant(facts.expiresAt, language);
  const controllerLine = [controller.name, controller.address?.replace(/\n/g, ', '), controller.country].filter(Boolean).join(', ');
  const contactLine = `${controller.contact.name}, ${controller.contact.email}`;
  const subject = w.subject(facts.purposeTitle);
  const text = [
    w.ask(controller.name, facts.purposeTitle),
    '',
    ...(facts.text === undefined ? [w.versionOnly(facts.textVersion)] : [w.text(facts.textVersion), '', facts.text]),
    '',
    w.confirm(until),
    facts.confirmUrl,
    '',
    w.ignore,
    '',
    `${w.controller}: ${controllerLine}`,
    `${w.questions}: ${contactLine}`,
    '',
    w.withdraw,
    facts.withdrawUrl,
    '',
    w.footer(controller.name),
  ].join('\n');
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif;max-width:40em">
<p>${escapeHtml(w.ask(controller.name, facts.purposeTitle))}</p>
${
  facts.text === undefined
    ? `<p>${escapeHtml(w.versionOnly(facts.textVersion))}</p>`
    : `<p>${escapeHtml(w.text(facts.textVersion))}</p>\n<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${htmlParagraphs(facts.text)}</blockquote>`
}
<p>${escapeHtml(w.confirm(until))}</p>
<p><a href="${escapeHtml(facts.confirmUrl)}" style="display:inline-block;padding:0.6em 1.2em;background:#1a5fb4;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(w.button)}</a></p>
<p style="font-size:0.85em;word-break:break-all">${escapeHtml(facts.confirmUrl)}</p>
<p>${escapeHtml(w.ignore)}</p>
<p>${escapeHtml(w.controller)}: ${escapeHtml(controllerLine)}<br>${escapeHtml(w.questions)}: ${escapeHtml(contactLine)}</p>
<p style="font-size:0.85em">${escapeHtml(w.withdraw)} <a href="${escapeHtml(facts.withdrawUrl)}">${escapeHtml(facts.withdrawUrl)}</a></p>
<p style="color:#666;font-size:0.8em">${escapeHtml(w.footer(controller.name))}</p>
</body></html>`;
  return { subject, text, html };
}
