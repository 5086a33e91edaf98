import { formatInstant } from '../../documents/money.ts';
import type { BreachFacts, Phase } from '../../model/incident.ts';
import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

const TYPES: Record<Language, Record<BreachFacts['types'][number], string>> = {
  sl: { confidentiality: 'zaupnost', integrity: 'celovitost', availability: 'razpoložljivost' },
  en: { confidentiality: 'confidentiality', integrity: 'integrity', availability: 'availability' },
};

const approx = (e: { approximately: number; estimate: boolean }, language: Language) =>
  `${e.estimate ? (language === 'sl' ? 'približno ' : 'about ') : ''}${e.approximately}`;

/** The Art. 33(3) contents as a list, in the reader's language. */
function art33Contents(facts: BreachFacts, language: Language): string[] {
  const sl = language === 'sl';
  const contact = `${facts.contactPoint.name}, ${facts.contactPoint.email}${facts.contactPoint.phone ? `, ${facts.contactPoint.phone}` : ''}`;
  return [
    `${sl ? 'Vrsta kršitve' : 'Type of breach'}: ${facts.types.map((t) => TYPES[language][t]).join(', ')}`,
    `${sl ? 'Narava kršitve' : 'Nature of the breach'}: ${facts.nature}`,
    `${sl ? 'Vrste osebnih podatkov' : 'Categories of personal data'}: ${facts.dataCategories.join(', ')}`,
    `${sl ? 'Vrste posameznikov' : 'Categories of data subjects'}: ${facts.subjectCategories.join(', ')}`,
    `${sl ? 'Število posameznikov' : 'Number of data subjects'}: ${approx(facts.dataSubjects, language)}`,
    `${sl ? 'Število zapisov' : 'Number of records'}: ${approx(facts.records, language)}`,
    `${sl ? 'Verjetne posledice' : 'Likely consequences'}: ${facts.likelyConsequences}`,
    `${sl ? 'Sprejeti ali predlagani ukrepi' : 'Measures taken or proposed'}: ${facts.measures}`,
    `${sl ? 'Kontaktna točka' : 'Contact point'}: ${contact}`,
    ...(facts.rootCause ? [`${sl ? 'Vzrok' : 'Root cause'}: ${facts.rootCause}`] : []),
    ...(facts.remediation ? [`${sl ? 'Odprava' : 'Remediation'}: ${facts.remediation}`] : []),
  ];
}

/**
 * obligation: BRE-2 — the processor's notice to a controller (Art. 33(2)): every Art. 33(3) fact
 * known at this phase, when the vendor became aware, and that the tenant's own 72 hours run from
 * this notice.
 */
export function tenantBreachNotice(language: Language, incident: { id: string; awareAt: string }, phase: Phase) {
  const sl = language === 'sl';
  const subject = sl
    ? `[Kršitev varnosti osebnih podatkov] ${phase.facts.title} (obvestilo ${phase.number})`
    : `[Personal data breach] ${phase.facts.title} (notice ${phase.number})`;
  const opening = sl
    ? `Kot vaš obdelovalec vas obveščamo o kršitvi varnosti osebnih podatkov, ki zadeva podatke vaše organizacije. Za kršitev smo izvedeli ${formatInstant(incident.awareAt, language)}.`
    : `As your processor we are notifying you of a personal data breach that affects your organisation's data. We became aware of it on ${formatInstant(incident.awareAt, language)}.`;
  const phaseLine =
    phase.number === 1
      ? sl
        ? 'To je prvo obvestilo; ko bomo izvedeli več, vam pošljemo dopolnitve.'
        : 'This is the first notice; we will send updates as we learn more.'
      : sl
        ? `Dopolnitev ${phase.number}: ${phase.summary}`
        : `Update ${phase.number}: ${phase.summary}`;
  const yours = sl
    ? `Kot upravljavec morate kršitev morda prijaviti nadzornemu organu v 72 urah. Rok lahko spremljate v Skrbniku: POST /v1/incidents/${incident.id}/clock.`
    : `As controller you may have to notify your supervisory authority within 72 hours. Skrbnik can keep that clock for you: POST /v1/incidents/${incident.id}/clock.`;
  return { subject, ...renderNotice(language, subject, [opening, phaseLine, yours], art33Contents(phase.facts, language)) };
}

/** obligation: BRE-4 — an escalating reminder to the responders (or a tenant's DPO) before the deadline. */
export function clockReminderNotice(language: Language, facts: { title: string; hours: number; deadline: string; incidentId: string }) {
  const sl = language === 'sl';
  const subject = sl
    ? `Rok za prijavo kršitve: ${facts.hours} ur od seznanitve — ${facts.title}`
    : `Breach filing clock: ${facts.hours} hours since awareness — ${facts.title}`;
  const body = sl
    ? `Prijava nadzornemu organu mora biti oddana do ${formatInstant(facts.deadline, language)} (72 ur od seznanitve). Prijava po roku mora navesti razloge za zamudo.`
    : `The notification to the supervisory authority is due by ${formatInstant(facts.deadline, language)} (72 hours from awareness). A later filing must give the reasons for the delay.`;
  return { subject, ...renderNotice(language, subject, [body, `Incident ${facts.incidentId}`]) };
}

/** obligation: BRE-4 — the Art. 33 notification to the supervisory authority, as prepared and sent. */
export function authorityNotification(language: Language, facts: BreachFacts & { awareAt: string; late: boolean; lateReason?: string | undefined; controller: string }) {
  const sl = language === 'sl';
  const subject = sl ? `Prijava kršitve varnosti osebnih podatkov: ${facts.title}` : `Notification of a personal data breach: ${facts.title}`;
  const paragraphs = [
    sl
      ? `Upravljavec ${facts.controller} prijavlja kršitev varnosti osebnih podatkov po 33. členu Splošne uredbe o varstvu podatkov. Za kršitev je izvedel ${formatInstant(facts.awareAt, language)}.`
      : `The controller ${facts.controller} notifies a personal data breach under Article 33 GDPR. It became aware of it on ${formatInstant(facts.awareAt, language)}.`,
    ...(facts.late && facts.lateReason ? [sl ? `Razlogi za zamudo: ${facts.lateReason}` : `Reasons for the delay: ${facts.lateReason}`] : []),
  ];
  return { subject, ...renderNotice(language, subject, paragraphs, art33Contents(facts, language)) };
}
