import { newId } from '../shared/ids.ts';
import { purge } from '../shared/services/retention/purge.ts';
import { putAll } from '../shared/store/batch.ts';
import type { Key } from '../shared/store/chunked-delete.ts';
import { keys } from '../shared/store/keys.ts';
import { countRequests } from './request-counter.ts';
import { round } from './stats.ts';

/**
 * The purge on DynamoDB Local. Import only once the platform has set the environment: the store's
 * SDK client reads its endpoint when loaded.
 */
const PURGE_SUBJECTS = 10_000;
/** Every other subject loses its only set (erased), the others one of two sets (a new version, history redacted). */
const ended = { name: 'former', purpose: 'employment contract', legalBasis: 'contract', basisEndedOn: '2019-06-30', attributes: { firstName: 'Ana', note: 'x'.repeat(200) } };
const open = { name: 'current', purpose: 'service contract', legalBasis: 'contract', attributes: { firstName: 'Ana' } };

export interface PurgeFigure {
  subjects: number;
  erased: number;
  partial: number;
  setsRemoved: number;
  versionsRedacted: number;
  seconds: number;
  subjectsPerSecond: number;
  setsPerSecond: number;
  requests: number;
  requestsPerSubject: number;
}

/** A tenant with `subjects` subjects (record and first version each), written with BatchWrite. */
async function seedTenant(subjects: number, created: Date): Promise<string> {
  const tenantId = newId(created);
  const at = created.toISOString();
  const items: (Key & Record<string, unknown>)[] = [
    { ...keys.tenantProfile(tenantId), gsi1pk: keys.tenantListPartition, gsi1sk: `${at}#${tenantId}`, type: 'tenant', id: tenantId, name: 'Bench d.o.o.', country: 'SI', language: 'en', status: 'active', version: 1, createdAt: at, updatedAt: at },
  ];
  for (let s = 0; s < subjects; s++) {
    const when = new Date(created.getTime() + s).toISOString();
    const id = newId(new Date(created.getTime() + s));
    const subject = { id, category: 'employee', endUser: false, attributeSets: s % 2 === 0 ? [ended] : [ended, open], version: 1, createdAt: when, updatedAt: when };
    items.push({ ...keys.subject(tenantId, id), gsi1pk: keys.subjectList(tenantId), gsi1sk: `employee#${when}#${id}`, type: 'subject', lookups: [], ...subject });
    items.push({ ...keys.subjectVersion(tenantId, id, when, 1), type: 'subject-version', version: 1, validFrom: when, actor: 'bench', changed: ['attributeSets'], state: subject });
  }
  await putAll(items);
  return tenantId;
}

const noTimeLimit = { remainingMs: () => Number.MAX_SAFE_INTEGER };

export async function measurePurge(subjects = PURGE_SUBJECTS): Promise<PurgeFigure> {
  const created = new Date(Date.UTC(2026, 0, 5));
  await seedTenant(subjects, created);
  const now = new Date(Date.UTC(2027, 0, 10, 1, 30));
  let summary: Record<string, number> = {};
  const start = performance.now();
  const requests = await countRequests(async () => {
    summary = await purge(now, noTimeLimit);
  });
  const seconds = (performance.now() - start) / 1000;
  return {
    subjects,
    erased: summary.subjectsErased!,
    partial: summary.setsRemoved! - summary.subjectsErased!,
    setsRemoved: summary.setsRemoved!,
    versionsRedacted: summary.versionsRedacted!,
    seconds: round(seconds, 1),
    subjectsPerSecond: round(subjects / seconds, 0),
    setsPerSecond: round(summary.setsRemoved! / seconds, 0),
    requests,
    requestsPerSubject: round(requests / subjects, 1),
  };
}
