import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { isOpen } from '../domain/privacy-requests/lifecycle.ts';
import type { PrivacyRequest } from '../model/privacy-request.ts';
import { newId } from '../ids.ts';
import { encodeCursor } from './cursor.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;
const ITEM_TYPE = 'privacy-request';

/** A request as stored: the view plus the requester's blind-index entry, which stays in the store. */
export interface StoredRequest {
  request: PrivacyRequest;
  requesterHmac: string;
  /** The requester's download link and the tenant's words, kept only until the answer is out. */
  answerLink?: string;
  answerMessage?: string;
}

export const REQUEST_CHANGED = 'privacy-request-changed';

/**
 * Listed across tenants while a notice it owes is still to go out (first, so the hourly job reads
 * it at once, open or closed), else while the deadline runs (by deadline, for reminders): ids and
 * dates only.
 */
function listing(request: PrivacyRequest, t: string) {
  if (request.owed.length > 0) return { [index.partitionKey]: keys.activePrivacyRequestsList, [index.sortKey]: `0#${t}#${request.id}` };
  if (isOpen(request.state)) return { [index.partitionKey]: keys.activePrivacyRequestsList, [index.sortKey]: `${request.dueAt}#${t}#${request.id}` };
  return {};
}

/**
 * Privacy requests of one tenant, in its own partition (a tenant deletion removes them). Open
 * requests are also listed across tenants by deadline, ids and dates only, for the reminder job.
 */
export function privacyRequests(scope: TenantScope) {
  const t = scope.tenantId;

  function toItem({ request, requesterHmac, answerLink, answerMessage }: StoredRequest) {
    return {
      ...request,
      ...keys.privacyRequest(t, request.id),
      // The item's `type` names the entity (as everywhere in the table); the request's own is `requestType`.
      type: ITEM_TYPE,
      requestType: request.type,
      tenantId: t,
      requesterHmac,
      ...(answerLink ? { answerLink } : {}),
      ...(answerMessage ? { answerMessage } : {}),
      ...listing(request, t),
    };
  }

  function fromItem(item: Record<string, unknown>): StoredRequest {
    const { requesterHmac, answerLink, answerMessage, tenantId: _t, requestType, ...request } = withoutStorage(item) as Record<string, unknown>;
    return {
      request: { ...request, type: requestType } as unknown as PrivacyRequest,
      requesterHmac: requesterHmac as string,
      ...(answerLink ? { answerLink: answerLink as string } : {}),
      ...(answerMessage ? { answerMessage: answerMessage as string } : {}),
    };
  }

  return {
    create(uow: UnitOfWork, stored: StoredRequest): void {
      uow.put('privacy-request', { Item: toItem(stored), ConditionExpression: 'attribute_not_exists(pk)' });
    },

    /** Replaces the request if nobody changed it since `expectedVersion` was read. */
    replace(uow: UnitOfWork, stored: StoredRequest, expectedVersion: number): void {
      uow.put(REQUEST_CHANGED, {
        Item: toItem(stored),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      });
    },

    async get(requestId: string): Promise<StoredRequest | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.privacyRequest(t, requestId), ConsistentRead: true }),
      );
      return Item ? fromItem(Item) : undefined;
    },

    /**
     * Oldest first (ids sort by creation). A state filter reads on until it has a full page or the
     * list ends; the cursor is then the last request shown, so the next page starts right after it.
     */
    async list(state: string | undefined, limit: number, cursor?: string) {
      const query: PartitionQuery = {
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.tenantPartition(t),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.privacyRequestPrefix },
      };
      const items: PrivacyRequest[] = [];
      let next = cursor;
      do {
        const page = await queryPage(query, limit, next);
        for (const item of page.items) {
          const { request } = fromItem(item);
          if (state !== undefined && request.state !== state) continue;
          items.push(request);
          if (items.length === limit) {
            const last = page.items.at(-1) === item ? page.nextCursor : encodeCursor({ pk: item.pk as string, sk: item.sk as string });
            return { items, nextCursor: last };
          }
        }
        next = page.nextCursor;
      } while (next !== undefined);
      return { items, nextCursor: undefined };
    },

    /** Every request naming the data subject, for its access export (DSR-5). */
    async *ofSubject(subjectId: string): AsyncGenerator<PrivacyRequest> {
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.tenantPartition(t),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.privacyRequestPrefix },
      })) {
        const { request } = fromItem(item);
        if (request.subjectId === subjectId) yield request;
      }
    },

    /**
     * obligation: DSR-4 — the latest earlier request of the same person (same data subject or same
     * requester address, by its blind index), received since `since`.
     */
    async latestBy(person: { subjectId?: string; requesterHmac: string }, since: Date, before: Date): Promise<PrivacyRequest | undefined> {
      let latest: PrivacyRequest | undefined;
      // A request's id is made when it is recorded, never before its receipt: ids from `since` on suffice.
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.tenantPartition(t),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyRange: { attribute: TABLE.sortKey, from: `${keys.privacyRequestPrefix}${newId(since).slice(0, 10)}`, to: `${keys.privacyRequestPrefix}~` },
      })) {
        const { request, requesterHmac } = fromItem(item);
        const received = Date.parse(request.receivedAt);
        if (received < since.getTime() || received > before.getTime()) continue;
        const same = requesterHmac === person.requesterHmac || (person.subjectId !== undefined && request.subjectId === person.subjectId);
        if (same && (latest === undefined || received > Date.parse(latest.receivedAt))) latest = request;
      }
      return latest;
    },
  };
}

/**
 * Requests the job must look at by `until`: open ones due before it (reminders) and closed ones
 * that still owe a notice. Tenant and request ids only.
 */
export async function* activeRequestsBefore(until: Date): AsyncGenerator<{ tenantId: string; requestId: string }> {
  for await (const item of queryAll({
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.activePrivacyRequestsList,
    keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
    sortKeyRange: { attribute: index.sortKey, from: '0', to: until.toISOString() },
  })) {
    yield { tenantId: item.tenantId as string, requestId: item.id as string };
  }
}
