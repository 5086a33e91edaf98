import { describe, expect, it } from 'vitest';
import {
  LIABILITY_CAP_PERCENT,
  LIABILITY_WINDOW_MONTHS,
  liabilityCap,
  liabilityWindowStart,
} from '../../shared/domain/billing/liability.ts';

const eur = (amountCents: number, paidOn: string) => ({ amountCents, currency: 'EUR', paidOn });

describe('BIL-8 liability cap: 10% of the fees paid in the last six months', () => {
  it('BIL-8 the cap is 10% over 6 months', () => {
    expect(LIABILITY_CAP_PERCENT).toBe(10);
    expect(LIABILITY_WINDOW_MONTHS).toBe(6);
  });

  it.each([
    // The window is (at − 6 months, at]: it opens the day after the same day six months back.
    { at: '2026-11-15', from: '2026-05-16' },
    { at: '2027-01-01', from: '2026-07-02' }, // across the year end
    { at: '2026-03-31', from: '2025-10-01' }, // 30 Sep 2025 + 1
    // No 31 Feb: six months before 31 Aug is the last day of February, the window opens on 1 March.
    { at: '2026-08-31', from: '2026-03-01' },
    { at: '2028-08-31', from: '2028-03-01' }, // 29 Feb 2028 + 1
    { at: '2028-08-29', from: '2028-03-01' }, // 29 Feb 2028 + 1
    { at: '2028-08-28', from: '2028-02-29' }, // 28 Feb 2028 + 1: the leap day is in
  ])('BIL-8 at $at the window opens on $from', ({ at, from }) => {
    expect(liabilityWindowStart(at)).toBe(from);
  });

  it.each([
    { case: 'on the window’s first day: counts', paidOn: '2026-05-16', counted: true },
    { case: 'the day before the window: does not count', paidOn: '2026-05-15', counted: false },
    { case: 'on `at` itself: counts', paidOn: '2026-11-15', counted: true },
    { case: 'the day after `at`: does not count', paidOn: '2026-11-16', counted: false },
    { case: 'mid-window: counts', paidOn: '2026-08-01', counted: true },
    { case: 'a year before: does not count', paidOn: '2025-11-15', counted: false },
  ])('BIL-8 at 2026-11-15, a payment $case', ({ paidOn, counted }) => {
    const cap = liabilityCap([eur(50_000, paidOn)], '2026-11-15');
    expect(cap.at).toBe('2026-11-15');
    expect(cap.from).toBe('2026-05-16');
    expect(cap.capByCurrency).toEqual(counted ? [{ currency: 'EUR', paidCents: 50_000, capCents: 5000 }] : []);
  });

  it('BIL-8 sums the window per currency, sorted by currency, ignoring payments outside it', () => {
    const cap = liabilityCap(
      [
        eur(100_000, '2026-05-16'), // first day: in
        eur(50_000, '2026-05-15'), // the day before: out
        eur(20_000, '2026-11-15'), // at: in
        eur(30_000, '2026-11-16'), // later: out
        { amountCents: 12_345, currency: 'USD', paidOn: '2026-08-01' }, // 1234.5 → 1234
        { amountCents: 7_000, currency: 'CHF', paidOn: '2026-06-30' },
        { amountCents: 9_999, currency: 'CHF', paidOn: '2026-01-01' }, // out
      ],
      '2026-11-15',
    );
    expect(cap).toEqual({
      at: '2026-11-15',
      from: '2026-05-16',
      capByCurrency: [
        { currency: 'CHF', paidCents: 7_000, capCents: 700 },
        { currency: 'EUR', paidCents: 120_000, capCents: 12_000 },
        { currency: 'USD', paidCents: 12_345, capCents: 1234 },
      ],
    });
  });

  it.each([
    { paid: 1005, cap: 100 }, // 100.5 → 100
    { paid: 1009, cap: 100 }, // 100.9 → 100
    { paid: 1010, cap: 101 },
    { paid: 19, cap: 1 }, // 1.9 → 1
    { paid: 9, cap: 0 }, // 0.9 → 0
    { paid: 1_000_000_000_00, cap: 10_000_000_000 },
  ])('BIL-8 rounds down: $paid cents paid gives a cap of $cap cents', ({ paid, cap }) => {
    expect(liabilityCap([eur(paid, '2026-10-01')], '2026-11-15').capByCurrency).toEqual([
      { currency: 'EUR', paidCents: paid, capCents: cap },
    ]);
  });

  it('BIL-8 rounds the sum, not each payment: 3 × 5 cents = 15 → 1 cent', () => {
    const cap = liabilityCap([eur(5, '2026-09-01'), eur(5, '2026-10-01'), eur(5, '2026-11-01')], '2026-11-15');
    expect(cap.capByCurrency).toEqual([{ currency: 'EUR', paidCents: 15, capCents: 1 }]);
  });

  it('BIL-8 nothing paid in the window: no figure per currency', () => {
    expect(liabilityCap([], '2026-11-15')).toEqual({ at: '2026-11-15', from: '2026-05-16', capByCurrency: [] });
  });
});
