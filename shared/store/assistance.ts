import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { AssistanceRequest } from '../model/assistance.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryPage } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

function itemOf(request: AssistanceRequest) {
  return {
    ...keys.assistanceRequest(request.tenantId, request.id),
    type: 'assistance-request',
    // The operator's list across tenants: status, then creation (ids and dates only).
    [index.partitionKey]: keys.assistanceRequestsList,
    [index.sortKey]: `${request.status}#${request.createdAt}#${request.tenantId}#${request.id}`,
    ...request,
  };
}

/** obligation: DSR-11, TEN-3 — a tenant's assistance requests, in its partition. */
export function assistanceRepository(scope: TenantScope) {
  const t = scope.tenantId;
  return {
    create(uow: UnitOfWork, request: AssistanceRequest): void {
      uow.put('assistance-request', { Item: itemOf(request), ConditionExpression: 'attribute_not_exists(pk)' });
    },

    /** Resolved once: only an open request at the version it was read at. */
    resolve(uow: UnitOfWork, resolved: AssistanceRequest, expectedVersion: number): void {
      uow.put('assistance-request-version', {
        Item: itemOf(resolved),
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected AND #status = :open',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':expected': expectedVersion, ':open': 'open' },
      });
    },

    async get(requestId: string): Promise<AssistanceRequest | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.assistanceRequest(t, requestId), ConsistentRead: true }),
      );
      return Item ? (withoutStorage(Item) as unknown as AssistanceRequest) : undefined;
    },

    /** The tenant's own, oldest first. */
    async list(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(
        {
          partitionAttribute: TABLE.partitionKey,
          partitionValue: keys.tenantPartition(t),
          keyAttributes: TABLE_KEY_ATTRIBUTES,
          sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.assistanceRequestPrefix },
        },
        limit,
        cursor,
      );
      return { items: items.map((i) => withoutStorage(i) as unknown as AssistanceRequest), nextCursor };
    },
  };
}

/** The operator's list across tenants, oldest first, of one status or all. */
export async function listAllAssistanceRequests(status: AssistanceRequest['status'] | undefined, limit: number, cursor?: string) {
  const { items, nextCursor } = await queryPage(
    {
      indexName: index.name,
      partitionAttribute: index.partitionKey,
      partitionValue: keys.assistanceRequestsList,
      keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
      ...(status ? { sortKeyPrefix: { attribute: index.sortKey, prefix: `${status}#` } } : {}),
    },
    limit,
    cursor,
  );
  return { items: items.map((i) => withoutStorage(i) as unknown as AssistanceRequest), nextCursor };
}
