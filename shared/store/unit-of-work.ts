import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type WriteWithoutTable<K extends keyof TransactItem> = Omit<NonNullable<TransactItem[K]>, 'TableName'>;

const MAX_ATTEMPTS = 4;

/** Thrown when a write's condition fails; `label` says which write. */
export class ConditionFailed extends Error {
  constructor(readonly label: string) {
    super(`Condition failed: ${label}`);
  }
}

/** A put or an update as the caller gives it, without the table. */
export type Write = { Put: WriteWithoutTable<'Put'> } | { Update: WriteWithoutTable<'Update'> };

/**
 * What to write instead when this write's condition fails: a write whose condition held no
 * longer is retried with what the callback returns (read afresh if it must), or, on
 * `undefined`, the failure stands.
 */
export type Otherwise = () => Promise<Write[] | undefined>;

interface Labelled {
  items: TransactItem[];
  label: string;
  otherwise?: Otherwise;
}

const MAX_REWRITES = 8;

function withTable(write: Write): TransactItem {
  if ('Put' in write) return { Put: { ...write.Put, TableName: runtime.tableName } };
  return { Update: { ...write.Update, TableName: runtime.tableName } };
}

/**
 * Collects the writes of one operation and commits them in one DynamoDB transaction: the change,
 * its audit entry and its idempotency record succeed or fail together, in one round trip.
 */
export class UnitOfWork {
  private readonly writes: Labelled[] = [];

  put(label: string, put: WriteWithoutTable<'Put'>): this {
    this.writes.push({ label, items: [{ Put: { ...put, TableName: runtime.tableName } }] });
    return this;
  }

  update(label: string, update: WriteWithoutTable<'Update'>): this {
    this.writes.push({ label, items: [{ Update: { ...update, TableName: runtime.tableName } }] });
    return this;
  }

  /**
   * A write with a plan for when its condition fails (see `Otherwise`): the seat meter tries
   * the common case without reading and falls back to what it reads only when it must.
   */
  conditional(label: string, first: Write[], otherwise: Otherwise): this {
    this.writes.push({ label, items: first.map(withTable), otherwise });
    return this;
  }

  delete(label: string, del: WriteWithoutTable<'Delete'>): this {
    this.writes.push({ label, items: [{ Delete: { ...del, TableName: runtime.tableName } }] });
    return this;
  }

  conditionCheck(label: string, check: WriteWithoutTable<'ConditionCheck'>): this {
    this.writes.push({ label, items: [{ ConditionCheck: { ...check, TableName: runtime.tableName } }] });
    return this;
  }

  /**
   * Commits all writes; a failed condition surfaces as `ConditionFailed` with its label. A
   * transaction cancelled only because another one touched the same item (a capture against a
   * restriction, two subjects changing the seat count) is retried with jitter: the whole
   * transaction, idempotency record included, either happens once or not at all.
   */
  async commit(): Promise<void> {
    if (this.writes.length === 0) return;
    let rewrites = 0;
    for (let attempt = 1; ; attempt++) {
      const owners = this.writes.flatMap((w) => w.items.map(() => w));
      try {
        await documentClient.send(new TransactWriteCommand({ TransactItems: this.writes.flatMap((w) => w.items) }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const index = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (index >= 0) {
          const failed = owners[index]!;
          const instead = rewrites < MAX_REWRITES ? await failed.otherwise?.() : undefined;
          if (!instead) throw new ConditionFailed(failed.label);
          failed.items = instead.map(withTable);
          rewrites++;
          attempt--;
          continue;
        }
        const conflicted = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!conflicted || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
      }
    }
  }
}
