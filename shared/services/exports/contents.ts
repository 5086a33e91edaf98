import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../clients/dynamodb.ts';
import { runtime } from '../../config/runtime.ts';
import { auditMonths } from '../../store/audit.ts';
import { keys } from '../../store/keys.ts';
import { INTAKE_ITEM_TYPES } from '../../store/privacy-request-intakes.ts';
import { partitionOf, queryAll } from '../../store/query.ts';
import type { ReadCounter } from '../../store/query.ts';
import { TABLE } from '../../store/table.ts';
import { tenantSubjectIds } from '../../store/tenant-deletion.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';

const index = TABLE.indexes.byType;

/**
 * What an export never holds, whatever the item: the table's own keys and index keys (internal),
 * the TTL, and secrets — API keys' secret hashes, blind-index HMACs (`lookups`), link-token
 * hashes. Attribute names with `hash`, `hmac` or `secret` in them are left out at the top level
 * of every item, so a new entity's secret is left out without anyone remembering to.
 */
const INTERNAL = new Set<string>([TABLE.partitionKey, TABLE.sortKey, index.partitionKey, index.sortKey, TABLE.ttlAttribute, 'lookups']);
const SECRET = /hash|hmac|secret/i;

/**
 * Items that are not the tenant's data: blind-index entries (HMACs only), idempotency records
 * (24-hour replays of responses), the export records themselves, and the vendor's intake forms
 * still waiting for their sender's confirmation with the day's e-mail counts (DSR-8: nothing of
 * them reaches the tenant before the confirmation; the request it makes is exported).
 */
// An owed authorizer flush is the platform's own bookkeeping (TEN-2): ids and a time, nothing of the tenant's.
const NOT_EXPORTED_TYPES = new Set<string>(['lookup', 'idempotency', 'export', 'authorizer-flush-owed', ...INTAKE_ITEM_TYPES]);

/** An item as an export shows it; `undefined` for items that are never exported. */
export function exportable(item: Record<string, unknown>): { entity: string; value: Record<string, unknown> } | undefined {
  const entity = typeof item.type === 'string' && /^[a-z][a-z0-9-]{0,62}$/.test(item.type) ? item.type : 'other';
  if (NOT_EXPORTED_TYPES.has(entity)) return undefined;
  const value = Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL.has(name) && !SECRET.test(name)));
  return { entity, value };
}

/** Every item of one partition (of the table, strongly consistent, or of the type index), page by page. */
export function partitionItems(
  partitionValue: string,
  counter: ReadCounter,
  options: { indexed?: boolean; sortKeyPrefix?: string; attributes?: readonly string[] } = {},
): AsyncGenerator<Record<string, unknown>> {
  return queryAll(partitionOf(partitionValue, options), counter);
}

/** What a production reads as one unit: a partition, or one data subject (its record first). */
export type ExportSource = { partition: string } | { subjectId: string };

/**
 * obligation: EXP-1, DSR-6 — one data subject's items. Its record is read first, strongly
 * consistent: of a subject whose record is a tombstone (erasing or erased) the export holds the
 * non-personal tombstone and nothing else, even while its versions, time entries, consents and
 * exports still await deletion (an erasure cut short, or one whose remains are being deleted as
 * this runs). Only a live subject's two partitions are read, its record again with them. A
 * subject erased after that first read is the erasure's to handle: the export was running then,
 * so the erasure restarts it, or withdraws it if it became ready (deleteSubjectExports).
 */
export async function* subjectItems(scope: TenantScope, subjectId: string, counter: ReadCounter): AsyncGenerator<Record<string, unknown>> {
  const t = scope.tenantId;
  counter.requests++;
  const { Item: record } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.subject(t, subjectId), ConsistentRead: true }));
  if (record === undefined) return;
  if (record.type !== 'subject') {
    yield record;
    return;
  }
  yield* partitionItems(keys.subjectPartition(t, subjectId), counter);
  yield* partitionItems(keys.timeEntryPartition(t, subjectId), counter);
}

/** The items of one source, as a production reads them. */
export function sourceItems(scope: TenantScope, source: ExportSource, counter: ReadCounter): AsyncGenerator<Record<string, unknown>> {
  return 'partition' in source ? partitionItems(source.partition, counter) : subjectItems(scope, source.subjectId, counter);
}

/**
 * obligation: EXP-1 — every partition that holds a tenant's data, found by key or through the
 * type index, never by a scan (the same places a tenant deletion walks, docs/data-model.md):
 * the tenant's own partition (profile, keys, seats, privacy requests, disclosures, campaigns, …),
 * each subject (record or tombstone, versions, consents, time entries: `subjectItems`), the
 * audit months, the notice log, and the billing and metering partitions. Lookup partitions hold
 * HMACs only and are not read. A new entity in any of these partitions is exported without a
 * change here; a new partition must be added here (test/api/exports.test.ts compares an export
 * with everything in the tenant's key space). The subjects being erased are listed too: their
 * tombstones belong in the export (what stays of them is decided per subject, `subjectItems`).
 */
export async function* tenantSources(scope: TenantScope, createdAt: Date, until: Date, counter: ReadCounter): AsyncGenerator<ExportSource> {
  const t = scope.tenantId;
  yield { partition: keys.noticePartition(t) };
  yield { partition: keys.billingPartition(t) };
  yield { partition: keys.meterPartition(t) };
  for (const month of auditMonths(createdAt, until)) yield { partition: keys.auditPartition(t, month) };
  for await (const subjectId of tenantSubjectIds(scope, counter)) yield { subjectId };
}
