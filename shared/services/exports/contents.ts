import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../clients/dynamodb.ts';
import { runtime } from '../../config/runtime.ts';
import { keys } from '../../store/keys.ts';
import { TABLE } from '../../store/table.ts';
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
 * (24-hour replays of responses), and the export records themselves.
 */
const NOT_EXPORTED_TYPES = new Set(['lookup', 'idempotency', 'export']);

/** An item as an export shows it; `undefined` for items that are never exported. */
export function exportable(item: Record<string, unknown>): { entity: string; value: Record<string, unknown> } | undefined {
  const entity = typeof item.type === 'string' && /^[a-z][a-z0-9-]{0,62}$/.test(item.type) ? item.type : 'other';
  if (NOT_EXPORTED_TYPES.has(entity)) return undefined;
  const value = Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL.has(name) && !SECRET.test(name)));
  return { entity, value };
}

/** Counts the requests an export makes, for its summary and the benchmark. */
export interface ReadCounter {
  requests: number;
}

/** Every item of one partition (of the table, strongly consistent, or of the type index), page by page. */
export async function* partitionItems(
  partitionValue: string,
  counter: ReadCounter,
  options: { indexed?: boolean; sortKeyPrefix?: string; attributes?: readonly string[] } = {},
): AsyncGenerator<Record<string, unknown>> {
  const partitionKey = options.indexed ? index.partitionKey : TABLE.partitionKey;
  const sortKey = options.indexed ? index.sortKey : TABLE.sortKey;
  const names = Object.fromEntries((options.attributes ?? []).map((a, i) => [`#a${i}`, a]));
  let start: Record<string, unknown> | undefined;
  do {
    counter.requests++;
    const page = await documentClient.send(
      new QueryCommand({
        TableName: runtime.tableName,
        ...(options.indexed ? { IndexName: index.name } : { ConsistentRead: true }),
        KeyConditionExpression: options.sortKeyPrefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
        ...(options.attributes ? { ProjectionExpression: Object.keys(names).join(', ') } : {}),
        ExpressionAttributeNames: { ...names, '#pk': partitionKey, ...(options.sortKeyPrefix === undefined ? {} : { '#sk': sortKey }) },
        ExpressionAttributeValues: { ':pk': partitionValue, ...(options.sortKeyPrefix === undefined ? {} : { ':prefix': options.sortKeyPrefix }) },
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

/** UTC months from `from` to `to`, both included: the audit partitions a tenant can have. */
function monthsBetween(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (let m = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); m <= to; m.setUTCMonth(m.getUTCMonth() + 1)) months.push(new Date(m));
  return months;
}

/**
 * obligation: EXP-1 — every partition that holds a tenant's data, found by key or through the
 * type index, never by a scan (the same places a tenant deletion walks, docs/data-model.md):
 * the tenant's own partition (profile, keys, seats, privacy requests, disclosures, campaigns, …),
 * each subject's partition (record or tombstone, versions, consents) and its time entries, the
 * audit months, the notice log, and the billing and metering partitions. Lookup partitions hold
 * HMACs only and are not read. A new entity in any of these partitions is exported without a
 * change here; a new partition must be added here (test/api/exports.test.ts compares an export
 * with everything in the tenant's key space).
 */
export async function* tenantPartitions(scope: TenantScope, createdAt: Date, until: Date, counter: ReadCounter): AsyncGenerator<string> {
  const t = scope.tenantId;
  yield keys.noticePartition(t);
  yield keys.billingPartition(t);
  yield keys.meterPartition(t);
  for (const month of monthsBetween(createdAt, until)) yield keys.auditPartition(t, month);
  const seen = new Set<string>();
  const attributes = ['id', 'tenantId'];
  const lists = [
    partitionItems(keys.subjectList(t), counter, { indexed: true, attributes }),
    partitionItems(keys.erasedList(t), counter, { indexed: true, attributes }),
    partitionItems(keys.erasingList, counter, { indexed: true, attributes }),
  ];
  for (const list of lists) {
    for await (const item of list) {
      const id = item.id as string;
      if ((item.tenantId !== undefined && item.tenantId !== t) || seen.has(id)) continue;
      seen.add(id);
      yield keys.subjectPartition(t, id);
      yield keys.timeEntryPartition(t, id);
    }
  }
}
