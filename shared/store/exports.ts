import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** `full`: all of a tenant's data (EXP-1); `subject`: one data subject's, for an access or portability request (DSR-5). */
export type ExportKind = 'full' | 'subject';

/**
 * queued → running → ready → expired; running → failed after its attempts; ready → withdrawn
 * when an erasure makes its content unlawful to keep (DSR-6).
 */
export type ExportState = 'queued' | 'running' | 'ready' | 'failed' | 'expired' | 'withdrawn';

/** One file of a full export: its name in the ZIP, the entity (item type) and its line count. */
export interface ExportFile {
  name: string;
  entity: string;
  lines: number;
  /** Uncompressed. */
  bytes: number;
}

export interface ExportRecord {
  id: string;
  kind: ExportKind;
  tenantId: string;
  /** Subject exports only. */
  subjectId?: string;
  /** Subject exports: the privacy request it fulfils. */
  requestId?: string;
  state: ExportState;
  /** Who asked (the API key's actor, or the privacy request's service). */
  requestedBy: string;
  createdAt: string;
  /** Production runs started so far (full exports). */
  attempts: number;
  /** The run that holds the export while `running`, and until when. */
  runId?: string;
  leaseUntil?: string;
  startedAt?: string;
  readyAt?: string;
  /** obligation: EXP-2 — seven days after `readyAt`. */
  expiresAt?: string;
  expiredAt?: string;
  failedAt?: string;
  withdrawnAt?: string;
  withdrawnReason?: 'erasure';
  objectKey?: string;
  size?: number;
  files?: ExportFile[];
}

/** obligation: EXP-2 — an export (and every link to it) lives seven days from when it is ready. */
export const EXPORT_DAYS = 7;

export const expiryOf = (readyAt: Date) => new Date(readyAt.getTime() + EXPORT_DAYS * 86_400_000);

/** The work list's sort key: when the job must next look at the export. */
const due = (record: ExportRecord, at: string) => `${at}#${record.tenantId}#${record.id}`;

function keyOf(record: Pick<ExportRecord, 'tenantId' | 'id' | 'kind' | 'subjectId'>) {
  return record.kind === 'subject' ? keys.subjectExport(record.tenantId, record.subjectId!, record.id) : keys.tenantExport(record.tenantId, record.id);
}

function itemOf(record: ExportRecord, dueAt: string | undefined) {
  return {
    ...keyOf(record),
    type: 'export',
    ...(dueAt === undefined ? {} : { [index.partitionKey]: keys.exportWorkList, [index.sortKey]: due(record, dueAt) }),
    ...record,
  };
}

const recordOf = (item: Record<string, unknown>) => withoutStorage(item) as unknown as ExportRecord;

/** A conditional write lost: another run or request moved the export on. */
export class ExportMovedOn extends Error {
  constructor() {
    super('The export is no longer in the state this write expected');
  }
}

async function update(key: { pk: string; sk: string }, input: { set: Record<string, unknown>; remove?: string[]; condition: string; values?: Record<string, unknown> }) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...input.values };
  const sets = Object.entries(input.set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = (input.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const conditionNames = Object.fromEntries([...input.condition.matchAll(/#(\w+)/g)].map((m) => [`#${m[1]}`, m[1]!]));
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: input.condition,
        ExpressionAttributeNames: { ...names, ...conditionNames },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ExportMovedOn();
    throw error;
  }
}

/** A tenant's export records: full exports in its partition, subject exports in each subject's. */
export function exportStore(scope: TenantScope) {
  const t = scope.tenantId;
  const fullExports = { partitionAttribute: TABLE.partitionKey, partitionValue: keys.tenantPartition(t), keyAttributes: TABLE_KEY_ATTRIBUTES, sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.exportPrefix } };

  return {
    /** A queued full export, due for production at once. */
    create(uow: UnitOfWork, record: ExportRecord): void {
      uow.put('export', { Item: itemOf(record, record.createdAt), ConditionExpression: 'attribute_not_exists(pk)' });
    },

    /** A subject export is written ready, due for expiry at `expiresAt`. */
    async putReady(record: ExportRecord): Promise<void> {
      await documentClient.send(new PutCommand({ TableName: runtime.tableName, Item: itemOf(record, record.expiresAt!) }));
    },

    /** Strongly consistent: an erasure re-reads an export a run may just have finished (DSR-6). */
    async get(exportId: string): Promise<ExportRecord | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.tenantExport(t, exportId), ConsistentRead: true }));
      return Item ? recordOf(Item) : undefined;
    },

    async getSubjectExport(subjectId: string, exportId: string): Promise<ExportRecord | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.subjectExport(t, subjectId, exportId), ConsistentRead: true }));
      return Item ? recordOf(Item) : undefined;
    },

    /** Full exports, oldest first, one page. */
    async page(limit: number, cursor: string | undefined) {
      const { items, nextCursor } = await queryPage(fullExports, limit, cursor);
      return { items: items.map(recordOf), nextCursor };
    },

    /** Full exports an erasure must settle (DSR-6): only a ready or a running one can hold the subject. */
    async *fullReadyOrRunning(): AsyncGenerator<ExportRecord> {
      for await (const item of queryAll({ ...fullExports, filter: { attribute: 'state', oneOf: ['ready', 'running'] satisfies ExportState[] } })) yield recordOf(item);
    },
  };
}

/** Exports whose due time has come, across tenants, in due order (the `exports` job's work). */
export async function* dueExports(now: Date): AsyncGenerator<ExportRecord> {
  const query = {
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.exportWorkList,
    keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
    sortKeyRange: { attribute: index.sortKey, from: '0', to: `${now.toISOString()}#~` },
  };
  for await (const item of queryAll(query)) yield recordOf(item);
}

/**
 * The state changes of an export, each on the condition that it is still where the caller saw
 * it, so two runs (or a run and an erasure) never both act on it.
 */
export const exportTransitions = {
  /** queued, or running under a lease that ran out (a crashed run): this run takes it over from scratch. */
  async claim(record: ExportRecord, runId: string, now: Date, leaseUntil: Date): Promise<ExportRecord> {
    const claimed: ExportRecord = { ...record, state: 'running', runId, leaseUntil: leaseUntil.toISOString(), startedAt: now.toISOString(), attempts: record.attempts + 1 };
    await update(keyOf(record), {
      set: { state: 'running', runId, leaseUntil: claimed.leaseUntil, startedAt: claimed.startedAt, attempts: claimed.attempts, [index.sortKey]: due(record, claimed.leaseUntil!) },
      condition: '#state = :queued OR (#state = :running AND #leaseUntil < :now)',
      values: { ':queued': 'queued', ':running': 'running', ':now': now.toISOString() },
    });
    return claimed;
  },

  /** Only the run holding the export may finish it. */
  async ready(record: ExportRecord, result: Required<Pick<ExportRecord, 'objectKey' | 'size' | 'files' | 'readyAt' | 'expiresAt'>>): Promise<void> {
    await update(keyOf(record), {
      set: { ...result, state: 'ready', [index.sortKey]: due(record, result.expiresAt) },
      remove: ['runId', 'leaseUntil'],
      condition: '#state = :running AND #runId = :runId',
      values: { ':running': 'running', ':runId': record.runId },
    });
  },

  async failed(record: ExportRecord, now: Date): Promise<void> {
    await update(keyOf(record), {
      set: { state: 'failed', failedAt: now.toISOString() },
      remove: ['runId', 'leaseUntil', index.partitionKey, index.sortKey],
      condition: '#state = :state',
      values: { ':state': record.state },
    });
  },

  /** obligation: EXP-2 — the object is gone; the record stays, unlisted, as the trace. */
  async expired(record: ExportRecord, now: Date): Promise<void> {
    await update(keyOf(record), {
      set: { state: 'expired', expiredAt: now.toISOString() },
      remove: ['objectKey', index.partitionKey, index.sortKey],
      condition: '#state = :ready',
      values: { ':ready': 'ready' },
    });
  },

  /** obligation: DSR-6 — a ready full export held an erased subject's data: its object is gone. */
  async withdrawn(record: ExportRecord, now: Date): Promise<void> {
    await update(keyOf(record), {
      set: { state: 'withdrawn', withdrawnAt: now.toISOString(), withdrawnReason: 'erasure' },
      remove: ['objectKey', index.partitionKey, index.sortKey],
      condition: '#state = :ready',
      values: { ':ready': 'ready' },
    });
  },

  /**
   * obligation: DSR-6 — an export being produced while a subject is erased may already hold the
   * subject: it starts again from scratch (the running run's finish then fails its condition).
   */
  async restart(record: ExportRecord, now: Date): Promise<void> {
    await update(keyOf(record), {
      set: { state: 'queued', [index.partitionKey]: keys.exportWorkList, [index.sortKey]: due(record, now.toISOString()) },
      remove: ['runId', 'leaseUntil'],
      condition: '#state = :running AND #runId = :runId',
      values: { ':running': 'running', ':runId': record.runId },
    });
  },
};
