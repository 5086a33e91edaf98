import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import type { ConsentEvent, ConsentRecord } from '../domain/consent.ts';
import { newId } from '../ids.ts';
import { getAll } from './batch.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** The record with what only the store needs: the confirmed address's blind-index HMAC, the link's hash. */
export interface StoredConsent {
  record: ConsentRecord;
  /** HMAC (the subject's blind index) of the address the confirmation e-mail went to. */
  addressHmac: string;
  /** SHA-256 of the pending confirmation token; absent once the link is spent. */
  tokenHash?: string;
}

/** Labels of the writes, so a failed condition says which. */
export const CONSENT_WRITE = 'consent';

function fromItem(item: Record<string, unknown>): StoredConsent {
  const { addressHmac, tokenHash, ...record } = withoutStorage(item) as unknown as ConsentRecord & { addressHmac: string; tokenHash?: string };
  return { record, addressHmac, ...(tokenHash === undefined ? {} : { tokenHash }) };
}

/**
 * Consent records of one tenant. Current items (`type: 'consent'`, `purpose`, `status`,
 * `withdrawnAt?`, `expiresAt?` while pending — read by the retention purge) and their events live
 * in the subject's partition; a confirmed record is also listed in `gsi1` under its purpose, by
 * subject id, which is the audience list's index. Leaving `confirmed` unlists it in the same write.
 */
export function consentRepository(scope: TenantScope) {
  const t = scope.tenantId;

  function currentItem(stored: StoredConsent) {
    const { record } = stored;
    return {
      ...keys.consent(t, record.subjectId, record.purpose),
      type: 'consent',
      ...(record.status === 'confirmed'
        ? { [index.partitionKey]: keys.consentAudienceList(t, record.purpose), [index.sortKey]: record.subjectId }
        : {}),
      ...record,
      addressHmac: stored.addressHmac,
      ...(stored.tokenHash === undefined ? {} : { tokenHash: stored.tokenHash }),
    };
  }

  /** Each event is an item of its own, never written over: the history only grows (CON-2). */
  function putEvents(uow: UnitOfWork, record: ConsentRecord, events: ConsentEvent[]): void {
    for (const event of events) {
      uow.put('consent-event', {
        Item: {
          ...keys.consentEvent(t, record.subjectId, record.purpose, event.at, newId(new Date(event.at))),
          type: 'consent-event',
          subjectId: record.subjectId,
          purpose: record.purpose,
          ...event,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    }
  }

  return {
    /**
     * The new state and its events, in the caller's transaction. The write holds only if the
     * stored record is still the one the change was computed from (`before`), or absent.
     */
    save(uow: UnitOfWork, before: ConsentRecord | undefined, after: StoredConsent, events: ConsentEvent[]): void {
      uow.put(CONSENT_WRITE, {
        Item: currentItem(after),
        ...(before === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#type = :consent AND #version = :expected',
              ExpressionAttributeNames: { '#type': 'type', '#version': 'version' },
              ExpressionAttributeValues: { ':consent': 'consent', ':expected': before.version },
            }),
      });
      putEvents(uow, after.record, events);
    },

    /**
     * obligation: CON-1 — the confirmation: the write holds only while the record is pending, its
     * link unexpired and the token's hash the stored one. A reused, replaced or expired link
     * fails this condition and changes nothing.
     */
    confirm(uow: UnitOfWork, before: StoredConsent, after: ConsentRecord, events: ConsentEvent[], hash: string, now: Date): void {
      uow.put(CONSENT_WRITE, {
        Item: currentItem({ record: after, addressHmac: before.addressHmac }),
        ConditionExpression: '#type = :consent AND #status = :pending AND tokenHash = :hash AND expiresAt > :now AND #version = :expected',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':consent': 'consent', ':pending': 'pending', ':hash': hash, ':now': now.toISOString(), ':expected': before.record.version },
      });
      putEvents(uow, after, events);
    },

    /** The tenant's marker of a purpose in use: the audience of an unknown purpose is a 404. */
    notePurpose(uow: UnitOfWork, purpose: string, now: Date): void {
      uow.update('consent-purpose', {
        Key: keys.consentPurpose(t, purpose),
        UpdateExpression: 'SET #type = :type, purpose = :purpose, firstRequestedAt = if_not_exists(firstRequestedAt, :at)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'consent-purpose', ':purpose': purpose, ':at': now.toISOString() },
      });
    },

    async purposeExists(purpose: string): Promise<boolean> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.consentPurpose(t, purpose) }));
      return Item !== undefined;
    },

    async get(subjectId: string, purpose: string): Promise<StoredConsent | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.consent(t, subjectId, purpose), ConsistentRead: true }),
      );
      return Item?.type === 'consent' ? fromItem(Item) : undefined;
    },

    /** One purpose's records of several subjects (BatchGet, consistent): what the audience re-checks. */
    async getMany(subjectIds: string[], purpose: string): Promise<Map<string, StoredConsent>> {
      const items = await getAll(subjectIds.map((id) => keys.consent(t, id, purpose)), { consistent: true });
      return new Map(items.filter((item) => item.type === 'consent').map((item) => [item.subjectId as string, fromItem(item)]));
    },

    /** Every consent of a subject with its events, oldest first: one query of its partition. */
    async allOf(subjectId: string): Promise<{ stored: StoredConsent; history: ConsentEvent[] }[]> {
      const current: StoredConsent[] = [];
      const history = new Map<string, ConsentEvent[]>();
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.subjectPartition(t, subjectId),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.consentItemsPrefix },
      })) {
        if (item.type === 'consent') current.push(fromItem(item));
        if (item.type === 'consent-event') {
          const { subjectId: _s, purpose, ...event } = withoutStorage(item) as unknown as ConsentEvent & { subjectId: string; purpose: string };
          history.set(purpose, [...(history.get(purpose) ?? []), event]);
        }
      }
      return current.map((stored) => ({ stored, history: history.get(stored.record.purpose) ?? [] }));
    },

    /** Subject ids listed as confirmed for the purpose, one page (the index may lag: re-check them). */
    async audiencePage(purpose: string, limit: number, cursor: string | undefined) {
      const { items, nextCursor } = await queryPage(
        {
          indexName: index.name,
          partitionAttribute: index.partitionKey,
          partitionValue: keys.consentAudienceList(t, purpose),
          keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
        },
        limit,
        cursor,
      );
      return { subjectIds: items.map((i) => i.subjectId as string), nextCursor };
    },

    /** Evidence that the confirmation e-mail went out, on the very request it belongs to. */
    async markMailed(subjectId: string, purpose: string, hash: string, sentAt: Date, messageId: string): Promise<void> {
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.consent(t, subjectId, purpose),
            UpdateExpression: 'SET mailSentAt = :at, mailMessageId = :id',
            ConditionExpression: 'tokenHash = :hash',
            ExpressionAttributeValues: { ':at': sentAt.toISOString(), ':id': messageId, ':hash': hash },
          }),
        );
      } catch (error) {
        // Confirmed already (the person was quick) or replaced by a newer request: nothing to mark.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
