import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { auditMonths } from './audit.ts';
import type { Key, DeletionGroup } from './chunked-delete.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, partitionOf, queryAll } from './query.ts';
import type { ReadCounter } from './query.ts';
import type { LookupEntry } from './subjects.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import { ConditionFailed, UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** In order; each is checkpointed on the billing account when done, `done` once the tenant is deleted. */
export const DELETION_PHASES = ['keys', 'subjects', 'audit', 'idempotency', 'confirmation', 'notices', 'exports', 'profile'] as const;
export type DeletionPhase = (typeof DELETION_PHASES)[number];

export interface DeletionProgress {
  state: string;
  phase: DeletionPhase | 'done';
}

/** The account left `deleting`, or another run moved its phase on: this run leaves the tenant alone. */
export class DeletionMovedOn extends Error {
  constructor() {
    super('The deletion is no longer in the phase this run checkpoints');
  }
}

/** The raw profile item: the deletion reads what it needs and writes its tombstone from it. */
export type ProfileItem = Record<string, unknown> & { createdAt: string; version: number };

const ACCOUNT_DELETED = 'billing-account-deleted';

/** Subjects whose partitions are read in parallel; each is held in memory whole until deleted. */
const SUBJECTS_READ_AT_ONCE = 8;

const keyOf = (item: Record<string, unknown>): Key => ({ pk: item[TABLE.partitionKey] as string, sk: item[TABLE.sortKey] as string });

interface Walk {
  /** A partition of the type index; else the table's own (read strongly consistent). */
  indexed?: boolean;
  sortKeyPrefix?: string;
  /** Only these attributes are read: keys are all a deletion needs, a fraction of the items' size. */
  attributes: readonly string[];
}

const KEY_ONLY: Walk = { attributes: TABLE_KEY_ATTRIBUTES };
const LISTED = (attributes: readonly string[]): Walk => ({ indexed: true, attributes });

/** Every item of one partition, page by page. */
function itemsOf(partitionValue: string, walk: Walk, counter?: ReadCounter): AsyncGenerator<Record<string, unknown>> {
  return queryAll(partitionOf(partitionValue, walk), counter);
}

async function* each(partitionValue: string, walk: Walk, keep: (item: Record<string, unknown>) => boolean = () => true): AsyncGenerator<DeletionGroup> {
  for await (const item of itemsOf(partitionValue, walk)) if (keep(item)) yield { keys: [keyOf(item)] };
}

/** Tenants whose billing account is in state `deleting` (ids only; each is read again before use). */
export async function* deletingTenants(): AsyncGenerator<string> {
  for await (const item of itemsOf(keys.deletingList, LISTED(['tenantId']))) yield item.tenantId as string;
}

/**
 * A tenant's data subjects: live and restricted ones, erased ones, and erasures still under way,
 * each once (ids from the type index). A tenant deletion and a full export walk the same list.
 */
export async function* tenantSubjectIds(scope: TenantScope, counter?: ReadCounter): AsyncGenerator<string> {
  const t = scope.tenantId;
  const seen = new Set<string>();
  const walk = LISTED(['id', 'tenantId']);
  for (const list of [keys.subjectList(t), keys.erasedList(t), keys.erasingList]) {
    for await (const item of itemsOf(list, walk, counter)) {
      const id = item.id as string;
      // The erasing list is shared by all tenants.
      if ((item.tenantId !== undefined && item.tenantId !== t) || seen.has(id)) continue;
      seen.add(id);
      yield id;
    }
  }
}

/**
 * Everything of one tenant that a deletion removes, phase by phase, and the checkpoints on its
 * billing account. Kept: `keys.keptOnDeletion` (billing documents, metering evidence; BIL-9).
 */
export function tenantDeletion(scope: TenantScope) {
  const t = scope.tenantId;
  const account = keys.billingAccount(t);

  async function groupsOfSubject(subjectId: string): Promise<DeletionGroup[]> {
    const remains: Key[] = [];
    let head: Record<string, unknown> | undefined;
    for await (const item of itemsOf(keys.subjectPartition(t, subjectId), { attributes: [...TABLE_KEY_ATTRIBUTES, 'lookups'] })) {
      if (item.sk === keys.subject(t, subjectId).sk) head = item;
      else remains.push(keyOf(item));
    }
    for await (const item of itemsOf(keys.timeEntryPartition(t, subjectId), KEY_ONLY)) remains.push(keyOf(item));
    if (head === undefined) return [{ keys: remains }];
    const lookups = (head.lookups ?? []) as LookupEntry[];
    return [{ keys: remains }, { keys: lookups.map((l) => keys.lookup(t, l.kind, l.hmac, subjectId)), last: [keyOf(head)] }];
  }

  return {
    scope,

    async progress(): Promise<DeletionProgress | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: account, ConsistentRead: true }));
      if (!Item) return undefined;
      const deletion = (Item.deletion ?? {}) as { phase?: DeletionPhase | 'done' };
      return { state: Item.state as string, phase: deletion.phase ?? DELETION_PHASES[0] };
    },

    async profile(): Promise<ProfileItem | undefined> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.tenantProfile(t), ConsistentRead: true }),
      );
      return Item as ProfileItem | undefined;
    },

    /**
     * Adds a chunk's deletions to the count and, with `next`, moves to the next phase; only while
     * the account is still deleting and in `phase`, so a late run cannot move it back.
     */
    async checkpoint(phase: DeletionPhase, deleted: number, now: Date, next?: DeletionPhase): Promise<void> {
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: account,
            UpdateExpression: `SET #d.#count = if_not_exists(#d.#count, :zero) + :deleted, #d.#lastRun = :now${next ? ', #d.#phase = :next' : ''}`,
            ConditionExpression: '#state = :deleting AND (attribute_not_exists(#d.#phase) OR #d.#phase = :phase)',
            ExpressionAttributeNames: { '#d': 'deletion', '#count': 'deletedItems', '#lastRun': 'lastRun', '#phase': 'phase', '#state': 'state' },
            ExpressionAttributeValues: {
              ':zero': 0,
              ':deleted': deleted,
              ':now': now.toISOString(),
              ':deleting': 'deleting',
              ':phase': phase,
              ...(next ? { ':next': next } : {}),
            },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new DeletionMovedOn();
        throw error;
      }
    },

    /** obligation: DUN-5 — keys first, so nothing can call the API while the rest goes. */
    apiKeys: () => each(keys.tenantPartition(t), { ...KEY_ONLY, sortKeyPrefix: keys.apiKeyPrefix }),

    /**
     * Per subject its versions and captured records, then its lookups with the subject item
     * itself: the item goes last, so an interrupted run still finds the subject and its lookups.
     * Subjects are read a few at a time in parallel, each one whole.
     */
    async *subjects(): AsyncGenerator<DeletionGroup> {
      let batch: string[] = [];
      for await (const subjectId of tenantSubjectIds(scope)) {
        batch.push(subjectId);
        if (batch.length < SUBJECTS_READ_AT_ONCE) continue;
        yield* (await Promise.all(batch.map(groupsOfSubject))).flat();
        batch = [];
      }
      yield* (await Promise.all(batch.map(groupsOfSubject))).flat();
    },

    /** Audit entries live in one partition per UTC month, from the tenant's creation to `until`. */
    async *audit(createdAt: Date, until: Date): AsyncGenerator<DeletionGroup> {
      for (const month of auditMonths(createdAt, until)) yield* each(keys.auditPartition(t, month), KEY_ONLY);
    },

    idempotencyRecords: () => each(keys.idempotencyList(t), LISTED(TABLE_KEY_ATTRIBUTES)),

    notices: () => each(keys.noticePartition(t), KEY_ONLY),

    /** The seat count, and anything else left in the tenant's own partition but its profile. */
    profileLeftovers: () => each(keys.tenantPartition(t), KEY_ONLY, (item) => item.sk !== keys.tenantProfile(t).sk),

    /**
     * obligation: DUN-5 — the profile becomes a tombstone without contacts, terms acceptance or
     * VAT number, still listed where it was, and the account becomes `deleted` and unlisted, in
     * one transaction.
     */
    async finish(profile: ProfileItem, now: Date): Promise<void> {
      const at = now.toISOString();
      const uow = new UnitOfWork();
      uow.put('tenant-tombstone', {
        Item: {
          ...keys.tenantProfile(t),
          ...(profile[index.partitionKey] === undefined ? {} : { [index.partitionKey]: profile[index.partitionKey] }),
          ...(profile[index.sortKey] === undefined ? {} : { [index.sortKey]: profile[index.sortKey] }),
          type: profile.type,
          id: t,
          name: profile.name,
          country: profile.country,
          language: profile.language,
          createdAt: profile.createdAt,
          status: 'deleted',
          deletedAt: at,
          updatedAt: at,
          version: profile.version + 1,
        },
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': profile.version },
      });
      uow.update(ACCOUNT_DELETED, {
        Key: account,
        UpdateExpression:
          'SET #state = :deleted, stateSince = :now, #d.finishedAt = :now, #d.#phase = :done, #d.#lastRun = :now, updatedAt = :now, #version = #version + :one REMOVE #gpk, #gsk',
        ConditionExpression: '#state = :deleting AND #d.#phase = :profile',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#d': 'deletion',
          '#phase': 'phase',
          '#lastRun': 'lastRun',
          '#version': 'version',
          '#gpk': index.partitionKey,
          '#gsk': index.sortKey,
        },
        ExpressionAttributeValues: { ':deleted': 'deleted', ':deleting': 'deleting', ':now': at, ':done': 'done', ':profile': 'profile', ':one': 1 },
      });
      try {
        await uow.commit();
      } catch (error) {
        if (error instanceof ConditionFailed && error.label === ACCOUNT_DELETED) throw new DeletionMovedOn();
        throw error;
      }
    },
  };
}

export type TenantDeletion = ReturnType<typeof tenantDeletion>;
