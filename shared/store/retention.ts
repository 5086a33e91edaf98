import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { DEFAULT_POLICY } from '../domain/retention.ts';
import type { ConsentState, RetentionPolicy } from '../domain/retention.ts';
import type { LegalHold, PurgeCounts, PurgeRun } from '../model/retention.ts';
import type { Subject } from '../model/subject.ts';
import { InvalidCursor, decodeCursor, encodeCursor, fromCursor } from './cursor.ts';
import { withoutStorage } from './item.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_ATTRIBUTES, queryAll, queryPage } from './query.ts';
import type { Key } from './chunked-delete.ts';
import type { LookupEntry } from './subjects.ts';
import { TABLE } from './table.ts';
import type { TenantScope } from './tenant-scope.ts';
import type { UnitOfWork } from './unit-of-work.ts';

const index = TABLE.indexes.byType;

/** The tenant's hold summary: what the purge checks in the same transaction as each change (RET-3). */
const HOLDS_SK = 'RETENTION#HOLDS';
/** Current consent items in the subject's partition (shared/store/consents.ts writes them). */
const CONSENT_SK_PREFIX = 'CONSENT#';

export const HOLD_CHECK = 'legal-hold';
export const PURGE_CHECKPOINT = 'purge-checkpoint';

export const ZERO_COUNTS: PurgeCounts = {
  subjectsErased: 0,
  setsRemoved: 0,
  versionsRedacted: 0,
  timeEntriesDeleted: 0,
  subjectsOnHold: 0,
  subjectsRestricted: 0,
  setsWithoutConsentRecord: 0,
  subjectsFailed: 0,
};

export interface StoredPolicy {
  policy: RetentionPolicy;
  version: number;
  updatedAt?: string;
}

/** History of sets to strip from versions older than `beforeVersion`, after the change committed. */
export interface PendingRedaction {
  subjectId: string;
  names: string[];
  beforeVersion: number;
}

/** A run record as stored: the public run plus its checkpoint. */
export interface StoredRun extends PurgeRun {
  /** The list sort key of the last subject done; absent before the first. */
  cursor?: string;
  pending?: PendingRedaction;
  /** How far the subject at work has its time entries claimed (see `EntriesClaim`). */
  entries?: { subjectId: string; through: string };
}

/** A subject as the purge walks it: the list's copy, with its sort key and lookups. */
export interface WalkedSubject {
  sortKey: string;
  subject: Subject;
  lookups: LookupEntry[];
}

export interface HoldSummary {
  tenantHolds: number;
  heldSubjects: Set<string>;
}

/**
 * How far one subject's past-retention time entries are claimed (and counted): the sort key of
 * the last entry claimed. A chunk is claimed before it is deleted, conditioned on this being where
 * the claiming run last saw it, so two runs never both count the same entry (RET-2).
 */
export interface EntriesClaim {
  subjectId: string;
  /** Where the run found the claim: absent when no entry of this subject was claimed yet. */
  expected?: string;
  through: string;
}

/** How a checkpoint moves a run: from the cursor it expects, to the next, with counts to add. */
export interface CheckpointMove {
  from?: string;
  to?: string;
  add?: Partial<PurgeCounts>;
  pending?: PendingRedaction;
  finishedAt?: string;
  tenantOnHold?: boolean;
  entries?: EntriesClaim;
}

const RUN_NAMES = { '#cursor': 'cursor', '#finished': 'finishedAt' };

/** `SET counts.x = counts.x + :x, …` for the non-zero counts of `add`. */
function addCounts(add: Partial<PurgeCounts>) {
  const entries = Object.entries(add).filter(([, n]) => n !== 0 && n !== undefined);
  return {
    sets: entries.map(([name], i) => `#counts.#k${i} = #counts.#k${i} + :k${i}`),
    names: entries.length === 0 ? {} : { '#counts': 'counts', ...Object.fromEntries(entries.map(([name], i) => [`#k${i}`, name])) },
    values: Object.fromEntries(entries.map(([, n], i) => [`:k${i}`, n])),
  };
}

/** The checkpoint condition: the run is unfinished and still where this run left it. */
function atCursor(cursor: string | undefined) {
  return cursor === undefined
    ? { condition: 'attribute_not_exists(#finished) AND attribute_not_exists(#cursor)', values: {} }
    : { condition: 'attribute_not_exists(#finished) AND #cursor = :from', values: { ':from': cursor } };
}

/** The claim condition: the subject's entries are claimed as far as this run last saw, no further. */
function atClaim(claim: EntriesClaim | undefined) {
  if (claim === undefined) return { condition: '', values: {} };
  return claim.expected === undefined
    ? { condition: ' AND (attribute_not_exists(entries) OR entries.subjectId <> :claimSubject)', values: { ':claimSubject': claim.subjectId } }
    : {
        condition: ' AND entries.subjectId = :claimSubject AND entries.through = :claimExpected',
        values: { ':claimSubject': claim.subjectId, ':claimExpected': claim.expected },
      };
}

/** Retention records of one tenant: policy, legal holds, purge runs, and the purge's reads. */
export function retentionRepository(scope: TenantScope) {
  const t = scope.tenantId;

  function checkpointUpdate(day: string, move: CheckpointMove) {
    const counts = addCounts(move.add ?? {});
    const at = atCursor(move.from);
    const claim = atClaim(move.entries);
    const sets = [
      ...counts.sets,
      ...(move.to === undefined ? [] : ['#cursor = :to']),
      ...(move.entries === undefined ? [] : ['entries = :entries']),
      ...(move.pending === undefined ? [] : ['pending = :pending']),
      ...(move.finishedAt === undefined ? [] : ['#finished = :finishedAt']),
      ...(move.tenantOnHold === undefined ? [] : ['tenantOnHold = :held']),
    ];
    // A checkpoint comes after the previous subject's redaction is done: its note can go.
    return {
      Key: keys.purgeRun(t, day),
      UpdateExpression: sets.length === 0 ? '' : `SET ${sets.join(', ')}${move.pending === undefined ? ' REMOVE pending' : ''}`,
      ConditionExpression: at.condition + claim.condition,
      ExpressionAttributeNames: { ...RUN_NAMES, ...counts.names },
      ExpressionAttributeValues: {
        ...counts.values,
        ...at.values,
        ...claim.values,
        ...(move.to === undefined ? {} : { ':to': move.to }),
        ...(move.entries === undefined ? {} : { ':entries': { subjectId: move.entries.subjectId, through: move.entries.through } }),
        ...(move.pending === undefined ? {} : { ':pending': move.pending }),
        ...(move.finishedAt === undefined ? {} : { ':finishedAt': move.finishedAt }),
        ...(move.tenantOnHold === undefined ? {} : { ':held': move.tenantOnHold }),
      },
    };
  }

  return {
    /* ---------------------------------------------------------------- policy (RET-1) */

    async policy(): Promise<StoredPolicy> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.retentionPolicy(t), ConsistentRead: true }));
      if (!Item) return { policy: structuredClone(DEFAULT_POLICY), version: 0 };
      return {
        policy: { shorterMonths: Item.shorterMonths ?? {}, timeEntryYears: Item.timeEntryYears },
        version: Item.version as number,
        updatedAt: Item.updatedAt as string,
      };
    },

    /** Replaces the policy if it is still at `expectedVersion` (0: the defaults, never stored). */
    savePolicy(uow: UnitOfWork, policy: RetentionPolicy, expectedVersion: number, now: Date): void {
      uow.put('retention-policy', {
        Item: { ...keys.retentionPolicy(t), type: 'retention-policy', ...policy, version: expectedVersion + 1, updatedAt: now.toISOString() },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
      });
    },

    /* ---------------------------------------------------------------- legal holds (RET-3) */

    /** The hold and its mark in the summary, together: a subject is held at most once. */
    placeHold(uow: UnitOfWork, hold: LegalHold): void {
      uow.put('legal-hold', { Item: { ...keys.legalHold(t, hold.id), type: 'legal-hold', ...hold }, ConditionExpression: 'attribute_not_exists(pk)' });
      if (hold.scope === 'tenant') {
        uow.update('legal-hold-summary', {
          Key: { pk: keys.tenantPartition(t), sk: HOLDS_SK },
          UpdateExpression: 'SET #type = :type ADD tenantHolds :one',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'legal-hold-summary', ':one': 1 },
        });
      } else {
        uow.update('subject-already-held', {
          Key: { pk: keys.tenantPartition(t), sk: HOLDS_SK },
          UpdateExpression: 'SET #type = :type ADD heldSubjects :subject',
          ConditionExpression: 'NOT contains(heldSubjects, :id)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'legal-hold-summary', ':subject': new Set([hold.subjectId!]), ':id': hold.subjectId! },
        });
      }
    },

    /** The lifted hold (only while active) and its mark removed from the summary. */
    liftHold(uow: UnitOfWork, lifted: LegalHold): void {
      uow.put('legal-hold', {
        Item: { ...keys.legalHold(t, lifted.id), type: 'legal-hold', ...lifted },
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
      });
      uow.update('legal-hold-summary', {
        Key: { pk: keys.tenantPartition(t), sk: HOLDS_SK },
        ...(lifted.scope === 'tenant'
          ? { UpdateExpression: 'ADD tenantHolds :minus', ExpressionAttributeValues: { ':minus': -1 } }
          : { UpdateExpression: 'DELETE heldSubjects :subject', ExpressionAttributeValues: { ':subject': new Set([lifted.subjectId!]) } }),
      });
    },

    async hold(holdId: string): Promise<LegalHold | undefined> {
      const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.legalHold(t, holdId), ConsistentRead: true }));
      return Item ? (withoutStorage(Item) as LegalHold) : undefined;
    },

    async holds(limit: number, cursor?: string) {
      const { items, nextCursor } = await queryPage(
        { partitionAttribute: TABLE.partitionKey, partitionValue: keys.tenantPartition(t), keyAttributes: TABLE_KEY_ATTRIBUTES, sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.legalHoldPrefix } },
        limit,
        cursor,
      );
      return { items: items.map((i) => withoutStorage(i) as LegalHold), ...(nextCursor === undefined ? {} : { nextCursor }) };
    },

    async holdSummary(): Promise<HoldSummary> {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: runtime.tableName, Key: { pk: keys.tenantPartition(t), sk: HOLDS_SK }, ConsistentRead: true }),
      );
      return { tenantHolds: (Item?.tenantHolds as number | undefined) ?? 0, heldSubjects: new Set((Item?.heldSubjects as Set<string> | undefined) ?? []) };
    },

    /**
     * obligation: RET-3 — whether the operator holds all the tenant's data (an authority's
     * preservation order): read from the hold records themselves, as the summary does not say who
     * placed a tenant-wide hold. A tenant has a handful of holds at most.
     */
    async heldByOperator(): Promise<boolean> {
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.tenantPartition(t),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.legalHoldPrefix },
      })) {
        if (item.status === 'active' && item.scope === 'tenant' && item.placedBy === 'operator') return true;
      }
      return false;
    },

    /**
     * obligation: RET-3 — makes a purge change or an erasure depend on the subject (and the
     * tenant) not being held at commit time, without a read of its own: a hold placed meanwhile
     * still wins.
     */
    notHeld(uow: UnitOfWork, subjectId: string): void {
      uow.conditionCheck(HOLD_CHECK, {
        Key: { pk: keys.tenantPartition(t), sk: HOLDS_SK },
        ConditionExpression: 'attribute_not_exists(pk) OR ((attribute_not_exists(tenantHolds) OR tenantHolds <= :zero) AND NOT contains(heldSubjects, :id))',
        ExpressionAttributeValues: { ':zero': 0, ':id': subjectId },
      });
    },

    /* ---------------------------------------------------------------- purge runs (RET-2) */

    /** The newest run records, newest first. */
    async latestRuns(count: number): Promise<StoredRun[]> {
      const { Items = [] } = await documentClient.send(
        new QueryCommand({
          TableName: runtime.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.tenantPartition(t), ':prefix': keys.purgeRunPrefix },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: count,
        }),
      );
      return Items.map((i) => withoutStorage(i) as unknown as StoredRun);
    },

    /** Today's run record, created if it is not there yet (a rerun the same day resumes it). */
    async startRun(day: string, now: Date, tenantOnHold: boolean): Promise<StoredRun> {
      const run: PurgeRun = { day, startedAt: now.toISOString(), tenantOnHold, counts: { ...ZERO_COUNTS } };
      try {
        await documentClient.send(
          new PutCommand({ TableName: runtime.tableName, Item: { ...keys.purgeRun(t, day), type: 'purge-run', ...run }, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return run;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.purgeRun(t, day), ConsistentRead: true }));
        return withoutStorage(Item!) as unknown as StoredRun;
      }
    },

    /**
     * A checkpoint inside a change's own transaction: the counts and the cursor move with the
     * change, so a change is counted exactly once, and only by the run that made it.
     */
    checkpointIn(uow: UnitOfWork, day: string, move: { from?: string; to?: string; add: Partial<PurgeCounts>; pending?: PendingRedaction; entries?: EntriesClaim }): void {
      uow.update(PURGE_CHECKPOINT, checkpointUpdate(day, move));
    },

    /** A checkpoint on its own: false when another run moved the cursor (this run stops). */
    async checkpoint(day: string, move: Omit<CheckpointMove, 'pending'>): Promise<boolean> {
      const update = checkpointUpdate(day, move);
      if (update.UpdateExpression === '') return true;
      try {
        await documentClient.send(new UpdateCommand({ TableName: runtime.tableName, ...update }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** The redaction of `pending` is done: its mark goes (only that one). */
    async clearPending(day: string, subjectId: string): Promise<void> {
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.purgeRun(t, day),
            UpdateExpression: 'REMOVE pending',
            ConditionExpression: 'pending.subjectId = :s',
            ExpressionAttributeValues: { ':s': subjectId },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /** Run records, newest first, for the tenant's route. */
    async runs(limit: number, cursor?: string) {
      const expected = { attributes: TABLE_KEY_ATTRIBUTES, partitionAttribute: TABLE.partitionKey, partitionValue: keys.tenantPartition(t) };
      const start = decodeCursor(cursor, expected);
      if (start !== undefined && !String(start.sk).startsWith(keys.purgeRunPrefix)) throw new InvalidCursor();
      const { Items = [], LastEvaluatedKey } = await fromCursor(start, () =>
        documentClient.send(
          new QueryCommand({
            TableName: runtime.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.tenantPartition(t), ':prefix': keys.purgeRunPrefix },
            ScanIndexForward: false,
            Limit: limit,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        ),
      );
      const nextCursor = encodeCursor(LastEvaluatedKey);
      return {
        items: Items.map((i) => {
          const { cursor: _c, pending: _p, entries: _e, ...run } = withoutStorage(i) as unknown as StoredRun;
          return run;
        }),
        ...(nextCursor === undefined ? {} : { nextCursor }),
      };
    },

    /* ---------------------------------------------------------------- what the purge reads */

    /** Live and restricted subjects after `after` in the list's order, with their list copies. */
    async *subjectsAfter(after: string | undefined): AsyncGenerator<WalkedSubject> {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(
          new QueryCommand({
            TableName: runtime.tableName,
            IndexName: index.name,
            KeyConditionExpression: after === undefined ? '#gpk = :list' : '#gpk = :list AND #gsk > :after',
            ExpressionAttributeNames: { '#gpk': index.partitionKey, ...(after === undefined ? {} : { '#gsk': index.sortKey }) },
            ExpressionAttributeValues: { ':list': keys.subjectList(t), ...(after === undefined ? {} : { ':after': after }) },
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.type !== 'subject') continue;
          yield { sortKey: item[index.sortKey] as string, subject: withoutStorage(item, ['lookups']) as Subject, lookups: (item.lookups ?? []) as LookupEntry[] };
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    },

    /** The subject's current consents by purpose (CON-2): status and dates only. */
    async consents(subjectId: string): Promise<Map<string, ConsentState>> {
      const found = new Map<string, ConsentState>();
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.subjectPartition(t, subjectId),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: CONSENT_SK_PREFIX },
      })) {
        if (item.type !== 'consent') continue;
        found.set(item.purpose as string, {
          status: item.status as ConsentState['status'],
          ...(item.withdrawnAt === undefined ? {} : { withdrawnAt: item.withdrawnAt as string }),
          ...(item.expiresAt === undefined ? {} : { expiresAt: item.expiresAt as string }),
        });
      }
      return found;
    },

    /** Stored versions older than `beforeVersion` that still hold any set named in `names`. */
    async versionsHolding(subjectId: string, names: readonly string[], beforeVersion: number): Promise<Record<string, unknown>[]> {
      const holding: Record<string, unknown>[] = [];
      for await (const item of queryAll({
        partitionAttribute: TABLE.partitionKey,
        partitionValue: keys.subjectPartition(t, subjectId),
        keyAttributes: TABLE_KEY_ATTRIBUTES,
        sortKeyPrefix: { attribute: TABLE.sortKey, prefix: keys.subjectVersionPrefix },
      })) {
        const state = item.state as Subject | undefined;
        if ((item.version as number) >= beforeVersion || !state) continue;
        if (state.attributeSets.some((s) => names.includes(s.name))) holding.push(item);
      }
      return holding;
    },

    /**
     * obligation: RET-2, DAT-5 — the version without the sets past retention, and a note of which
     * went, when: the values are gone from the history too. Rewriting an already redacted
     * version changes nothing, so a rerun is harmless.
     */
    async redactVersion(item: Record<string, unknown>, names: readonly string[], now: Date): Promise<void> {
      const state = item.state as Subject;
      const redacted = [...((item.redactedSets as { names: string[]; at: string }[] | undefined) ?? []), { names: [...names], at: now.toISOString() }];
      await documentClient.send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: { ...item, state: { ...state, attributeSets: state.attributeSets.filter((s) => !names.includes(s.name)) }, redactedSets: redacted },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ).catch((error) => {
        // Gone meanwhile (the subject was erased): nothing is left to redact.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    },

    /** Keys of the subject's time entries from before `before` (an instant, UTC ISO). */
    async *timeEntriesBefore(subjectId: string, before: string): AsyncGenerator<Key> {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(
          new QueryCommand({
            TableName: runtime.tableName,
            ConsistentRead: true,
            KeyConditionExpression: 'pk = :pk AND sk < :before',
            ProjectionExpression: 'pk, sk',
            ExpressionAttributeValues: { ':pk': keys.timeEntryPartition(t, subjectId), ':before': before },
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        for (const item of page.Items ?? []) yield { pk: item.pk as string, sk: item.sk as string };
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
