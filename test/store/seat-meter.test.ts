import { describe, expect, it } from 'vitest';
import { monthOf } from '../../shared/domain/billing/calendar.ts';
import { countSeat, currentUsage, monthPeak } from '../../shared/store/seat-meter.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { newId } from '../../shared/ids.ts';

async function change(tenantId: string, delta: 1 | -1, at: string) {
  const uow = new UnitOfWork();
  countSeat(uow, tenantId, delta, new Date(at));
  await uow.commit();
}

/** The peak per month by replaying the changes: the month's opening count, then every count reached. */
function expectedPeaks(changes: [1 | -1, string][]) {
  const peaks = new Map<string, number>();
  let count = 0;
  for (const [delta, at] of changes) {
    const month = monthOf(new Date(at));
    if (!peaks.has(month)) peaks.set(month, count);
    count += delta;
    peaks.set(month, Math.max(peaks.get(month)!, count));
  }
  return peaks;
}

describe('seat meter', () => {
  it('BIL-2 keeps the exact peak of each month, across month ends in Ljubljana time', async () => {
    const tenantId = newId(new Date());
    const changes: [1 | -1, string][] = [
      [1, '2026-09-30T10:00:00Z'],
      [1, '2026-09-30T21:59:00Z'], // still 30 September in Ljubljana (23:59 CEST)
      [1, '2026-09-30T22:01:00Z'], // 1 October 00:01 in Ljubljana: October opens at 2
      [-1, '2026-10-02T08:00:00Z'],
      [-1, '2026-10-03T08:00:00Z'],
      [1, '2026-10-20T08:00:00Z'],
      [1, '2026-10-21T08:00:00Z'],
      [1, '2026-10-22T08:00:00Z'],
      [-1, '2026-10-23T08:00:00Z'],
      [-1, '2026-12-05T08:00:00Z'], // no change in November: it carries October's closing count
      [1, '2026-12-06T08:00:00Z'],
    ];
    for (const [delta, at] of changes) await change(tenantId, delta, at);
    const expected = expectedPeaks(changes);

    expect(await monthPeak(tenantId, '2026-09')).toMatchObject({ peak: expected.get('2026-09'), peakAt: '2026-09-30T21:59:00.000Z' });
    expect(await monthPeak(tenantId, '2026-10')).toMatchObject({ peak: 4, peakAt: '2026-10-22T08:00:00.000Z' });
    expect(expected.get('2026-10')).toBe(4);
    expect((await monthPeak(tenantId, '2026-11')).peak).toBe(3);
    expect((await monthPeak(tenantId, '2026-12')).peak).toBe(3);
    expect(await currentUsage(tenantId, new Date('2026-12-07T08:00:00Z'))).toMatchObject({ activeSeats: 3, month: '2026-12', peak: 3 });
    // Months after the last change carry the live count.
    expect((await monthPeak(tenantId, '2027-02')).peak).toBe(3);
  });

  it('BIL-2 counts concurrent changes exactly: twenty parallel sign-ups make a peak of twenty', async () => {
    const tenantId = newId(new Date());
    await change(tenantId, 1, '2026-11-01T09:00:00Z');
    await change(tenantId, -1, '2026-11-01T09:01:00Z');
    await Promise.all(Array.from({ length: 20 }, () => change(tenantId, 1, '2026-11-02T09:00:00Z')));
    await Promise.all(Array.from({ length: 5 }, () => change(tenantId, -1, '2026-11-03T09:00:00Z')));
    expect(await currentUsage(tenantId, new Date('2026-11-04T00:00:00Z'))).toMatchObject({ activeSeats: 15, peak: 20 });
  });

  it('BIL-2 a month with no tenant activity has peak 0', async () => {
    expect(await monthPeak(newId(new Date()), '2026-11')).toEqual({ month: '2026-11', peak: 0 });
  });
});
