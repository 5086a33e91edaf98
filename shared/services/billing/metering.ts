import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../clients/dynamodb.ts';
import { runtime } from '../../config/runtime.ts';
import { localDateOf } from '../../domain/billing/calendar.ts';
import type { JobSummary } from '../../jobs/handler.ts';
import { keys } from '../../store/keys.ts';
import { currentUsage } from '../../store/seat-meter.ts';
import { tenants } from '../../store/tenants.ts';

/**
 * obligation: BIL-2 — a daily snapshot per tenant as evidence beside the exact peak: the end
 * users active at the run and the month's peak so far. The first snapshot of a day stands; a
 * rerun writes nothing. A missed day cannot be reconstructed and is simply absent.
 */
export async function takeMeterSnapshots(now: Date): Promise<JobSummary> {
  const summary = { snapshots: 0, alreadyTaken: 0 };
  const day = localDateOf(now);
  for await (const tenant of tenants.each()) {
    const usage = await currentUsage(tenant.id, now);
    try {
      await documentClient.send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: { ...keys.daySnapshot(tenant.id, day), type: 'day-snapshot', day, takenAt: now.toISOString(), ...usage },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      summary.snapshots++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      summary.alreadyTaken++;
    }
  }
  return summary;
}
