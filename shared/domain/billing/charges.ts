import type { InvoiceLine, MeterReading, Plan } from '../../model/billing.ts';
import type { Language } from '../../model/tenant.ts';
import { firstDayOf, previousMonth } from './calendar.ts';
import type { Month } from './calendar.ts';

export type ChargeLine = Omit<InvoiceLine, 'description'>;

const LABELS: Record<Language, Record<InvoiceLine['kind'], (month: Month) => string>> = {
  sl: {
    monthly: (m) => `Mesečna naročnina za ${m} po najvišjem številu končnih uporabnikov v prejšnjem mesecu`,
    annual: (m) => `Letna naročnina od ${m} za dogovorjeno število končnih uporabnikov`,
    'true-up': (m) => `Poračun končnih uporabnikov nad dogovorjenim številom v ${m}`,
    reactivation: (m) => `Ponovna aktivacija: mesečna naročnina po ceni zadnjega aktivnega meseca (${m})`,
  },
  en: {
    monthly: (m) => `Monthly subscription for ${m} at the previous month's peak of end users`,
    annual: (m) => `Annual subscription from ${m} for the agreed number of end users`,
    'true-up': (m) => `True-up of end users above the agreed number in ${m}`,
    reactivation: (m) => `Reactivation: one monthly fee at the price of the last active month (${m})`,
  },
};

/** The line as printed: its text is fixed in the tenant's language when the invoice is issued. */
export function describe(line: ChargeLine, language: Language, month: Month): InvoiceLine {
  return { ...line, description: LABELS[language][line.kind](month) };
}

/** Whole months from the plan's first month to `period`. */
function monthsSinceStart(plan: Plan, period: Month): number {
  const [sy, sm] = plan.startsOn.slice(0, 7).split('-').map(Number) as [number, number];
  const [py, pm] = period.split('-').map(Number) as [number, number];
  return (py - sy) * 12 + (pm - sm);
}

/**
 * obligation: BIL-2, BIL-3, BIL-4 — the charges of the billing period `period` (a calendar month),
 * issued at its start:
 * - monthly plan: the previous month's peak of active end users × the price per user;
 * - annual plan: in the period that opens a plan year, twelve months of the committed seats in
 *   advance; in every period, a true-up of the previous month's peak above the commitment, at the
 *   monthly price per user (docs/decisions.md).
 * `peakOf` gives the metered peak of a closed month.
 */
export function chargesFor(plan: Plan, period: Month, peakOf: (month: Month) => MeterReading): ChargeLine[] {
  if (period < plan.startsOn.slice(0, 7)) return [];
  const last = peakOf(previousMonth(period));
  if (plan.interval === 'monthly') {
    return [{ kind: 'monthly', quantity: last.peak, unitPriceCents: plan.unitPriceCents, months: 1, netCents: last.peak * plan.unitPriceCents, meter: last }];
  }
  const committed = plan.committedSeats ?? 0;
  const lines: ChargeLine[] = [];
  if (monthsSinceStart(plan, period) % 12 === 0) {
    lines.push({ kind: 'annual', quantity: committed, unitPriceCents: plan.unitPriceCents, months: 12, netCents: committed * plan.unitPriceCents * 12 });
  }
  const plannedLastMonth = previousMonth(period) >= plan.startsOn.slice(0, 7);
  if (plannedLastMonth && last.peak > committed) {
    const above = last.peak - committed;
    lines.push({ kind: 'true-up', quantity: above, unitPriceCents: plan.unitPriceCents, months: 1, netCents: above * plan.unitPriceCents, meter: last });
  }
  return lines;
}

/**
 * obligation: DUN-4 — the reactivation fee: one month at the price of the last month the tenant
 * was fully active (the month before it went dormant): that month's peak, or the commitment of an
 * annual plan if higher, × the price per user. Frozen on the account when the tenant goes dormant.
 */
export function reactivationCharge(plan: Plan, lastActive: MeterReading): ChargeLine {
  const seats = Math.max(lastActive.peak, plan.interval === 'annual' ? (plan.committedSeats ?? 0) : 0);
  return { kind: 'reactivation', quantity: seats, unitPriceCents: plan.unitPriceCents, months: 1, netCents: seats * plan.unitPriceCents, meter: lastActive };
}

/** The first billing period of a plan, and whether a date may start one (the first of a month). */
export function isPeriodStart(date: string): boolean {
  return date === firstDayOf(date.slice(0, 7));
}
