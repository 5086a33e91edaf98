import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/clients/dynamodb.ts';
import { runtime } from '../shared/config/runtime.ts';
import { newId } from '../shared/ids.ts';
import { CHUNK_ITEMS, deleteTenants } from '../shared/services/tenant-deletion.ts';
import { deleteAll, putAll } from '../shared/store/batch.ts';
import { chunksOf, deleteChunk, readingAhead } from '../shared/store/chunked-delete.ts';
import type { Key } from '../shared/store/chunked-delete.ts';
import { keys } from '../shared/store/keys.ts';
import { tenantDeletion } from '../shared/store/tenant-deletion.ts';
import { TenantScope } from '../shared/store/tenant-scope.ts';
import { round } from './stats.ts';
import { markDeleting } from '../test/support/deletion.ts';

/**
 * Tenant deletion on DynamoDB Local. Import only once the platform has set the environment: the
 * store's SDK client reads its endpoint when loaded.
 */
const DELETION_SUBJECTS = 1000;
/** Per subject: its record, 4 versions, 2 lookups and 93 time entries. */
const VERSIONS = 4;
const LOOKUPS = 2;
const TIME_ENTRIES = 93;
const ITEMS_PER_SUBJECT = 1 + VERSIONS + LOOKUPS + TIME_ENTRIES;
const WARM_UP_SUBJECTS = 300;
const OVERHEAD_SUBJECTS = 300;
const SEQUENTIAL_SAMPLE = 10_000;

export interface DeletionFigure {
  items: number;
  subjects: number;
  chunkItems: number;
  seedPerSecond: number;
  /** The job: walk, chunks of BatchWrites, a checkpoint per chunk, phases, e-mail, tombstone. */
  jobSeconds: number;
  jobPerSecond: number;
  /** Tenant size of the overhead comparison. */
  overheadItems: number;
  checkpointedPerSecond: number;
  /** The same walk and chunks without any checkpoint (nor e-mail, cache flush or tombstone). */
  uncheckpointedPerSecond: number;
  checkpointOverheadPercent: number;
  /** BatchWrite of keys known in advance (no reads): what DynamoDB Local allows at best. */
  knownKeysPerSecond: number;
  sequentialSample: number;
  sequentialPerSecond: number;
  ratio: number;
}

const hex = (n: number) => n.toString(16).padStart(64, '0');

/**
 * A tenant with `subjects` subjects of ITEMS_PER_SUBJECT items each, written with BatchWrite;
 * `deleting` gives it a billing account the job lists.
 */
async function seedTenant(subjects: number, now: Date, deleting: boolean): Promise<{ tenantId: string; items: number }> {
  const tenantId = newId(now);
  const at = now.toISOString();
  const items: (Key & Record<string, unknown>)[] = [
    {
      ...keys.tenantProfile(tenantId),
      gsi1pk: keys.tenantListPartition,
      gsi1sk: `${at}#${tenantId}`,
      type: 'tenant',
      id: tenantId,
      name: 'Bench d.o.o.',
      country: 'SI',
      language: 'en',
      contacts: { administrator: { name: 'Bench', email: `bench-${tenantId}@skrbnik.local` } },
      status: 'deleting',
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
  ];
  for (let s = 0; s < subjects; s++) {
    const subjectId = newId(new Date(now.getTime() + s));
    const lookups = Array.from({ length: LOOKUPS }, (_, l) => ({ kind: l === 0 ? 'email' : 'taxNumber', hmac: hex(s * LOOKUPS + l) }));
    items.push({
      ...keys.subject(tenantId, subjectId),
      gsi1pk: keys.subjectList(tenantId),
      gsi1sk: `employee#${at}#${subjectId}`,
      type: 'subject',
      id: subjectId,
      category: 'employee',
      endUser: true,
      version: VERSIONS,
      lookups,
    });
    for (let v = 1; v <= VERSIONS; v++) {
      items.push({ ...keys.subjectVersion(tenantId, subjectId, new Date(now.getTime() + v).toISOString(), v), type: 'subject-version', version: v });
    }
    for (const l of lookups) items.push({ ...keys.lookup(tenantId, l.kind, l.hmac, subjectId), type: 'lookup', subjectId });
    for (let e = 0; e < TIME_ENTRIES; e++) {
      const when = new Date(Date.UTC(2026, 0, 1) + e * 3_600_000).toISOString();
      items.push({ pk: keys.timeEntryPartition(tenantId, subjectId), sk: `${when}#${newId(now)}`, type: 'time-entry', entryType: 'clock-in', at: when });
    }
  }
  await putAll(items);
  if (!deleting) return { tenantId, items: items.length - 1 };
  await markDeleting(tenantId, now);
  return { tenantId, items: items.length - 1 };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

const noTimeLimit = { remainingMs: () => Number.MAX_SAFE_INTEGER };

/** The same walks the job makes, chunk by chunk, with no checkpoint and no other phase. */
async function deleteWithoutCheckpoints(tenantId: string, now: Date): Promise<void> {
  const store = tenantDeletion(TenantScope.named(tenantId));
  const walks = [store.apiKeys(), store.subjects(), store.audit(now, now), store.idempotencyRecords(), store.notices(), store.profileLeftovers()];
  for (const walk of walks) for await (const chunk of readingAhead(chunksOf(walk, CHUNK_ITEMS))) await deleteChunk(chunk);
}

const perSecond = (items: number, seconds: number) => items / seconds;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * A 100,000-item tenant deleted by the job; the checkpoints' cost from smaller tenants deleted
 * by the job and by the same walk without checkpoints, in the order A B B A so that DynamoDB
 * Local warming up favours neither; sequential DeleteItem on a sample of known keys. All on the
 * same DynamoDB Local, after a warm-up.
 */
export async function measureDeletion(): Promise<DeletionFigure> {
  const now = new Date();
  let seeded = 0;
  let seedSeconds = 0;
  const seed = async (subjects: number, deleting: boolean) => {
    let tenant!: { tenantId: string; items: number };
    seedSeconds += await timed(async () => (tenant = await seedTenant(subjects, now, deleting)));
    seeded += tenant.items;
    return tenant;
  };
  const byJob = async (subjects: number) => {
    const { items } = await seed(subjects, true);
    let summary: Record<string, number> = {};
    const seconds = await timed(async () => (summary = await deleteTenants(now, noTimeLimit)));
    // Beside the seeded items, the record of the confirmation the job sent.
    if (summary.tenantsFinished !== 1 || summary.itemsDeleted !== items + 1) throw new Error(`the job did not delete the tenant: ${JSON.stringify(summary)}`);
    return { items, seconds };
  };
  const withoutCheckpoints = async (subjects: number) => {
    const { tenantId, items } = await seed(subjects, false);
    return { items, seconds: await timed(() => deleteWithoutCheckpoints(tenantId, now)) };
  };

  await byJob(WARM_UP_SUBJECTS);
  const main = await byJob(DELETION_SUBJECTS);
  const job: number[] = [];
  const plain: number[] = [];
  for (const run of [byJob, withoutCheckpoints, withoutCheckpoints, byJob]) {
    const { items, seconds } = await run(OVERHEAD_SUBJECTS);
    (run === byJob ? job : plain).push(perSecond(items, seconds));
  }

  // The engine's ceiling: BatchWrite of keys known in advance, no reads, no checkpoints.
  const known = await seed(OVERHEAD_SUBJECTS, false);
  const knownKeys: Key[] = [];
  for await (const chunk of chunksOf(tenantDeletion(TenantScope.named(known.tenantId)).subjects(), CHUNK_ITEMS)) knownKeys.push(...chunk.first, ...chunk.last);
  const batchSeconds = await timed(() => deleteAll(knownKeys));

  const sampleTenant = newId(now);
  const sample = Array.from({ length: SEQUENTIAL_SAMPLE }, (_, i) => ({
    pk: keys.timeEntryPartition(sampleTenant, newId(now)),
    sk: `${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()}#${i}`,
    type: 'time-entry',
  }));
  await putAll(sample);
  const sequentialSeconds = await timed(async () => {
    for (const { pk, sk } of sample) await documentClient.send(new DeleteCommand({ TableName: runtime.tableName, Key: { pk, sk } }));
  });

  const jobPerSecond = perSecond(main.items, main.seconds);
  const sequentialPerSecond = perSecond(SEQUENTIAL_SAMPLE, sequentialSeconds);
  return {
    items: main.items,
    subjects: DELETION_SUBJECTS,
    chunkItems: CHUNK_ITEMS,
    seedPerSecond: round(seeded / seedSeconds, 0),
    jobSeconds: round(main.seconds, 1),
    jobPerSecond: round(jobPerSecond, 0),
    overheadItems: OVERHEAD_SUBJECTS * ITEMS_PER_SUBJECT,
    checkpointedPerSecond: round(mean(job), 0),
    uncheckpointedPerSecond: round(mean(plain), 0),
    knownKeysPerSecond: round(perSecond(knownKeys.length, batchSeconds), 0),
    checkpointOverheadPercent: round((1 - mean(job) / mean(plain)) * 100, 1),
    sequentialSample: SEQUENTIAL_SAMPLE,
    sequentialPerSecond: round(sequentialPerSecond, 0),
    ratio: round(jobPerSecond / sequentialPerSecond, 1),
  };
}
