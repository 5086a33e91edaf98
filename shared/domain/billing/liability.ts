import { addDays, addMonths } from './calendar.ts';
import type { LocalDate } from './calendar.ts';

/** obligation: BIL-8 — the cap is this share of the fees paid in the last six months. */
export const LIABILITY_CAP_PERCENT = 10;
export const LIABILITY_WINDOW_MONTHS = 6;

/** The first day counted: six calendar months before `at`, the day after (so `at` - 6 months is out). */
export function liabilityWindowStart(at: LocalDate): LocalDate {
  return addDays(addMonths(at, -LIABILITY_WINDOW_MONTHS), 1);
}

/**
 * obligation: BIL-8 — 10% of the amounts paid from the window's start to `at` (both included),
 * per currency, rounded down to the cent: the cap is never stated above what the contract gives.
 */
export function liabilityCap(payments: readonly { amountCents: number; currency: string; paidOn: LocalDate }[], at: LocalDate) {
  const from = liabilityWindowStart(at);
  const paid = new Map<string, number>();
  for (const p of payments) {
    if (p.paidOn < from || p.paidOn > at) continue;
    paid.set(p.currency, (paid.get(p.currency) ?? 0) + p.amountCents);
  }
  return {
    at,
    from,
    capByCurrency: [...paid.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, paidCents]) => ({ currency, paidCents, capCents: Math.floor((paidCents * LIABILITY_CAP_PERCENT) / 100) })),
  };
}
