import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type {
  MaintenanceNoticeKind,
  MaintenanceNoticeRecord,
  MaintenanceView,
  NotPlannedReason,
} from '../model/maintenance.ts';
import { actOnceIn } from '../notices/outbox.ts';
import type { NoticeOutcome } from '../notices/outbox.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/**
 * Maintenance items: vendor-level, outside every tenant's key space. The stored form has no
 * derived fields (`status`, `overrun`): those depend on the time they are read at.
 */
export type StoredMaintenance = Omit<MaintenanceView, 'status' | 'overrun' | 'notices'> & {
  createdBy: string;
  startedBy?: string;
  completedBy?: string;
};

const ITEM_TYPE = 'maintenance';
const index = TABLE.indexes.byType;

const LIST: PartitionQuery = {
  indexName: index.name,
  partitionAttribute: index.partitionKey,
  partitionValue: keys.maintenanceList,
  keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
};

function toItem(m: StoredMaintenance) {
  return {
    ...keys.maintenance(m.id),
    [index.partitionKey]: keys.maintenanceList,
    [index.sortKey]: `${m.startsAt}#${m.id}`,
    type: ITEM_TYPE,
    ...m,
  };
}

const fromItem = (item: Record<string, unknown>) => withoutStorage(item) as StoredMaintenance;

/** The outbox kind of a notice's topic message: its record is `TOPIC#<notice kind>` in the maintenance's partition. */
const TOPIC = 'TOPIC';
const NOTICE_PREFIX = 'NOTICE#';

/**
 * A notice as the operator reads it: the topic message from its outbox record (claimed, then
 * published with the message id), the rest (every tenant e-mailed, or superseded) from the
 * notice's own record.
 */
function noticeViews(items: Record<string, unknown>[]): MaintenanceNoticeRecord[] {
  const topics = new Map<string, Record<string, unknown>>();
  const views = new Map<string, MaintenanceNoticeRecord>();
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.startsWith(`${TOPIC}#`)) topics.set(String(item.subjectId), item);
    else if (sk.startsWith(NOTICE_PREFIX)) views.set(String(item.kind), withoutStorage(item) as MaintenanceNoticeRecord);
  }
  for (const [kind, topic] of topics) {
    const published = topic.status === 'sent';
    const fromTopic = {
      ...(published ? { publishedAt: topic.sentAt as string } : {}),
      ...(typeof topic.messageId === 'string' ? { topicMessageId: topic.messageId } : {}),
    };
    const notice = views.get(kind);
    views.set(kind, notice ? { ...notice, ...fromTopic } : ({ kind, status: published ? 'published' : 'publishing', ...fromTopic } as MaintenanceNoticeRecord));
  }
  return [...views.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

export const maintenanceStore = {
  /** The maintenance and its open marker, in the caller's transaction. */
  create(uow: UnitOfWork, m: StoredMaintenance): void {
    uow.put('maintenance', { Item: toItem(m), ConditionExpression: 'attribute_not_exists(pk)' });
    uow.put('maintenance-open', { Item: { ...keys.openMaintenance(m.startsAt, m.id), type: 'maintenance-open', maintenanceId: m.id } });
  },

  /** The maintenance and its notices (with their topic records), in one strongly consistent query. */
  async get(id: string): Promise<{ maintenance: StoredMaintenance; notices: MaintenanceNoticeRecord[] } | undefined> {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.maintenancePartition(id) },
        ConsistentRead: true,
      }),
    );
    const item = Items.find((i) => i.sk === 'MAINTENANCE');
    if (!item) return undefined;
    return { maintenance: fromItem(item), notices: noticeViews(Items) };
  },

  async list(limit: number, cursor?: string) {
    const { items, nextCursor } = await queryPage(LIST, limit, cursor);
    return { items: items.map(fromItem), ...(nextCursor === undefined ? {} : { nextCursor }) };
  },

  /** Every maintenance starting at or after `from` (the status page's window), by start. */
  async *startingFrom(from: Date): AsyncGenerator<StoredMaintenance> {
    const range = { attribute: index.sortKey, from: from.toISOString(), to: '~' };
    for await (const item of queryAll({ ...LIST, sortKeyRange: range })) yield fromItem(item);
  },

  /** Ids of maintenance that still has notices to come. */
  async openIds(): Promise<string[]> {
    const ids: string[] = [];
    const open: PartitionQuery = {
      partitionAttribute: TABLE.partitionKey,
      partitionValue: keys.openMaintenancePartition,
      keyAttributes: TABLE_KEY_ATTRIBUTES,
    };
    for await (const item of queryAll(open)) ids.push(String(item.maintenanceId));
    return ids;
  },

  /** Records the start once; a completed maintenance cannot start again. */
  recordStart(uow: UnitOfWork, m: StoredMaintenance, startedAt: string, actor: string): void {
    uow.update('maintenance-start', {
      Key: keys.maintenance(m.id),
      UpdateExpression: 'SET startedAt = :at, startedBy = :by, #version = #version + :one',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(startedAt) AND attribute_not_exists(completedAt)',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':at': startedAt, ':by': actor, ':one': 1 },
    });
  },

  /** Records the completion once (and the start, if nobody recorded it yet). */
  recordCompletion(uow: UnitOfWork, m: StoredMaintenance, completedAt: string, actor: string): void {
    uow.update('maintenance-completion', {
      Key: keys.maintenance(m.id),
      UpdateExpression: 'SET completedAt = :at, completedBy = :by, startedAt = if_not_exists(startedAt, :start), #version = #version + :one',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedAt)',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':at': completedAt, ':by': actor, ':start': m.startsAt, ':one': 1 },
    });
  },

  /** The job's start at the announced time, unless someone recorded one; false if already started. */
  async autoStart(m: StoredMaintenance): Promise<boolean> {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.maintenance(m.id),
          UpdateExpression: 'SET startedAt = :at, startedBy = :by, #version = #version + :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(startedAt)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':at': m.startsAt, ':by': 'job:maintenance-notices', ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },

  /** When the announcement was out, and whether the work still counts as planned (SLA-2). */
  async recordAnnounced(id: string, announcedAt: string, planned: { countsAsPlanned: boolean; notPlannedReason?: NotPlannedReason }) {
    await documentClient.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.maintenance(id),
        UpdateExpression: `SET announcedAt = :at, countsAsPlanned = :planned, #version = #version + :one${planned.notPlannedReason ? ', notPlannedReason = :reason' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(announcedAt)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':at': announcedAt,
          ':planned': planned.countsAsPlanned,
          ':one': 1,
          ...(planned.notPlannedReason ? { ':reason': planned.notPlannedReason } : {}),
        },
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  },

  /**
   * Publishes one notice to the topic once, through the outbox's claim with its lease (SEC-5):
   * `publish` returns what to record of it (the message id).
   */
  publishTopicOnce(id: string, kind: MaintenanceNoticeKind, publish: () => Promise<{ messageId: string }>): Promise<NoticeOutcome> {
    return actOnceIn(keys.maintenancePartition(id), TOPIC, kind, publish);
  },

  /**
   * The notice is out to the topic (its outbox record says sent) and every tenant; after the
   * completion, nothing is left to send. Recorded once.
   */
  markSent(uow: UnitOfWork, m: StoredMaintenance, notice: { kind: MaintenanceNoticeKind; dueAt: Date }, sentAt: string, tenants: number): void {
    uow.conditionCheck('maintenance-topic-published', {
      Key: { pk: keys.maintenancePartition(m.id), sk: `${TOPIC}#${notice.kind}` },
      ConditionExpression: '#status = :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent' },
    });
    uow.put('maintenance-notice-sent', {
      Item: { ...keys.maintenanceNotice(m.id, notice.kind), type: 'maintenance-notice', kind: notice.kind, status: 'sent', dueAt: notice.dueAt.toISOString(), sentAt, tenants },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const kind = notice.kind;
    if (kind === 'completion') uow.delete('maintenance-closed', { Key: keys.openMaintenance(m.startsAt, m.id) });
  },

  /** A due notice that a later one made pointless: recorded, so it is never sent late. */
  async markSuperseded(id: string, kind: MaintenanceNoticeKind, by: MaintenanceNoticeKind, at: string): Promise<void> {
    await documentClient
      .send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: { ...keys.maintenanceNotice(id, kind), type: 'maintenance-notice', kind, status: 'superseded', supersededBy: by, supersededAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  },
};
