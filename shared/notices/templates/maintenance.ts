import { componentList, durationText, maintenanceTitle, windowText } from '../../documents/maintenance-text.ts';
import { formatInstant } from '../../documents/money.ts';
import type { Bilingual, Component, MaintenanceNoticeKind } from '../../model/maintenance.ts';
import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

export interface MaintenanceFacts {
  startsAt: string;
  endsAt: string;
  expectedMaxDurationMinutes: number;
  components: Component[];
  description: Bilingual;
  emergency: boolean;
  startedAt?: string | undefined;
  completedAt?: string | undefined;
  overrun: boolean;
}

const SUBJECTS: Record<MaintenanceNoticeKind, Record<Language, string>> = {
  announcement: { sl: 'Napoved', en: 'Announced' },
  reminder: { sl: 'Opomnik: začetek čez eno uro', en: 'Reminder: starts in one hour' },
  start: { sl: 'Začelo se je', en: 'Started' },
  overrun: { sl: 'Traja dlje od napovedanega', en: 'Taking longer than announced' },
  completion: { sl: 'Končano', en: 'Completed' },
};

function lead(kind: MaintenanceNoticeKind, f: MaintenanceFacts, language: Language): string {
  const sl = language === 'sl';
  switch (kind) {
    case 'announcement':
      return sl
        ? `Vzdrževanje bo potekalo ${windowText(f, language)} (največ ${durationText(f.expectedMaxDurationMinutes)}).`
        : `Maintenance will take place ${windowText(f, language)} (at most ${durationText(f.expectedMaxDurationMinutes)}).`;
    case 'reminder':
      return sl
        ? `Vzdrževanje se začne čez eno uro, ${formatInstant(f.startsAt, language)}, in bo trajalo največ ${durationText(f.expectedMaxDurationMinutes)}.`
        : `Maintenance starts in one hour, ${formatInstant(f.startsAt, language)}, and will take at most ${durationText(f.expectedMaxDurationMinutes)}.`;
    case 'start':
      return sl
        ? `Vzdrževanje se je začelo ${formatInstant(f.startedAt ?? f.startsAt, language)}; končano bo najpozneje ${formatInstant(f.endsAt, language)}.`
        : `Maintenance started ${formatInstant(f.startedAt ?? f.startsAt, language)}; it will be over by ${formatInstant(f.endsAt, language)}.`;
    case 'overrun':
      return sl
        ? `Vzdrževanje ni končano v napovedanem času (do ${formatInstant(f.endsAt, language)}). Ko bo končano, vas obvestimo.`
        : `Maintenance did not finish within the announced window (until ${formatInstant(f.endsAt, language)}). We will tell you when it is completed.`;
    case 'completion':
      return sl
        ? `Vzdrževanje je bilo končano ${formatInstant(f.completedAt!, language)}${f.overrun ? ', po napovedanem času' : ''}. Vse storitve delujejo.`
        : `Maintenance was completed ${formatInstant(f.completedAt!, language)}${f.overrun ? ', after the announced window' : ''}. All services are available.`;
  }
}

/**
 * obligation: MNT-2 — one notice of a maintenance in the tenant's language: what happens, when
 * (Ljubljana time, the zone named), for how long at most, what is affected, and why.
 */
export function maintenanceNotice(language: Language, kind: MaintenanceNoticeKind, facts: MaintenanceFacts) {
  const title = maintenanceTitle(facts, language);
  const subject = `${title} — ${SUBJECTS[kind][language]}`;
  const sl = language === 'sl';
  const details = [
    sl ? `Okno: ${windowText(facts, language)}` : `Window: ${windowText(facts, language)}`,
    sl ? `Prizadeto: ${componentList(facts.components, language)}` : `Affected: ${componentList(facts.components, language)}`,
  ];
  if (facts.emergency) {
    details.push(sl ? 'Nujno delo: ni napovedano v pogodbenem roku.' : 'Emergency work: not announced within the contractual lead time.');
  }
  const paragraphs = [
    lead(kind, facts, language),
    facts.description[language],
    sl ? 'Stanje sproti objavljamo na javni strani stanja (/v1/status).' : 'Live status is on the public status page (/v1/status).',
  ];
  return { subject, ...renderNotice(language, subject, paragraphs, details) };
}

/** The topic message: one per notice for every subscriber, so machine-readable and in both languages. */
export function maintenanceTopicMessage(id: string, kind: MaintenanceNoticeKind, facts: MaintenanceFacts) {
  const en = maintenanceNotice('en', kind, facts);
  const sl = maintenanceNotice('sl', kind, facts);
  return {
    // SNS subjects are ASCII-safe and at most 100 characters.
    subject: `Skrbnik maintenance ${kind}: ${facts.components.join(', ')}`.slice(0, 100),
    body: JSON.stringify({
      kind: 'maintenance',
      notice: kind,
      maintenanceId: id,
      startsAt: facts.startsAt,
      endsAt: facts.endsAt,
      startedAt: facts.startedAt,
      completedAt: facts.completedAt,
      components: facts.components,
      emergency: facts.emergency,
      overrun: facts.overrun,
      subject: { sl: sl.subject, en: en.subject },
      text: { sl: sl.text, en: en.text },
    }),
    attributes: { kind: 'maintenance', notice: kind, maintenanceId: id },
  };
}
