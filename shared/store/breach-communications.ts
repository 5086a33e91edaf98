import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { BreachCommunication, BreachCommunicationRecipient, SkipReason } from '../model/breach-communication.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** A campaign as stored: the view plus where the sending stands. */
export interface StoredCampaign extends BreachCommunication {
  /** Where the next page starts: an index into the listed ids, or a subject-list cursor. */
  cursor?: string;
  /** How often the audience was walked; a walk that left claims in flight is walked again. */
  pass: number;
}

/** What one page of sending adds to the campaign's counters. */
export interface PageCounts {
  sent: number;
  failed: number;
  skippedBy: Partial<Record<SkipReason, number>>;
}

const recordStatus = (status: string): BreachCommunicationRecipient['status'] =>
  status === 'claimed' ? 'sending' : (status as BreachCommunicationRecipient['status']);

/** obligation: BRE-5, TEN-3 — a tenant's Art. 34 campaigns and their per-recipient log. */
export function breachCommunicationRepository(scope: TenantScope) {
  const t = scope.tenantId;
  const noticePrefix = (campaignId: string) => `${keys.breachCommunicationNoticeKind(campaignId)}#`;
  const recipientsQuery = (campaignId: string): PartitionQuery => ({
    partitionAttribute: TABLE.partitionKey,
    partitionValue: keys.noticePartition(t),
    keyAttributes: TABLE_KEY_ATTRIBUTES,
    sortKeyPrefix: { attribute: TABLE.sortKey, prefix: noticePrefix(campaignId) },
  });

  return {
    /** The campaign, listed for the sending job, and (for listed subjects) its audience item. */
    create(uow: UnitOfWork, campaign: StoredCampaign, subjectIds: string[] | undefined): void {
      uow.put('breach-communication', {
        Item: {
          ...keys.breachCommunication(t, campaign.id),
          type: 'breach-communication',
          [index.partitionKey]: keys.activeBreachCommunicationsList,
          [index.sortKey]: `${campaign.createdAt}#${t}#${campaign.id}`,
          tenantId: t,
          ...campaign,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      if (subjectIds !== undefined) {
        // One string rather than a list: 10,000 ids take 270 KB, within one item's 400 KB.
        uow.put('breach-communication-audience', {
          Item: { ...keys.breachCommunicationAudience(t, campaign.id), type: 'breach-communication-audience', subjectIds: subjectIds.join(',') },
          ConditionExpression: 'attribute_not_exists(pk)',
        });
      }
    },

    async get(campaignId: string): Promise<StoredCampaign | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.breachCommunication(t, campaignId), ConsistentRead: true }),
      );
      return Item ? (withoutStorage(Item, ['tenantId']) as unknown as StoredCampaign) : undefined;
    },

    async list(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(
        {
          partitionAttribute: TABLE.partitionKey,
          partitionValue: keys.tenantPartition(t),
          keyAttributes: TABLE_KEY_ATTRIBUTES,
          sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.breachCommunicationPrefix },
        },
        limit,
        cursor,
      );
      return { items: items.map((i) => withoutStorage(i, ['tenantId']) as unknown as StoredCampaign), nextCursor };
    },

    async audience(campaignId: string): Promise<string[]> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.breachCommunicationAudience(t, campaignId), ConsistentRead: true }),
      );
      const joined = (Item?.subjectIds as string | undefined) ?? '';
      return joined === '' ? [] : joined.split(',');
    },

    /** After a page: where the next one starts, and what this one added to the counters. */
    async checkpoint(campaignId: string, cursor: string | undefined, counts: PageCounts, now: Date): Promise<void> {
      const adds: [string, number][] = [
        ['recipients.sent', counts.sent],
        ['recipients.failed', counts.failed],
        ...Object.entries(counts.skippedBy).map(([reason, n]) => [`skippedBy.${reason}`, n] as [string, number]),
      ];
      const skipped = Object.values(counts.skippedBy).reduce((a, b) => a + b, 0);
      if (skipped > 0) adds.push(['recipients.skipped', skipped]);
      const names: Record<string, string> = { '#status': 'status', '#cursor': 'cursor' };
      const values: Record<string, unknown> = { ':sending': 'sending', ':completed': 'completed', ':now': now.toISOString() };
      const addParts = adds.map(([path, n], i) => {
        const parts = path.split('.').map((part, j) => {
          names[`#a${i}_${j}`] = part;
          return `#a${i}_${j}`;
        });
        values[`:a${i}`] = n;
        return `${parts.join('.')} :a${i}`;
      });
      await documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.breachCommunication(t, campaignId),
          UpdateExpression: `SET #status = :sending, startedAt = if_not_exists(startedAt, :now)${cursor === undefined ? '' : ', #cursor = :cursor'}${addParts.length > 0 ? ` ADD ${addParts.join(', ')}` : ''}${cursor === undefined ? ' REMOVE #cursor' : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND #status <> :completed',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: cursor === undefined ? values : { ...values, ':cursor': cursor },
        }),
      );
    },

    /** The walk found claims still in flight: walk the audience again in a later run. */
    async nextPass(campaignId: string): Promise<void> {
      await documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.breachCommunication(t, campaignId),
          UpdateExpression: 'SET pass = pass + :one REMOVE #cursor',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :completed',
          ExpressionAttributeNames: { '#status': 'status', '#cursor': 'cursor' },
          ExpressionAttributeValues: { ':one': 1, ':completed': 'completed' },
        }),
      );
    },

    /** Done: the exact counts from the log replace the running ones, and the job lists it no more. */
    async complete(campaignId: string, exact: Pick<BreachCommunication, 'recipients' | 'skippedBy'>, now: Date): Promise<void> {
      await documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.breachCommunication(t, campaignId),
          UpdateExpression: 'SET #status = :completed, completedAt = :now, startedAt = if_not_exists(startedAt, :now), recipients = :recipients, skippedBy = :skippedBy REMOVE #cursor, #gpk, #gsk',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :completed',
          ExpressionAttributeNames: { '#status': 'status', '#cursor': 'cursor', '#gpk': index.partitionKey, '#gsk': index.sortKey },
          ExpressionAttributeValues: { ':completed': 'completed', ':now': now.toISOString(), ':recipients': exact.recipients, ':skippedBy': exact.skippedBy },
        }),
      );
    },

    /**
     * A recipient that gets no message: its record in the notice log, once. Returns false when
     * the recipient already has a record (a rerun of the page).
     */
    async recordOutcome(campaignId: string, subjectId: string, status: 'skipped' | 'failed', reason: string, now: Date): Promise<boolean> {
      const kind = keys.breachCommunicationNoticeKind(campaignId);
      try {
        await documentClient.send(
          new PutCommand({
            TableName: runtime.tableName,
            Item: { pk: keys.noticePartition(t), sk: `${kind}#${subjectId}`, type: 'notice', kind, subjectId, status, reason, at: now.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** One page of the per-recipient log, without addresses. */
    async recipients(campaignId: string, limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(recipientsQuery(campaignId), limit, cursor);
      return { items: items.map(recipientView), nextCursor };
    },

    async *eachRecipient(campaignId: string): AsyncGenerator<BreachCommunicationRecipient> {
      for await (const item of queryAll(recipientsQuery(campaignId))) yield recipientView(item);
    },
  };
}

function recipientView(item: Record<string, unknown>): BreachCommunicationRecipient {
  const deliveries = (item.deliveries ?? []) as { messageId?: string }[];
  const messageId = deliveries[0]?.messageId;
  const sentAt = item.status === 'sent' ? (item.sentAt as string | undefined) : undefined;
  const reason = item.reason as string | undefined;
  return {
    subjectId: item.subjectId as string,
    status: recordStatus(item.status as string),
    ...(reason === undefined ? {} : { reason }),
    ...(messageId === undefined ? {} : { messageId }),
    ...(sentAt === undefined ? {} : { sentAt }),
  };
}

/** Campaigns with recipients left, across tenants, oldest first. */
export async function* activeCampaigns(): AsyncGenerator<{ tenantId: string; campaignId: string }> {
  const query: PartitionQuery = {
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.activeBreachCommunicationsList,
    keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
  };
  for await (const item of queryAll(query)) yield { tenantId: item.tenantId as string, campaignId: item.id as string };
}

/** Subjects in a tenant's list (of one category), counted without reading them. */
export async function countSubjects(scope: TenantScope, category: string | undefined): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: runtime.tableName,
        IndexName: index.name,
        KeyConditionExpression: category === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(category === undefined ? {} : { '#sk': index.sortKey }) },
        ExpressionAttributeValues: { ':pk': keys.subjectList(scope.tenantId), ...(category === undefined ? {} : { ':prefix': `${category}#` }) },
        Select: 'COUNT',
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

/**
 * One sender at a time. Runs overlap (every minute, up to 15 minutes each): each would keep the
 * SES rate on its own and together exceed it. The lease runs on the wall clock like the outbox's
 * claims, since a job's `now` may be simulated; a crashed holder's lease lapses after `ms`.
 */
export const sendingLease = {
  async take(holder: string, ms: number): Promise<boolean> {
    const wallClock = Date.now();
    try {
      await documentClient.send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: { ...keys.breachCommunicationLease, type: 'lease', holder, until: wallClock + ms },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': wallClock, ':holder': holder },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },

  async release(holder: string): Promise<void> {
    await documentClient
      .send(
        new DeleteCommand({
          TableName: runtime.tableName,
          Key: keys.breachCommunicationLease,
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  },
};
