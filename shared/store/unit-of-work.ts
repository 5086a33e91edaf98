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

interface Labelled {
  item: TransactItem;
  label: string;
}

/**
 * Collects the writes of one operation and commits them in one DynamoDB transaction: the change,
 * its audit entry and its idempotency record succeed or fail together, in one round trip.
 */
export class UnitOfWork {
  private readonly writes: Labelled[] = [];

  put(label: string, put: WriteWithoutTable<'Put'>): this {
    this.writes.push({ label, item: { Put: { ...put, TableName: runtime.tableName } } });
    return this;
  }

  update(label: string, update: WriteWithoutTable<'Update'>): this {
    this.writes.push({ label, item: { Update: { ...update, TableName: runtime.tableName } } });
    return this;
  }

  delete(label: string, del: WriteWithoutTable<'Delete'>): this {
    this.writes.push({ label, item: { Delete: { ...del, TableName: runtime.tableName } } });
    return this;
  }

  conditionCheck(label: string, check: WriteWithoutTable<'ConditionCheck'>): this {
    this.writes.push({ label, item: { ConditionCheck: { ...check, TableName: runtime.tableName } } });
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
    for (let attempt = 1; ; attempt++) {
      try {
        await documentClient.send(new TransactWriteCommand({ TransactItems: this.writes.map((w) => w.item) }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const index = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (index >= 0) throw new ConditionFailed(this.writes[index]!.label);
        const conflicted = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!conflicted || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
      }
    }
  }
}
