import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { statusFeedEntry } from '../model/status.ts';
import type { StatusFeedEntry } from '../model/status.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll } from './query.ts';
import { TABLE } from './table.ts';
import { UnitOfWork } from './unit-of-work.ts';

export type { StatusFeedEntry } from '../model/status.ts';

/** The label a failed condition carries: an entry with this id exists already. */
export const STATUS_FEED_ENTRY_EXISTS = 'status-feed-entry-exists';

const index = TABLE.indexes.byType;

function toItem(entry: StatusFeedEntry) {
  // Parsed again here, whoever calls: the page is public and an entry is never edited.
  const valid = statusFeedEntry.parse(entry);
  // Instants in UTC, so the sort key orders by time whatever offset the caller wrote.
  const publishedAt = new Date(valid.publishedAt).toISOString();
  return {
    ...keys.statusFeedEntry(valid.id),
    [index.partitionKey]: keys.statusFeedList,
    [index.sortKey]: `${publishedAt}#${valid.id}`,
    type: 'status-feed-entry',
    ...valid,
    publishedAt,
    ...(valid.startsAt === undefined ? {} : { startsAt: new Date(valid.startsAt).toISOString() }),
    ...(valid.endsAt === undefined ? {} : { endsAt: new Date(valid.endsAt).toISOString() }),
  };
}

/**
 * obligation: BRE-3, MNT-2 — publishes one public entry of the status page. With a unit of work
 * the entry commits with the caller's other writes (a second entry with the same id fails the
 * transaction with `ConditionFailed(STATUS_FEED_ENTRY_EXISTS)`); with `'direct'` it is written at
 * once and a rerun with the same id is a no-op (`'already-published'`), so a job may call it again.
 * Entries are append-only: an update is a new entry with a new id.
 */
export async function publishEntry(target: UnitOfWork | 'direct', entry: StatusFeedEntry): Promise<'published' | 'already-published'> {
  const item = toItem(entry);
  if (target instanceof UnitOfWork) {
    target.put(STATUS_FEED_ENTRY_EXISTS, { Item: item, ConditionExpression: 'attribute_not_exists(pk)' });
    return 'published';
  }
  try {
    await documentClient.send(
      new PutCommand({ TableName: runtime.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return 'published';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-published';
    throw error;
  }
}

/** Entries published at or after `since` (and before `until`, if given), oldest first. */
export async function listEntries(range: { since: Date; until?: Date }): Promise<StatusFeedEntry[]> {
  const entries: StatusFeedEntry[] = [];
  const query = {
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.statusFeedList,
    keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
    sortKeyRange: { attribute: index.sortKey, from: range.since.toISOString(), to: range.until?.toISOString() ?? '~' },
  };
  for await (const item of queryAll(query)) entries.push(withoutStorage(item) as StatusFeedEntry);
  return entries;
}
