import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { Tenant } from '../model/tenant.ts';
import type { BillingState } from '../model/billing-state.ts';
import { getAll } from './batch.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** Tenant profiles: one item per tenant in its own partition, listed through the type index. */
const ITEM_TYPE = 'tenant';
export const TENANT_EXISTS = 'tenant-exists';
const index = TABLE.indexes.byType;

const LIST: PartitionQuery = {
  indexName: index.name,
  partitionAttribute: index.partitionKey,
  partitionValue: keys.tenantListPartition,
  keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
};

function toItem(tenant: Tenant) {
  return {
    ...keys.tenantProfile(tenant.id),
    [index.partitionKey]: keys.tenantListPartition,
    [index.sortKey]: `${tenant.createdAt}#${tenant.id}`,
    type: ITEM_TYPE,
    ...tenant,
  };
}

function fromItem(item: Record<string, unknown>): Tenant {
  return withoutStorage(item) as Tenant;
}

export const tenants = {
  create(uow: UnitOfWork, tenant: Tenant): void {
    uow.put('tenant', { Item: toItem(tenant), ConditionExpression: 'attribute_not_exists(pk)' });
  },

  /** Replaces the profile if it is still at `expectedVersion` (optimistic concurrency). */
  replace(uow: UnitOfWork, tenant: Tenant, expectedVersion: number): void {
    // The status is the billing services' to change, without a new version (DUN-3): a profile
    // edit must not put back a status read before a lifecycle change.
    uow.put('tenant-version', {
      Item: toItem(tenant),
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected AND #status = :status',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':expected': expectedVersion, ':status': tenant.status },
    });
  },

  /** Makes a transaction depend on the tenant existing and holding data, without a read of its own. */
  mustExist(uow: UnitOfWork, scope: TenantScope): void {
    // A tenant being deleted (or deleted) takes no new data the deletion could miss (DUN-5).
    uow.conditionCheck(TENANT_EXISTS, {
      Key: keys.tenantProfile(scope.tenantId),
      ConditionExpression: 'attribute_exists(pk) AND NOT (#status IN (:deleting, :deleted))',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':deleting': 'deleting', ':deleted': 'deleted' },
    });
  },

  async get(scope: TenantScope): Promise<Tenant | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: runtime.tableName, Key: keys.tenantProfile(scope.tenantId) }),
    );
    return Item ? fromItem(Item) : undefined;
  },

  /** The lifecycle state alone, for the authorizer: no contact is read. */
  async state(scope: TenantScope): Promise<BillingState | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: keys.tenantProfile(scope.tenantId),
        // Read right after a lifecycle change flushed the cache: it must see that change.
        ConsistentRead: true,
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    return Item?.status as BillingState | undefined;
  },

  /**
   * The lifecycle state of many tenants in batches of 100 (no contact is read): a fan-out checks
   * thousands of tenants in tens of requests, not one read each. Unknown ids are absent.
   */
  async states(tenantIds: readonly string[]): Promise<Map<string, BillingState>> {
    const items = await getAll(tenantIds.map((id) => keys.tenantProfile(id)), { attributes: ['id', 'status'] });
    return new Map(items.map((item) => [item.id as string, item.status as BillingState]));
  },

  async list(limit: number, cursor?: string): Promise<{ items: Tenant[]; nextCursor?: string }> {
    const { items, nextCursor } = await queryPage(LIST, limit, cursor);
    return { items: items.map(fromItem), ...(nextCursor === undefined ? {} : { nextCursor }) };
  },

  /** Every tenant whose data is still held: a deleted tenant's tombstone has nothing to act on. */
  async *each(): AsyncGenerator<Tenant> {
    for await (const item of queryAll(LIST)) if (item.status !== 'deleted') yield fromItem(item);
  },
};
