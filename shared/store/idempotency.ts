import { createHash, randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { TABLE } from './table.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** How long a retry with the same Idempotency-Key gets the first answer back. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;

export const IDEMPOTENCY_LABEL = 'idempotency';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  /** SHA-256 of the salt and the request body: a retry proves the same body without the body kept. */
  fingerprint: string;
  /** Random per record, so a fingerprint cannot be matched against guessed bodies in bulk. */
  salt: string;
  response: StoredResponse;
}

export function fingerprintOf(salt: string, body: string | undefined): string {
  return createHash('sha256').update(salt).update(body ?? '').digest('hex');
}

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** The record still in its window; DynamoDB's TTL deletion may lag, so expiry is checked here. */
export async function findIdempotencyRecord(key: { pk: string; sk: string }, now: Date): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }),
  );
  if (!Item || (Item.ttl as number) <= now.getTime() / 1000) return undefined;
  return { fingerprint: Item.fingerprint as string, salt: Item.salt as string, response: Item.response as StoredResponse };
}

/** `T#<tenant>#IDEM#<hash>` (keys.tenantIdempotency); operator records have no tenant. */
const TENANT_RECORD = /^T#([0-9a-z]{26})#IDEM#/;

/**
 * obligation: DUN-5 — a tenant's records are listed under the tenant, so its deletion finds
 * them; their keys are hashes and could not be enumerated otherwise.
 */
function listing(key: { pk: string }, now: Date): Record<string, string> {
  const tenantId = TENANT_RECORD.exec(key.pk)?.[1];
  if (tenantId === undefined) return {};
  const index = TABLE.indexes.byType;
  return { [index.partitionKey]: keys.idempotencyList(tenantId), [index.sortKey]: now.toISOString() };
}

/**
 * The record rides in the operation's transaction with a not-exists condition: two racing
 * retries cannot both write, and the loser replays the winner's answer.
 */
export function recordIdempotency(
  uow: UnitOfWork,
  key: { pk: string; sk: string },
  record: IdempotencyRecord,
  now: Date,
): void {
  uow.put(IDEMPOTENCY_LABEL, {
    Item: {
      ...key,
      ...listing(key, now),
      type: 'idempotency',
      fingerprint: record.fingerprint,
      salt: record.salt,
      response: record.response,
      ttl: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_WINDOW_SECONDS,
    },
    ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
  });
}
