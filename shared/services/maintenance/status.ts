import { maintenanceTitle, windowText } from '../../documents/maintenance-text.ts';
import { overrunAt, statusAt } from '../../domain/maintenance.ts';
import type { Bilingual, Component, MaintenanceStatus } from '../../model/maintenance.ts';
import type { StatusFeedKind } from '../../model/status.ts';
import { maintenanceStore } from '../../store/maintenance.ts';
import type { StoredMaintenance } from '../../store/maintenance.ts';
import { listEntries } from '../../store/status-feed.ts';

/** How far back the status page reaches for past maintenance and incident notices. */
export const STATUS_HISTORY_DAYS = 90;

export type StatusSection = 'current' | 'upcoming' | 'past' | 'notice';

/** One thing the status page shows: the HTML page and both feeds render exactly these. */
export interface StatusItem {
  id: string;
  kind: StatusFeedKind;
  section: StatusSection;
  title: Bilingual;
  body: Bilingual;
  publishedAt: string;
  /** The latest change (start, completion), for feed readers. */
  updatedAt: string;
  status?: string;
  startsAt?: string;
  endsAt?: string;
  completedAt?: string;
  components?: Component[];
  emergency?: boolean;
  overrun?: boolean;
}

const SECTION: Record<MaintenanceStatus, StatusSection> = { 'in-progress': 'current', scheduled: 'upcoming', completed: 'past' };

function maintenanceItem(m: StoredMaintenance, now: Date): StatusItem {
  const status = statusAt(m, now);
  const times = [m.createdAt, m.startedAt, m.completedAt].filter((t): t is string => t !== undefined).sort();
  return {
    id: m.id,
    kind: 'maintenance',
    section: SECTION[status],
    title: { sl: maintenanceTitle(m, 'sl'), en: maintenanceTitle(m, 'en') },
    // Only the public parts: the window and the operator's public description; never who or which tenants.
    body: {
      sl: `${windowText(m, 'sl')}. ${m.description.sl}`,
      en: `${windowText(m, 'en')[0]!.toUpperCase()}${windowText(m, 'en').slice(1)}. ${m.description.en}`,
    },
    publishedAt: m.createdAt,
    updatedAt: times.at(-1)!,
    status,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    ...(m.completedAt === undefined ? {} : { completedAt: m.completedAt }),
    components: m.components,
    emergency: m.emergency,
    overrun: overrunAt(m, now),
  };
}

const bySection: Record<StatusSection, number> = { current: 0, upcoming: 1, past: 2, notice: 3 };

/**
 * obligation: MNT-2, BRE-3 — what the status page shows at `now`: maintenance in progress, coming
 * and completed in the last 90 days (and any older one still not completed), and the incident
 * notices of the last 90 days. Current and upcoming by start, past and notices newest first.
 */
export async function statusItems(now: Date): Promise<StatusItem[]> {
  const since = new Date(now.getTime() - STATUS_HISTORY_DAYS * 86_400_000);
  const seen = new Map<string, StoredMaintenance>();
  for await (const m of maintenanceStore.startingFrom(since)) seen.set(m.id, m);
  for (const id of await maintenanceStore.openIds()) {
    if (seen.has(id)) continue;
    const found = await maintenanceStore.get(id);
    if (found) seen.set(id, found.maintenance);
  }
  const items = [...seen.values()]
    .map((m) => maintenanceItem(m, now))
    .filter((i) => i.section !== 'past' || i.completedAt! >= since.toISOString());
  for (const entry of await listEntries({ since })) {
    items.push({ ...entry, section: 'notice', updatedAt: entry.publishedAt });
  }
  return items.sort((a, b) => {
    if (a.section !== b.section) return bySection[a.section] - bySection[b.section];
    if (a.section === 'current' || a.section === 'upcoming') return a.startsAt!.localeCompare(b.startsAt!) || a.id.localeCompare(b.id);
    const at = (i: StatusItem) => i.completedAt ?? i.publishedAt;
    return at(b).localeCompare(at(a)) || b.id.localeCompare(a.id);
  });
}
