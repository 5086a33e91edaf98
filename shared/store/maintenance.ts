import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type {
  MaintenanceNoticeKind,
  MaintenanceNoticeRecord,
  MaintenanceView,
  NotPlannedReason,
} from '../http/schemas/maintenance.ts';
import { CLAIM_LEASE_MS } from '../notices/outbox.ts';
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

export type TopicClaim = 'claimed' | 'published' | 'in-flight';

export const maintenanceStore = {
  /** The maintenance and its open marker, in the caller's transaction. */
  create(uow: UnitOfWork, m: StoredMaintenance): void {
    uow.put('maintenance', { Item: toItem(m), ConditionExpression: 'attribute_not_exists(pk)' });
    uow.put('maintenance-open', { Item: { ...keys.openMaintenance(m.startsAt, m.id), type: 'maintenance-open', maintenanceId: m.id } });
  },

  /** The maintenance and its notice records, in one strongly consistent query. */
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
    const notices = Items.filter((i) => String(i.sk).startsWith('NOTICE#')).map(
      (i) => withoutStorage(i, ['claimedAt']) as MaintenanceNoticeRecord,
    );
    return { maintenance: fromItem(item), notices };
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
   * Claims the topic publication of one notice, like the outbox claims an e-mail: `claimed`
   * (publish now), `published` (done before), `in-flight` (another run holds a fresh claim). The
   * lease runs on the wall clock, so a retry of a crashed run with the same scheduled time still
   * sees the claim grow stale.
   */
  async claimTopic(id: string, kind: MaintenanceNoticeKind, dueAt: Date): Promise<TopicClaim> {
    const wallClock = Date.now();
    const key = keys.maintenanceNotice(id, kind);
    try {
      await documentClient.send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: { ...key, type: 'maintenance-notice', kind, status: 'publishing', dueAt: dueAt.toISOString(), claimedAt: wallClock },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :publishing AND claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':publishing': 'publishing', ':staleBefore': wallClock - CLAIM_LEASE_MS },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }));
      return Item?.status === 'publishing' ? 'in-flight' : 'published';
    }
  },

  async markPublished(id: string, kind: MaintenanceNoticeKind, messageId: string, at: string): Promise<void> {
    await documentClient.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.maintenanceNotice(id, kind),
        UpdateExpression: 'SET #status = :published, topicMessageId = :id, publishedAt = :at REMOVE claimedAt',
        ConditionExpression: '#status = :publishing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':published': 'published', ':publishing': 'publishing', ':id': messageId, ':at': at },
      }),
    );
  },

  /** The notice is out to the topic and every tenant; after the completion, nothing is left to send. */
  markSent(uow: UnitOfWork, m: StoredMaintenance, kind: MaintenanceNoticeKind, sentAt: string, tenants: number): void {
    uow.update('maintenance-notice-sent', {
      Key: keys.maintenanceNotice(m.id, kind),
      UpdateExpression: 'SET #status = :sent, sentAt = :at, tenants = :tenants',
      ConditionExpression: '#status = :published',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':published': 'published', ':at': sentAt, ':tenants': tenants },
    });
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
