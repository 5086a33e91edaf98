import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { Scope } from '../model/api-key.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** A stored key: the secret's hash only, never the secret (TEN-2). */
export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  scopes: Scope[];
  secretHash: string;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
  revokedBy?: string;
  rotatedFrom?: string;
  replacedBy?: string;
}

function fromItem(item: Record<string, unknown>): ApiKeyRecord {
  return withoutStorage(item) as unknown as ApiKeyRecord;
}

/** Keys of one tenant; the scope fixes the partition, so no call can reach another tenant. */
export function apiKeyRepository(scope: TenantScope) {
  const keyQuery: PartitionQuery = {
    partitionAttribute: TABLE.partitionKey,
    partitionValue: keys.tenantPartition(scope.tenantId),
    keyAttributes: TABLE_KEY_ATTRIBUTES,
    sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.apiKeyPrefix },
  };
  return {
    create(uow: UnitOfWork, record: Omit<ApiKeyRecord, 'tenantId'>): void {
      uow.put('api-key', {
        Item: { ...keys.apiKey(scope.tenantId, record.id), type: 'api-key', tenantId: scope.tenantId, ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    },

    async get(keyId: string): Promise<ApiKeyRecord | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.apiKey(scope.tenantId, keyId) }),
      );
      return Item ? fromItem(Item) : undefined;
    },

    /** The old key expires at `expiresAt`; only a key not yet revoked or rotated qualifies. */
    markRotated(uow: UnitOfWork, keyId: string, replacedBy: string, expiresAt: string): void {
      uow.update('api-key-rotated', {
        Key: keys.apiKey(scope.tenantId, keyId),
        UpdateExpression: 'SET expiresAt = :expiresAt, replacedBy = :replacedBy',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND attribute_not_exists(replacedBy)',
        ExpressionAttributeValues: { ':expiresAt': expiresAt, ':replacedBy': replacedBy },
      });
    },

    revoke(uow: UnitOfWork, keyId: string, at: string, by: string): void {
      uow.update('api-key-revoked', {
        Key: keys.apiKey(scope.tenantId, keyId),
        UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at, ':by': by },
      });
    },

    async list(limit: number, cursor?: string): Promise<{ items: ApiKeyRecord[]; nextCursor?: string }> {
      const { items, nextCursor } = await queryPage(keyQuery, limit, cursor);
      return { items: items.map(fromItem), ...(nextCursor === undefined ? {} : { nextCursor }) };
    },

    async *each(): AsyncGenerator<ApiKeyRecord> {
      for await (const item of queryAll(keyQuery)) yield fromItem(item);
    },
  };
}
