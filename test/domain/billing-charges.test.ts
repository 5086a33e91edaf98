import { describe, expect, it } from 'vitest';
import type { MeterReading, Plan } from '../../shared/model/billing.ts';
import { chargesFor, describe as describeLine, isPeriodStart, reactivationCharge } from '../../shared/domain/billing/charges.ts';
import type { ChargeLine } from '../../shared/domain/billing/charges.ts';

/** A meter whose peak per month is given; asking for any other month fails the test. */
function meter(peaks: Record<string, number>) {
  const asked: string[] = [];
  const peakOf = (month: string): MeterReading => {
    asked.push(month);
    const peak = peaks[month];
    if (peak === undefined) throw new Error(`meter asked for ${month}`);
    return { month, peak, peakAt: `${month}-10T08:00:00.000Z` };
  };
  return { peakOf, asked };
}

const reading = (month: string, peak: number): MeterReading => ({ month, peak, peakAt: `${month}-10T08:00:00.000Z` });

// Prices are per end user and month (BIL-1), in cents.
const monthly: Plan = { interval: 'monthly', unitPriceCents: 250, currency: 'EUR', startsOn: '2026-01-01' };
const annual: Plan = { interval: 'annual', unitPriceCents: 300, currency: 'EUR', committedSeats: 20, startsOn: '2026-04-01' };
// Annual line: 20 seats × 300 cents × 12 months = 72 000 cents.
const annualLine: ChargeLine = { kind: 'annual', quantity: 20, unitPriceCents: 300, months: 12, netCents: 72_000 };
const trueUp = (month: string, peak: number): ChargeLine => ({
  kind: 'true-up',
  quantity: peak - 20,
  unitPriceCents: 300,
  months: 1,
  netCents: (peak - 20) * 300,
  meter: reading(month, peak),
});

describe('BIL-2 BIL-3 monthly plan: the previous month’s peak × the price', () => {
  it.each([
    { period: '2026-03', measured: '2026-02', peak: 17, net: 4250 }, // 17 × 250
    { period: '2027-01', measured: '2026-12', peak: 40, net: 10_000 }, // across the year end
    { period: '2026-05', measured: '2026-04', peak: 1, net: 250 },
    { period: '2026-06', measured: '2026-05', peak: 0, net: 0 },
    // The plan's first period is priced, as BIL-2 says, by the previous calendar month's peak,
    // although that month (December 2025) was before the plan.
    { period: '2026-01', measured: '2025-12', peak: 12, net: 3000 },
  ])('BIL-2 BIL-3 period $period: peak of $measured ($peak) × 250 = $net', ({ period, measured, peak, net }) => {
    const m = meter({ [measured]: peak });
    expect(chargesFor(monthly, period, m.peakOf)).toEqual([
      { kind: 'monthly', quantity: peak, unitPriceCents: 250, months: 1, netCents: net, meter: reading(measured, peak) },
    ]);
    expect(m.asked).toEqual([measured]);
  });
});

describe('BIL-3 BIL-4 annual plan from 2026-04 (20 seats at 300): in advance, then a monthly true-up', () => {
  it.each([
    // First period: the month before is not under the plan, so no true-up whatever its peak.
    { case: 'first period, March peak 35 (before the plan)', period: '2026-04', measured: '2026-03', peak: 35, lines: [annualLine] },
    { case: 'first period, March peak 0', period: '2026-04', measured: '2026-03', peak: 0, lines: [annualLine] },
    { case: 'month 2, April peak under commitment', period: '2026-05', measured: '2026-04', peak: 18, lines: [] },
    { case: 'month 2, April peak equal to commitment', period: '2026-05', measured: '2026-04', peak: 20, lines: [] },
    { case: 'month 2, April peak 21: true-up 1 × 300', period: '2026-05', measured: '2026-04', peak: 21, lines: [trueUp('2026-04', 21)] },
    { case: 'month 3, May peak 23: true-up 3 × 300', period: '2026-06', measured: '2026-05', peak: 23, lines: [trueUp('2026-05', 23)] },
    { case: 'month 10 across the year end, December peak 30', period: '2027-01', measured: '2026-12', peak: 30, lines: [trueUp('2026-12', 30)] },
    { case: 'month 12, February peak 25', period: '2027-03', measured: '2027-02', peak: 25, lines: [trueUp('2027-02', 25)] },
    // Opening plan year 2: the annual line again, plus the true-up for March 2027 (last month of year 1).
    { case: 'year 2 opens, March peak 22', period: '2027-04', measured: '2027-03', peak: 22, lines: [annualLine, trueUp('2027-03', 22)] },
    { case: 'year 2 opens, March peak 20', period: '2027-04', measured: '2027-03', peak: 20, lines: [annualLine] },
    { case: 'year 2 month 2', period: '2027-05', measured: '2027-04', peak: 19, lines: [] },
    { case: 'year 3 opens, March peak 50', period: '2028-04', measured: '2028-03', peak: 50, lines: [annualLine, trueUp('2028-03', 50)] },
  ])('BIL-3 BIL-4 $case', ({ period, measured, peak, lines }) => {
    const m = meter({ [measured]: peak });
    expect(chargesFor(annual, period, m.peakOf)).toEqual(lines);
    expect(m.asked).toEqual([measured]);
  });

  it('BIL-4 a plan year opening in December: the annual line each December, true-ups in between', () => {
    const december: Plan = { ...annual, startsOn: '2026-12-01' };
    expect(chargesFor(december, '2026-12', meter({ '2026-11': 99 }).peakOf)).toEqual([annualLine]);
    expect(chargesFor(december, '2027-01', meter({ '2026-12': 24 }).peakOf)).toEqual([trueUp('2026-12', 24)]);
    expect(chargesFor(december, '2027-11', meter({ '2027-10': 20 }).peakOf)).toEqual([]);
    expect(chargesFor(december, '2027-12', meter({ '2027-11': 21 }).peakOf)).toEqual([annualLine, trueUp('2027-11', 21)]);
  });

  it.each([
    // A period before the plan starts opens no plan year of it (the plan starts 2027-04):
    // 3 months before, and exactly 12 months before (where (−12) % 12 is −0).
    { period: '2027-01', measured: '2026-12', peak: 30 },
    { period: '2026-04', measured: '2026-03', peak: 30 },
  ])('BIL-4 annual plan from 2027-04: period $period is before it, no annual line and no true-up', ({ period, measured, peak }) => {
    const later: Plan = { ...annual, startsOn: '2027-04-01' };
    expect(chargesFor(later, period, meter({ [measured]: peak }).peakOf)).toEqual([]);
  });

  it('BIL-4 the annual line is priced per seat and month: 12 × committed × price', () => {
    const big: Plan = { interval: 'annual', unitPriceCents: 199, currency: 'USD', committedSeats: 137, startsOn: '2026-01-01' };
    // 137 × 199 = 27 263; × 12 = 327 156.
    expect(chargesFor(big, '2026-01', meter({ '2025-12': 0 }).peakOf)).toEqual([
      { kind: 'annual', quantity: 137, unitPriceCents: 199, months: 12, netCents: 327_156 },
    ]);
  });
});

describe('DUN-4 reactivationCharge: one monthly fee at the last active month’s price', () => {
  it.each([
    { case: 'monthly plan, peak 17', plan: monthly, peak: 17, seats: 17, net: 4250 }, // 17 × 250
    { case: 'monthly plan, peak 0', plan: monthly, peak: 0, seats: 0, net: 0 },
    { case: 'annual plan, peak 12 under the commitment of 20', plan: annual, peak: 12, seats: 20, net: 6000 }, // 20 × 300
    { case: 'annual plan, peak 20 at the commitment', plan: annual, peak: 20, seats: 20, net: 6000 },
    { case: 'annual plan, peak 26 above the commitment', plan: annual, peak: 26, seats: 26, net: 7800 }, // 26 × 300
  ])('DUN-4 $case: $seats seats, $net cents', ({ plan, peak, seats, net }) => {
    const lastActive = reading('2026-09', peak);
    expect(reactivationCharge(plan, lastActive)).toEqual({
      kind: 'reactivation',
      quantity: seats,
      unitPriceCents: plan.unitPriceCents,
      months: 1,
      netCents: net,
      meter: lastActive,
    });
  });
});

describe('BIL-3 lines as printed and period starts', () => {
  it.each(['sl', 'en'] as const)('BIL-3 every line kind has a %s description naming its month', (language) => {
    for (const kind of ['monthly', 'annual', 'true-up', 'reactivation'] as const) {
      const line: ChargeLine = { kind, quantity: 1, unitPriceCents: 100, months: 1, netCents: 100 };
      const printed = describeLine(line, language, '2026-11');
      expect(printed).toEqual({ ...line, description: expect.stringContaining('2026-11') });
    }
  });

  it.each([
    ['2026-03-01', true],
    ['2028-02-01', true],
    ['2026-03-02', false],
    ['2028-02-29', false],
  ])('BIL-3 isPeriodStart(%s) is %s', (date, result) => {
    expect(isPeriodStart(date)).toBe(result);
  });
});
