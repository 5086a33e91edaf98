import { putAll } from '../shared/store/batch.ts';
import { newId } from '../shared/ids.ts';
import { runExports } from '../shared/services/exports/exports-job.ts';
import { exportStore } from '../shared/store/exports.ts';
import type { ExportRecord } from '../shared/store/exports.ts';
import { keys } from '../shared/store/keys.ts';
import { TenantScope } from '../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../shared/store/unit-of-work.ts';
import { countRequests } from './request-counter.ts';

/**
 * A full tenant export of 100,000 records on DynamoDB Local and the local S3 server. Import only
 * once the platform has set the environment: the SDK clients read their endpoints when loaded.
 */
/** The tenant, and one a tenth of its size: memory must not grow with the tenant. */
const SIZES = [100, 1000];
/** Per subject: its record (with two lookup HMACs), 4 versions, 90 time entries, 5 audit entries: 100 records. */
const VERSIONS = 4;
const TIME_ENTRIES = 90;
const AUDITS = 5;
const SAMPLE_MS = 20;

export interface ExportFigure {
  records: number;
  subjects: number;
  seconds: number;
  recordsPerSecond: number;
  /** Bytes of NDJSON in the ZIP (uncompressed), and of the ZIP. */
  ndjsonBytes: number;
  zipBytes: number;
  files: number;
  /** DynamoDB requests of the run (queries; the claim and finish writes included). */
  requests: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  heapBeforeMiB: number;
  heapPeakMiB: number;
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** The tenant: profile, and per subject its record, versions, time entries and audit entries. */
async function seedTenant(subjects: number, now: Date): Promise<string> {
  const tenantId = newId(now);
  const at = now.toISOString();
  const items: ({ pk: string; sk: string } & Record<string, unknown>)[] = [
    { ...keys.tenantProfile(tenantId), type: 'tenant', id: tenantId, name: 'Bench d.o.o.', country: 'SI', language: 'en', status: 'active', version: 1, createdAt: at, updatedAt: at },
  ];
  for (let s = 0; s < subjects; s++) {
    const subjectId = newId(new Date(now.getTime() + s));
    const attributeSets = [{ name: 'identity', purpose: 'employment', legalBasis: 'contract', attributes: { firstName: `Ana ${s}`, lastName: 'Novak', email: `ana.${s}@bench.example` } }];
    items.push({
      ...keys.subject(tenantId, subjectId),
      gsi1pk: keys.subjectList(tenantId),
      gsi1sk: `employee#${at}#${subjectId}`,
      type: 'subject',
      id: subjectId,
      category: 'employee',
      endUser: true,
      attributeSets,
      version: VERSIONS,
      lookups: [{ kind: 'email', hmac: `${s}`.padStart(43, 'h') }, { kind: 'taxNumber', hmac: `${s}`.padStart(43, 't') }],
      createdAt: at,
      updatedAt: at,
    });
    for (let v = 1; v <= VERSIONS; v++) {
      const validFrom = new Date(now.getTime() + v).toISOString();
      items.push({ ...keys.subjectVersion(tenantId, subjectId, validFrom, v), type: 'subject-version', id: subjectId, version: v, validFrom, actor: 'key:bench', changed: ['endUser'], attributeSets });
    }
    for (let e = 0; e < TIME_ENTRIES; e++) {
      const when = new Date(Date.UTC(2026, 0, 1) + e * 3_600_000).toISOString();
      const id = newId(now);
      items.push({ pk: keys.timeEntryPartition(tenantId, subjectId), sk: `${when}#${id}`, type: 'time-entry', id, subjectId, entryType: 'clock-in', at: when, deviceId: 'terminal-1', recordedBy: 'key:bench' });
    }
    for (let a = 0; a < AUDITS; a++) {
      items.push({ pk: keys.auditPartition(tenantId, now), sk: `${at}#${newId(now)}${a}`, type: 'audit', at, actor: 'key:bench', action: 'update', entity: 'subject', entityId: subjectId, fields: ['endUser'] });
    }
  }
  await putAll(items);
  return tenantId;
}

/**
 * obligation: EXP-1 — the `exports` job producing one export of a 100,000-record tenant: its time,
 * its DynamoDB requests, and the process's peak memory sampled every 20 ms against the ZIP's size
 * (stream, don't buffer: memory must not grow with the tenant).
 */
export async function measureExport(): Promise<ExportFigure[]> {
  const figures: ExportFigure[] = [];
  for (const subjects of SIZES) figures.push(await measureOne(subjects));
  return figures;
}

async function measureOne(subjects: number): Promise<ExportFigure> {
  const now = new Date();
  const tenantId = await seedTenant(subjects, now);
  const scope = TenantScope.named(tenantId);
  const record: ExportRecord = { id: newId(now), kind: 'full', tenantId, state: 'queued', requestedBy: 'key:bench', createdAt: now.toISOString(), attempts: 0 };
  const uow = new UnitOfWork();
  exportStore(scope).create(uow, record);
  await uow.commit();

  global.gc?.();
  const before = process.memoryUsage();
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, SAMPLE_MS);
  const start = performance.now();
  let summary!: Record<string, number>;
  const requests = await countRequests(async () => (summary = await runExports(now, { remainingMs: () => Number.MAX_SAFE_INTEGER })));
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  if (summary.produced !== 1) throw new Error(`export not produced: ${JSON.stringify(summary)}`);

  const done = (await exportStore(scope).get(record.id))!;
  const records = done.files!.reduce((sum, f) => sum + f.lines, 0);
  return {
    records,
    subjects,
    seconds: Math.round(seconds * 10) / 10,
    recordsPerSecond: Math.round(records / seconds),
    ndjsonBytes: done.files!.reduce((sum, f) => sum + f.bytes, 0),
    zipBytes: done.size!,
    files: done.files!.length,
    requests,
    rssBeforeMiB: mib(before.rss),
    rssPeakMiB: mib(rssPeak),
    heapBeforeMiB: mib(before.heapUsed),
    heapPeakMiB: mib(heapPeak),
  };
}
