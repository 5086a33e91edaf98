import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { newId } from '../ids.ts';
import { assertId, keys } from './keys.ts';
import { partitionOf, queryAll } from './query.ts';
import { TABLE } from './table.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** The marker's sort key in the tenant's own partition (which a tenant deletion empties). */
const MARKER_PREFIX = 'AUTHORIZER-FLUSH#';
/** Every owed flush across tenants, in the type index (ids and times only). */
const OWED_LIST = 'AUTHORIZER-FLUSHES';
const ITEM_TYPE = 'authorizer-flush-owed';

/**
 * A marker no flush ever cleared goes a day after its change (DynamoDB's TTL): by then every
 * decision the authorizer cached before the change has long expired (they live a minute).
 */
const KEPT_SECONDS = 86_400;

/** A flush of the authorizer cache that a committed change still owes. */
export interface OwedFlush {
  tenantId: string;
  id: string;
}

const keyOf = ({ tenantId, id }: OwedFlush) => ({ pk: keys.tenantPartition(tenantId), sk: `${MARKER_PREFIX}${assertId(id, 'authorizer flush')}` });

/**
 * obligation: TEN-2, DUN-3 — durable markers of flushes owed: written in the transaction of the
 * change that owes one (in the tenant's own partition, so tenant credentials can write it), and
 * cleared only once a flush that started after the change succeeded.
 */
export const owedFlushes = {
  owe(uow: UnitOfWork, tenantId: string, now: Date): OwedFlush {
    const owed = { tenantId, id: newId(now) };
    uow.put('authorizer-flush-owed', {
      Item: {
        ...keyOf(owed),
        [index.partitionKey]: OWED_LIST,
        [index.sortKey]: `${now.toISOString()}#${tenantId}#${owed.id}`,
        type: ITEM_TYPE,
        tenantId,
        id: owed.id,
        owedSince: now.toISOString(),
        [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + KEPT_SECONDS,
      },
    });
    return owed;
  },

  /**
   * Every flush still owed, across tenants, oldest first, for functions that reach the whole table
   * (the index is eventually consistent: one written a moment ago may be missed).
   */
  async all(): Promise<OwedFlush[]> {
    const found: OwedFlush[] = [];
    for await (const item of queryAll(partitionOf(OWED_LIST, { indexed: true, attributes: ['tenantId', 'id'] }))) {
      found.push({ tenantId: item.tenantId as string, id: item.id as string });
    }
    return found;
  },

  /** The flushes one tenant's changes still owe, from its own partition (what its credentials reach). */
  async ofTenant(tenantId: string): Promise<OwedFlush[]> {
    const found: OwedFlush[] = [];
    for await (const item of queryAll(partitionOf(keys.tenantPartition(tenantId), { sortKeyPrefix: MARKER_PREFIX, attributes: ['id'] }))) {
      found.push({ tenantId, id: item.id as string });
    }
    return found;
  },

  async clear(owed: OwedFlush): Promise<void> {
    await documentClient.send(new DeleteCommand({ TableName: runtime.tableName, Key: keyOf(owed) }));
  },
};
