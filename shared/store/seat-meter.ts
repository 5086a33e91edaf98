import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../clients/dynamodb.ts';
import { runtime } from '../config/runtime.ts';
import { firstDayOf, monthOf, startOfDay } from '../domain/billing/calendar.ts';
import type { Month } from '../domain/billing/calendar.ts';
import type { MeterReading } from '../model/billing.ts';
import { getAll } from './batch.ts';
import { keys } from './keys.ts';
import type { UnitOfWork, Write } from './unit-of-work.ts';

/** The SEATS item: the live count and the running peak of the month it was last changed in. */
interface SeatsItem {
  active: number;
  /** Bumped by every change: a write against what was read is conditioned on it (no ABA). */
  rev?: number;
  month?: Month;
  peak?: number;
  peakAt?: string;
}

const NAMES = { '#month': 'month' };

/**
 * obligation: BIL-2 — an exact peak of active end users per calendar month (Europe/Ljubljana),
 * kept in the same transaction as every seat change, so no spike between samples is missed.
 *
 * Seat changes are ±1. A DynamoDB condition may compare two attributes but not do arithmetic, so
 * an increment first tries "below the peak" (count only), then "at the peak" (count and peak
 * together); neither needs a read, and concurrent changes commute. Only the first change of a
 * month, or a race with it, reads the item and writes against exactly what it read; that write
 * also files the closed month's peak as its own item, so a month's figure is never lost.
 */
export function countSeat(uow: UnitOfWork, tenantId: string, delta: 1 | -1, now: Date): void {
  const key = keys.seats(tenantId);
  const month = monthOf(now);
  const common = { Key: key, ExpressionAttributeNames: NAMES };
  const belowPeak: Write = {
    Update: {
      ...common,
      UpdateExpression: 'ADD active :delta, rev :one SET updatedAt = :now',
      ConditionExpression: delta === 1 ? '#month = :month AND peak > active' : '#month = :month',
      ExpressionAttributeValues: { ':delta': delta, ':one': 1, ':month': month, ':now': now.toISOString() },
    },
  };
  const atPeak: Write = {
    Update: {
      ...common,
      UpdateExpression: 'ADD active :one, peak :one, rev :one SET peakAt = :now, updatedAt = :now',
      ConditionExpression: '#month = :month AND peak = active',
      ExpressionAttributeValues: { ':one': 1, ':month': month, ':now': now.toISOString() },
    },
  };
  const plan: (() => Promise<Write[]>)[] = delta === 1 ? [async () => [atPeak]] : [];
  let step = 0;
  uow.conditional('seats', [belowPeak], async () => (step < plan.length ? plan[step++]!() : againstWhatIsStored(tenantId, delta, now)));
}

async function againstWhatIsStored(tenantId: string, delta: 1 | -1, now: Date): Promise<Write[]> {
  const key = keys.seats(tenantId);
  const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true }));
  const stored = Item as SeatsItem | undefined;
  const before = stored?.active ?? 0;
  const active = before + delta;
  const at = now.toISOString();
  // A request that started just before midnight of the 1st may land after the month rolled.
  const month = stored?.month !== undefined && stored.month > monthOf(now) ? stored.month : monthOf(now);
  const sameMonth = stored?.month === month;
  const peakBefore = sameMonth ? (stored.peak ?? before) : before;
  const peakAtBefore = sameMonth ? stored.peakAt : startOfDay(firstDayOf(month)).toISOString();
  const newPeak = active > peakBefore;
  const writes: Write[] = [
    {
      Put: {
        Item: {
          ...key,
          type: 'seats',
          active,
          month,
          peak: newPeak ? active : peakBefore,
          peakAt: newPeak ? at : peakAtBefore,
          rev: (stored?.rev ?? 0) + 1,
          updatedAt: at,
        },
        // Exactly the item read: its revision, so no change in between can be written over.
        ...(stored
          ? stored.rev === undefined
            ? { ConditionExpression: 'attribute_not_exists(rev) AND active = :active', ExpressionAttributeValues: { ':active': before } }
            : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': stored.rev } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
  ];
  if (stored?.month !== undefined && !sameMonth) {
    // The closed month's figure, filed once; the invoicing run may have filed the same values.
    writes.push({
      Put: {
        Item: {
          ...keys.monthPeak(tenantId, stored.month),
          type: 'month-peak',
          month: stored.month,
          peak: stored.peak ?? before,
          ...(stored.peakAt ? { peakAt: stored.peakAt } : {}),
          endActive: before,
        },
      },
    });
  }
  return writes;
}

/** The live count and this month's peak so far, from the stored SEATS item (or none yet). */
export function usageOf(stored: Record<string, unknown> | undefined, now: Date): { activeSeats: number } & MeterReading {
  const seats = stored as SeatsItem | undefined;
  const month = monthOf(now);
  const active = seats?.active ?? 0;
  if (seats?.month !== undefined && seats.month >= month) {
    return { activeSeats: active, month: seats.month, peak: seats.peak ?? active, ...(seats.peakAt ? { peakAt: seats.peakAt } : {}) };
  }
  return { activeSeats: active, month, peak: active, peakAt: startOfDay(firstDayOf(month)).toISOString() };
}

export async function currentUsage(tenantId: string, now: Date): Promise<{ activeSeats: number } & MeterReading> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: runtime.tableName, Key: keys.seats(tenantId), ConsistentRead: true }));
  return usageOf(Item, now);
}

/**
 * obligation: BIL-2 — the peak of a closed month: its filed figure; else the live item if it
 * still holds that month; else the count carried unchanged through it (no change in the month).
 */
export async function monthPeak(tenantId: string, month: Month): Promise<MeterReading> {
  // Keys DynamoDB leaves unprocessed are read again: a missed peak item would bill the wrong count.
  const items = await getAll([keys.seats(tenantId), keys.monthPeak(tenantId, month)], { consistent: true });
  const filed = items.find((i) => i.sk === keys.monthPeak(tenantId, month).sk);
  const carriedFrom = startOfDay(firstDayOf(month)).toISOString();
  if (filed) return { month, peak: filed.peak as number, ...(filed.peakAt ? { peakAt: filed.peakAt as string } : {}) };
  const stored = items.find((i) => i.sk === keys.seats(tenantId).sk) as SeatsItem | undefined;
  if (!stored) return { month, peak: 0 };
  if (stored.month === month) return { month, peak: stored.peak ?? stored.active, ...(stored.peakAt ? { peakAt: stored.peakAt } : {}) };
  if (stored.month === undefined || stored.month < month) return { month, peak: stored.active, peakAt: carriedFrom };
  // Changed after the month but not in it: the count at its end is the one the last earlier month closed with.
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: runtime.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
      ExpressionAttributeValues: { ':pk': keys.meterPartition(tenantId), ':first': keys.monthPeakPrefix, ':before': keys.monthPeak(tenantId, month).sk },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const earlier = Items[0];
  return earlier ? { month, peak: earlier.endActive as number, peakAt: carriedFrom } : { month, peak: 0 };
}
