import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type WriteWithoutTable<K extends keyof TransactItem> = Omit<NonNullable<TransactItem[K]>, 'TableName'>;

/** Thrown when a write's condition fails; `cause` says which write. */
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

  get size(): number {
    return this.writes.length;
  }

  /** Commits all writes; a failed condition surfaces as `ConditionFailed` with its label. */
  async commit(): Promise<void> {
    if (this.writes.length === 0) return;
    try {
      await documentClient.send(
        new TransactWriteCommand({ TransactItems: this.writes.map((w) => w.item) }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const index = error.CancellationReasons?.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (index !== undefined && index >= 0) throw new ConditionFailed(this.writes[index]!.label);
      }
      throw error;
    }
  }
}
