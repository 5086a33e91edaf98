import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { Recipient } from '../model/disclosure.ts';
import { getAll } from './batch.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryPage } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** The label of the check that a disclosure's recipient is registered and active. */
export const RECIPIENT_ACTIVE = 'recipient-active';

/** obligation: AUD-3, TEN-3 — the tenant's registry of third parties it discloses data to. */
export function recipientRepository(scope: TenantScope) {
  const t = scope.tenantId;
  const itemOf = (r: Recipient) => ({ ...keys.recipient(t, r.id), type: 'recipient', ...r });

  return {
    create(uow: UnitOfWork, recipient: Recipient): void {
      uow.put('recipient', { Item: itemOf(recipient), ConditionExpression: 'attribute_not_exists(pk)' });
    },

    /** Written over only at the version it was read at (If-Match). */
    replace(uow: UnitOfWork, recipient: Recipient, expectedVersion: number): void {
      uow.put('recipient-version', {
        Item: itemOf(recipient),
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      });
    },

    /** A disclosure goes only to a recipient that is registered and active when it commits. */
    checkActive(uow: UnitOfWork, recipientId: string): void {
      uow.conditionCheck(RECIPIENT_ACTIVE, {
        Key: keys.recipient(t, recipientId),
        ConditionExpression: 'attribute_exists(pk) AND active = :true',
        ExpressionAttributeValues: { ':true': true },
      });
    },

    async get(recipientId: string): Promise<Recipient | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.recipient(t, recipientId), ConsistentRead: true }),
      );
      return Item ? (withoutStorage(Item) as unknown as Recipient) : undefined;
    },

    /** Several at once (BatchGet, 100 a request); unknown ids are simply absent. */
    async getMany(recipientIds: readonly string[]): Promise<Map<string, Recipient>> {
      const items = await getAll(recipientIds.map((id) => keys.recipient(t, id)), { consistent: true });
      return new Map(items.map((item) => [item.id as string, withoutStorage(item) as unknown as Recipient]));
    },

    /** By creation (ids are ULIDs), oldest first. */
    async list(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(
        {
          partitionAttribute: TABLE.partitionKey,
          partitionValue: keys.tenantPartition(t),
          keyAttributes: TABLE_KEY_ATTRIBUTES,
          sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.recipientPrefix },
        },
        limit,
        cursor,
      );
      return { items: items.map((i) => withoutStorage(i) as unknown as Recipient), nextCursor };
    },
  };
}
