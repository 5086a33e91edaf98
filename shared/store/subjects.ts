import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { viewOfSubject } from '../model/subject.ts';
import type { Subject, SubjectVersion, Tombstone } from '../model/subject.ts';
import { deleteAll, getAll } from './batch.ts';
import { countSeat } from './seat-meter.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { PartitionQuery } from './query.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** A blind-index entry of a subject: kind and HMAC, never the value (DAT-6). */
export interface LookupEntry {
  kind: string;
  hmac: string;
}

export type StoredSubject = { kind: 'subject'; subject: Subject; lookups: LookupEntry[] } | { kind: 'tombstone'; tombstone: Tombstone; erasing: boolean };

export interface Change {
  actor: string;
  changed: string[];
  now: Date;
}

/** The record as the domain knows it: the lookup HMACs stay in the store. */
function stripKeys(item: Record<string, unknown>) {
  return withoutStorage(item, ['lookups']);
}

/** Subjects of one tenant: the current record, its versions, its lookups, the seat count. */
export function subjectRepository(scope: TenantScope) {
  const t = scope.tenantId;

  const indexQuery = (partitionValue: string, sortKeyPrefix?: string): PartitionQuery => ({
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue,
    keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
    ...(sortKeyPrefix ? { sortKeyPrefix: { attribute: index.sortKey, prefix: sortKeyPrefix } } : {}),
  });

  /** The stored record must still be the live subject at the version the change started from. */
  const unchangedSince = (version: number) => ({
    ConditionExpression: '#type = :subject AND #version = :expected',
    ExpressionAttributeNames: { '#type': 'type', '#version': 'version' },
    ExpressionAttributeValues: { ':subject': 'subject', ':expected': version },
  });

  /** The item at a subject's key: its record or its tombstone. */
  function storedOf(item: Record<string, unknown>): StoredSubject {
    if (item.type === 'subject-tombstone') {
      const { id, erasedAt, reason } = item as unknown as Tombstone;
      return { kind: 'tombstone', tombstone: { id, erasedAt, reason }, erasing: item[index.partitionKey] === keys.erasingList };
    }
    return { kind: 'subject', subject: stripKeys(item) as Subject, lookups: (item.lookups ?? []) as LookupEntry[] };
  }

  /** Several subjects at once (BatchGet, 100 a request): each id's record, tombstone, or nothing. */
  async function getMany(subjectIds: string[]): Promise<Map<string, StoredSubject>> {
    const items = await getAll(subjectIds.map((id) => keys.subject(t, id)), { consistent: true });
    return new Map(items.map((item) => [item.id as string, storedOf(item)]));
  }

  function currentItem(subject: Subject, lookups: LookupEntry[]) {
    return {
      ...keys.subject(t, subject.id),
      type: 'subject',
      [index.partitionKey]: keys.subjectList(t),
      [index.sortKey]: `${subject.category}#${subject.createdAt}#${subject.id}`,
      lookups,
      ...subject,
    };
  }

  function putVersion(uow: UnitOfWork, subject: Subject, change: Change) {
    const validFrom = change.now.toISOString();
    uow.put('subject-history', {
      Item: {
        ...keys.subjectVersion(t, subject.id, validFrom, subject.version),
        type: 'subject-version',
        version: subject.version,
        validFrom,
        actor: change.actor,
        changed: change.changed,
        state: subject,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  function writeLookups(uow: UnitOfWork, subjectId: string, before: LookupEntry[], after: LookupEntry[]) {
    const id = (l: LookupEntry) => `${l.kind}#${l.hmac}`;
    const kept = new Set(after.map(id));
    const had = new Set(before.map(id));
    for (const l of before) if (!kept.has(id(l))) uow.delete('lookup', { Key: keys.lookup(t, l.kind, l.hmac, subjectId) });
    for (const l of after) {
      if (!had.has(id(l))) uow.put('lookup', { Item: { ...keys.lookup(t, l.kind, l.hmac, subjectId), type: 'lookup', subjectId } });
    }
  }

  function countSeats(uow: UnitOfWork, delta: number, now: Date) {
    if (delta === 1 || delta === -1) countSeat(uow, t, delta, now);
  }

  return {
    create(uow: UnitOfWork, subject: Subject, lookups: LookupEntry[], change: Change): void {
      uow.put('subject', { Item: currentItem(subject, lookups), ConditionExpression: 'attribute_not_exists(pk)' });
      putVersion(uow, subject, change);
      writeLookups(uow, subject.id, [], lookups);
      countSeats(uow, subject.endUser ? 1 : 0, change.now);
    },

    /** Writes a new version if the stored one is still `before.version` (optimistic concurrency). */
    replace(uow: UnitOfWork, before: { subject: Subject; lookups: LookupEntry[] }, subject: Subject, lookups: LookupEntry[], change: Change): void {
      uow.put('subject-version', { Item: currentItem(subject, lookups), ...unchangedSince(before.subject.version) });
      putVersion(uow, subject, change);
      writeLookups(uow, subject.id, before.lookups, lookups);
      countSeats(uow, Number(subject.endUser) - Number(before.subject.endUser), change.now);
    },

    /**
     * obligation: DSR-6, DAT-7 — the record becomes a tombstone and its lookups go in one
     * transaction; versions and captured records follow in `deleteRemains`. Until that is done
     * the tombstone stays listed as erasing, so a crash is finished by the next run.
     */
    /**
     * obligation: DSR-6 — a subject written before lookups were capped may have more of them than
     * one erasure transaction holds: those beyond `keep` are deleted first, in batches, and the
     * erasure's transaction deletes the rest with the tombstone. A crash in between leaves the
     * subject unerased but no longer found by those values; the rerun deletes again (nothing is
     * left to delete) and erases.
     */
    async shedLookups(before: { subject: Subject; lookups: LookupEntry[] }, keep: number): Promise<{ subject: Subject; lookups: LookupEntry[] }> {
      if (before.lookups.length <= keep) return before;
      await deleteAll(before.lookups.slice(keep).map((l) => keys.lookup(t, l.kind, l.hmac, before.subject.id)));
      return { ...before, lookups: before.lookups.slice(0, keep) };
    },

    erase(uow: UnitOfWork, before: { subject: Subject; lookups: LookupEntry[] }, tombstone: Tombstone, now: Date): void {
      uow.put('subject-version', {
        Item: {
          ...keys.subject(t, tombstone.id),
          type: 'subject-tombstone',
          [index.partitionKey]: keys.erasingList,
          [index.sortKey]: `${tombstone.erasedAt}#${t}#${tombstone.id}`,
          tenantId: t,
          ...tombstone,
        },
        ...unchangedSince(before.subject.version),
      });
      writeLookups(uow, tombstone.id, before.lookups, []);
      countSeats(uow, before.subject.endUser ? -1 : 0, now);
    },

    /**
     * Deletes every version and captured record of an erased subject, then moves its tombstone
     * from the erasing list to the tenant's erased list, where a tenant deletion finds it (DUN-5).
     */
    async deleteRemains(subjectId: string): Promise<number> {
      const items: { pk: string; sk: string }[] = [];
      for (const partition of [keys.subjectPartition(t, subjectId), keys.timeEntryPartition(t, subjectId)]) {
        for await (const item of queryAll({ partitionAttribute: TABLE.partitionKey, partitionValue: partition, keyAttributes: TABLE_KEY_ATTRIBUTES })) {
          if (item.sk !== 'SUBJECT') items.push({ pk: item.pk as string, sk: item.sk as string });
        }
      }
      const deleted = await deleteAll(items);
      await documentClient.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.subject(t, subjectId),
          UpdateExpression: 'SET #gpk = :erased, #gsk = :id',
          ConditionExpression: '#type = :tombstone',
          ExpressionAttributeNames: { '#gpk': index.partitionKey, '#gsk': index.sortKey, '#type': 'type' },
          ExpressionAttributeValues: { ':tombstone': 'subject-tombstone', ':erased': keys.erasedList(t), ':id': subjectId },
        }),
      );
      return deleted;
    },

    async get(subjectId: string): Promise<StoredSubject | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.subject(t, subjectId) }));
      return Item ? storedOf(Item) : undefined;
    },

    getMany,

    /** obligation: DAT-5 — the record in force at `at`: one query, newest first, one item. */
    async asOf(subjectId: string, at: Date): Promise<Subject | undefined> {
      const { Items = [] } = await documentClient.send(
        new QueryCommand({
          TableName: runtime.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: {
            ':pk': keys.subjectPartition(t, subjectId),
            ':first': keys.subjectVersionPrefix,
            ':last': `${keys.subjectVersionPrefix}${at.toISOString()}#~`,
          },
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      return Items[0] ? ((stripKeys(Items[0]) as { state: Subject }).state) : undefined;
    },

    async history(subjectId: string, limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(
        {
          partitionAttribute: TABLE.partitionKey,
          partitionValue: keys.subjectPartition(t, subjectId),
          keyAttributes: TABLE_KEY_ATTRIBUTES,
          sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.subjectVersionPrefix },
        },
        limit,
        cursor,
      );
      return {
        items: items.map((i) => {
          const version = stripKeys(i) as Omit<SubjectVersion, 'state'> & { state: Subject };
          return { ...version, state: viewOfSubject(version.state) };
        }),
        nextCursor,
      };
    },

    async list(category: string | undefined, limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(indexQuery(keys.subjectList(t), category ? `${category}#` : undefined), limit, cursor);
      return { items: items.map((i) => stripKeys(i) as Subject), nextCursor };
    },

    /** Subjects whose blind index holds `hmac` for `kind`: one query, one batch read. */
    async findByLookup(kind: string, hmac: string): Promise<Subject[]> {
      const ids: string[] = [];
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.lookupPartition(t, kind, hmac),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
      })) {
        ids.push(item.subjectId as string);
      }
      const found = await getMany(ids);
      return ids.flatMap((id) => {
        const stored = found.get(id);
        return stored?.kind === 'subject' ? [stored.subject] : [];
      });
    },

    async activeSeats(): Promise<number> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.seats(t) }));
      return (Item?.active as number | undefined) ?? 0;
    },
  };
}

/** Erasures across all tenants whose remains are not yet deleted (a crash mid-erasure). */
export async function* unfinishedErasures(): AsyncGenerator<{ tenantId: string; subjectId: string }> {
  const query: PartitionQuery = {
    indexName: index.name,
    partitionAttribute: index.partitionKey,
    partitionValue: keys.erasingList,
    keyAttributes: [...TABLE_KEY_ATTRIBUTES, index.partitionKey, index.sortKey],
  };
  for await (const item of queryAll(query)) yield { tenantId: item.tenantId as string, subjectId: item.id as string };
}
