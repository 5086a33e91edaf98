import { EDPB_MEMBERS, supervisoryAuthorityOf } from '../../domain/privacy-requests/supervisory-authority.ts';
import type { RequestType } from '../../domain/privacy-requests/lifecycle.ts';
import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

export interface RequestFacts {
  tenantName: string;
  tenantCountry: string;
  reference: string;
  type: RequestType;
  receivedOn: string;
}

const TYPE_NAMES: Record<RequestType, { sl: string; en: string }> = {
  access: { sl: 'dostop do osebnih podatkov', en: 'access to personal data' },
  rectification: { sl: 'popravek osebnih podatkov', en: 'rectification of personal data' },
  erasure: { sl: 'izbris osebnih podatkov', en: 'erasure of personal data' },
  restriction: { sl: 'omejitev obdelave', en: 'restriction of processing' },
  portability: { sl: 'prenosljivost podatkov', en: 'data portability' },
  objection: { sl: 'ugovor obdelavi', en: 'objection to processing' },
  'consent-withdrawal': { sl: 'preklic privolitve', en: 'withdrawal of consent' },
};

export function typeName(language: Language, type: RequestType): string {
  return TYPE_NAMES[type][language];
}

/** To the requester: who sent it and why, instead of the footer meant for organisations' contacts. */
function requesterFooter(language: Language, facts: RequestFacts): string {
  return language === 'sl'
    ? `To sporočilo vam pošilja ${facts.tenantName} (upravljavec vaših podatkov) prek platforme Skrbnik, ker ste vložili zahtevo. Na sporočilo lahko odgovorite.`
    : `${facts.tenantName} (the controller of your data) sends you this message through the Skrbnik platform because you made a request. You can reply to it.`;
}

/** obligation: DSR-10 — every answer names the right to complain; a refusal also the court. */
function rightsParagraphs(language: Language, country: string, refusal: boolean): string[] {
  const authority = supervisoryAuthorityOf(country);
  if (language === 'sl') {
    return [
      authority
        ? `Če menite, da obdelava vaših osebnih podatkov krši predpise, imate pravico vložiti pritožbo pri nadzornem organu: ${authority.name.sl} (${authority.website}), ali pri nadzornem organu države, kjer prebivate ali delate (${EDPB_MEMBERS}).`
        : `Če menite, da obdelava vaših osebnih podatkov krši predpise, imate pravico vložiti pritožbo pri nadzornem organu države, kjer prebivate, delate ali kjer je prišlo do kršitve (${EDPB_MEMBERS}).`,
      ...(refusal ? ['Imate tudi pravico do učinkovitega pravnega sredstva pred sodiščem (člen 79 Splošne uredbe o varstvu podatkov).'] : []),
    ];
  }
  return [
    authority
      ? `If you consider that the processing of your personal data infringes the law, you have the right to lodge a complaint with a supervisory authority: ${authority.name.en} (${authority.website}), or the authority of the country where you live or work (${EDPB_MEMBERS}).`
      : `If you consider that the processing of your personal data infringes the law, you have the right to lodge a complaint with the supervisory authority of the country where you live or work or where the infringement took place (${EDPB_MEMBERS}).`,
    ...(refusal ? ['You also have the right to an effective judicial remedy before a court (Article 79 GDPR).'] : []),
  ];
}

function notice(language: Language, facts: RequestFacts, subject: string, paragraphs: string[], list: string[] = []) {
  return { subject, ...renderNotice(language, subject, paragraphs, list, requesterFooter(language, facts)) };
}

/** obligation: DSR-2 — the extension, its reason and the new deadline, inside the first month. */
export function extensionNotice(language: Language, facts: RequestFacts, extension: { months: number; reason: string; dueOn: string }) {
  if (language === 'sl') {
    return notice(language, facts, `Podaljšanje roka za odgovor na vašo zahtevo (${facts.reference})`, [
      `Vašo zahtevo za ${typeName('sl', facts.type)}, prejeto ${facts.receivedOn}, obravnavamo. Rok za odgovor podaljšujemo za ${extension.months} ${extension.months === 1 ? 'mesec' : 'meseca'}, do ${extension.dueOn}.`,
      `Razlog: ${extension.reason}`,
      ...rightsParagraphs(language, facts.tenantCountry, false),
    ]);
  }
  return notice(language, facts, `We need more time to answer your request (${facts.reference})`, [
    `We are handling your request for ${typeName('en', facts.type)}, received on ${facts.receivedOn}. We are extending the time to answer by ${extension.months} month${extension.months === 1 ? '' : 's'}, until ${extension.dueOn}.`,
    `Reason: ${extension.reason}`,
    ...rightsParagraphs(language, facts.tenantCountry, false),
  ]);
}

/** obligation: DSR-4 — the fee before anything is charged, and that the request may be withdrawn. */
export function feeNotice(language: Language, facts: RequestFacts, fee: { amount: string; explanation: string }) {
  if (language === 'sl') {
    return notice(language, facts, `Nadomestilo za obravnavo vaše zahteve (${facts.reference})`, [
      `Za vašo zahtevo za ${typeName('sl', facts.type)}, prejeto ${facts.receivedOn}, bomo zaračunali razumno nadomestilo upravnih stroškov: ${fee.amount}.`,
      `Razlog: ${fee.explanation}`,
      'Zahtevo bomo obravnavali, ko bo nadomestilo plačano. Če nadomestila ne želite plačati, lahko zahtevo umaknete z odgovorom na to sporočilo.',
      ...rightsParagraphs(language, facts.tenantCountry, false),
    ]);
  }
  return notice(language, facts, `A fee for handling your request (${facts.reference})`, [
    `For your request for ${typeName('en', facts.type)}, received on ${facts.receivedOn}, we will charge a reasonable fee based on administrative costs: ${fee.amount}.`,
    `Reason: ${fee.explanation}`,
    'We will handle the request once the fee is paid. If you do not wish to pay it, you can withdraw the request by replying to this message.',
    ...rightsParagraphs(language, facts.tenantCountry, false),
  ]);
}

export interface Outcome {
  /** What was done, in the requester's language (built by `outcomeLines`). */
  lines: string[];
  /** The tenant's own words, if any. */
  message?: string;
}

/** obligation: DSR-3, DSR-5, DSR-10 — the answer to a request carried out. */
export function answerNotice(language: Language, facts: RequestFacts, outcome: Outcome) {
  const extra = outcome.message === undefined ? [] : [outcome.message];
  if (language === 'sl') {
    return notice(language, facts, `Odgovor na vašo zahtevo (${facts.reference})`, [
      `Vašo zahtevo za ${typeName('sl', facts.type)}, prejeto ${facts.receivedOn}, smo izvršili.`,
      ...outcome.lines,
      ...extra,
      ...rightsParagraphs(language, facts.tenantCountry, false),
    ]);
  }
  return notice(language, facts, `Answer to your request (${facts.reference})`, [
    `We have carried out your request for ${typeName('en', facts.type)}, received on ${facts.receivedOn}.`,
    ...outcome.lines,
    ...extra,
    ...rightsParagraphs(language, facts.tenantCountry, false),
  ]);
}

/** obligation: DSR-3, DSR-10 — a refusal: its reasons, the right to complain and to a court. */
export function refusalNotice(language: Language, facts: RequestFacts, reason: string) {
  if (language === 'sl') {
    return notice(language, facts, `Odgovor na vašo zahtevo (${facts.reference})`, [
      `Vaši zahtevi za ${typeName('sl', facts.type)}, prejeti ${facts.receivedOn}, ne moremo ugoditi.`,
      `Razlogi: ${reason}`,
      ...rightsParagraphs(language, facts.tenantCountry, true),
    ]);
  }
  return notice(language, facts, `Answer to your request (${facts.reference})`, [
    `We cannot grant your request for ${typeName('en', facts.type)}, received on ${facts.receivedOn}.`,
    `Reasons: ${reason}`,
    ...rightsParagraphs(language, facts.tenantCountry, true),
  ]);
}

/** obligation: DSR-9 — to the data protection contact: type, reference and dates, nothing personal. */
export function deadlineReminderNotice(language: Language, facts: RequestFacts & { dueOn: string; state: string }, overdue: boolean) {
  if (language === 'sl') {
    const subject = overdue ? `Zahteva posameznika ${facts.reference} je zamujena` : `Rok za zahtevo posameznika ${facts.reference} se izteka`;
    return {
      subject,
      ...renderNotice(language, subject, [
        `Zahteva za ${typeName('sl', facts.type)}, prejeta ${facts.receivedOn}, ${overdue ? 'bi morala biti odgovorjena do' : 'mora biti odgovorjena do'} ${facts.dueOn} (stanje: ${facts.state}).`,
        'Odločite o njej z GET /v1/privacy-requests/' + facts.reference + '; rok lahko enkrat podaljšate v prvem mesecu.',
      ]),
    };
  }
  const subject = overdue ? `Privacy request ${facts.reference} is overdue` : `Privacy request ${facts.reference} is nearly due`;
  return {
    subject,
    ...renderNotice(language, subject, [
      `The request for ${typeName('en', facts.type)}, received on ${facts.receivedOn}, ${overdue ? 'had to be answered by' : 'must be answered by'} ${facts.dueOn} (state: ${facts.state}).`,
      `Decide on it via GET /v1/privacy-requests/${facts.reference}; within the first month the deadline can be extended once.`,
    ]),
  };
}

/**
 * obligation: DSR-8 — a request that reached the vendor, forwarded to the controller at once with
 * what the person wrote: the vendor does not answer it.
 */
export function forwardedRequestNotice(language: Language, facts: RequestFacts & { requesterEmail: string; message: string; dueOn: string }) {
  if (language === 'sl') {
    const subject = `Posameznik je Skrbniku poslal zahtevo za ${typeName('sl', facts.type)} (${facts.reference})`;
    return {
      subject,
      ...renderNotice(language, subject, [
        `Zahteva je prispela k Skrbniku kot vašemu obdelovalcu ${facts.receivedOn}. Nanjo ne odgovarjamo; posredujemo jo vam kot upravljavcu.`,
        `Posameznik: ${facts.requesterEmail} (naslov je potrdil s povezavo, ki smo mu jo poslali: nabiralnik je njegov; kdo je, preverite vi)`,
        `Sporočilo: ${facts.message}`,
        `Zahteva je vpisana v vaš seznam zahtev (GET /v1/privacy-requests/${facts.reference}); rok za odgovor je ${facts.dueOn}.`,
      ]),
    };
  }
  const subject = `A person sent Skrbnik a request for ${typeName('en', facts.type)} (${facts.reference})`;
  return {
    subject,
    ...renderNotice(language, subject, [
      `The request reached Skrbnik as your processor on ${facts.receivedOn}. We do not answer it; we forward it to you as the controller.`,
      `From: ${facts.requesterEmail} (confirmed through a link we e-mailed to it: the sender controls this mailbox; who they are is yours to verify)`,
      `Message: ${facts.message}`,
      `It is recorded in your privacy requests (GET /v1/privacy-requests/${facts.reference}); the answer is due by ${facts.dueOn}.`,
    ]),
  };
}
