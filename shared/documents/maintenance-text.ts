import type { Component, MaintenanceStatus } from '../model/maintenance.ts';
import type { Language } from '../model/tenant.ts';
import { formatInstant } from './money.ts';

/** The words the e-mails, the status page and the feeds share, so they name things alike. */
export const COMPONENT_LABELS: Record<Component, Record<Language, string>> = {
  api: { sl: 'API', en: 'API' },
  capture: { sl: 'zajem podatkov', en: 'data capture' },
  exports: { sl: 'izvozi', en: 'exports' },
  notices: { sl: 'obvestila', en: 'notices' },
  billing: { sl: 'obračun', en: 'billing' },
};

export const STATUS_LABELS: Record<MaintenanceStatus, Record<Language, string>> = {
  scheduled: { sl: 'načrtovano', en: 'scheduled' },
  'in-progress': { sl: 'v teku', en: 'in progress' },
  completed: { sl: 'končano', en: 'completed' },
};

export function componentList(components: readonly Component[], language: Language): string {
  return components.map((c) => COMPONENT_LABELS[c][language]).join(', ');
}

/** `Planned maintenance: API, data capture` / `Nujno vzdrževanje: API`. */
export function maintenanceTitle(m: { emergency: boolean; components: readonly Component[] }, language: Language): string {
  const label =
    language === 'sl'
      ? m.emergency ? 'Nujno vzdrževanje' : 'Načrtovano vzdrževanje'
      : m.emergency ? 'Emergency maintenance' : 'Planned maintenance';
  return `${label}: ${componentList(m.components, language)}`;
}

/** The announced window in words, in Ljubljana time with the zone named. */
export function windowText(m: { startsAt: string; endsAt: string }, language: Language): string {
  return language === 'sl'
    ? `od ${formatInstant(m.startsAt, language)} do največ ${formatInstant(m.endsAt, language)}`
    : `from ${formatInstant(m.startsAt, language)} until at most ${formatInstant(m.endsAt, language)}`;
}

/** `3 h 30 min` in either language. */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const min = minutes % 60;
  return [h > 0 ? `${h} h` : '', min > 0 ? `${min} min` : ''].filter(Boolean).join(' ');
}
