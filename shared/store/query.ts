import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { decodeCursor, encodeCursor, fromCursor } from './cursor.ts';
import { TABLE } from './table.ts';

/** A query of one partition: of the table, or of an index (then keyed by its own attributes). */
export interface PartitionQuery {
  indexName?: string;
  partitionAttribute: string;
  partitionValue: string;
  /** Key attributes that a page's last key holds. */
  keyAttributes: readonly string[];
  sortKeyPrefix?: { attribute: string; prefix: string };
  /** Inclusive bounds on the sort key (string order). */
  sortKeyRange?: { attribute: string; from: string; to: string };
  /** Only items whose `attribute` is one of `oneOf` (a filter: the items it drops are still read). */
  filter?: { attribute: string; oneOf: readonly string[] };
  /** Only these attributes are read (a projection): a deletion needs keys, a list needs ids. */
  attributes?: readonly string[];
}

function input(query: PartitionQuery): QueryCommandInput {
  const { sortKeyPrefix: prefix, sortKeyRange: range, filter, attributes = [] } = query;
  const projected = Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name]));
  const sortKey = prefix?.attribute ?? range?.attribute;
  const condition = prefix
    ? '#pk = :pk AND begins_with(#sk, :prefix)'
    : range
      ? '#pk = :pk AND #sk BETWEEN :from AND :to'
      : '#pk = :pk';
  return {
    TableName: runtime.tableName,
    ...(query.indexName === undefined ? {} : { IndexName: query.indexName }),
    KeyConditionExpression: condition,
    ...(filter ? { FilterExpression: `#f IN (${filter.oneOf.map((_, i) => `:f${i}`).join(', ')})` } : {}),
    ...(attributes.length > 0 ? { ProjectionExpression: Object.keys(projected).join(', ') } : {}),
    ExpressionAttributeNames: { ...projected, '#pk': query.partitionAttribute, ...(sortKey ? { '#sk': sortKey } : {}), ...(filter ? { '#f': filter.attribute } : {}) },
    ExpressionAttributeValues: {
      ':pk': query.partitionValue,
      ...(prefix ? { ':prefix': prefix.prefix } : {}),
      ...(range ? { ':from': range.from, ':to': range.to } : {}),
      ...Object.fromEntries((filter?.oneOf ?? []).map((value, i) => [`:f${i}`, value])),
    },
  };
}

/** One page for an API list: the cursor must come from this very partition. */
export async function queryPage(query: PartitionQuery, limit: number, cursor: string | undefined) {
  const start = decodeCursor(cursor, {
    attributes: query.keyAttributes,
    partitionAttribute: query.partitionAttribute,
    partitionValue: query.partitionValue,
  });
  const { Items = [], LastEvaluatedKey } = await fromCursor(start, () =>
    documentClient.send(new QueryCommand({ ...input(query), Limit: limit, ExclusiveStartKey: start })),
  );
  return { items: Items, nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** Counts the requests a reader makes (an export's summary, the benchmarks). */
export interface ReadCounter {
  requests: number;
}

/**
 * Every item of the partition, page by page, for jobs and deletions. Reads of the table itself
 * are strongly consistent, so a deletion cannot miss an item written a moment before.
 */
export async function* queryAll(query: PartitionQuery, counter?: ReadCounter): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    if (counter) counter.requests++;
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        ...input(query),
        ...(query.indexName === undefined ? { ConsistentRead: true } : {}),
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    yield* Items;
    start = LastEvaluatedKey;
  } while (start !== undefined);
}

export const TABLE_KEY_ATTRIBUTES = [TABLE.partitionKey, TABLE.sortKey] as const;

/** One partition of the table, or (`indexed`) of the type index, optionally by sort-key prefix and projected. */
export function partitionOf(partitionValue: string, options: { indexed?: boolean; sortKeyPrefix?: string; attributes?: readonly string[] } = {}): PartitionQuery {
  const byType = TABLE.indexes.byType;
  return {
    ...(options.indexed ? { indexName: byType.name } : {}),
    partitionAttribute: options.indexed ? byType.partitionKey : TABLE.partitionKey,
    partitionValue,
    keyAttributes: options.indexed ? [...TABLE_KEY_ATTRIBUTES, byType.partitionKey, byType.sortKey] : TABLE_KEY_ATTRIBUTES,
    ...(options.sortKeyPrefix === undefined ? {} : { sortKeyPrefix: { attribute: options.indexed ? byType.sortKey : TABLE.sortKey, prefix: options.sortKeyPrefix } }),
    ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
  };
}
