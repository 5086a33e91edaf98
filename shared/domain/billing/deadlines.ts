import type { ReminderKind } from '../../model/billing.ts';
import { addDays, addMonths, localDateOf, startOfDay } from './calendar.ts';
import type { LocalDate } from './calendar.ts';

/** obligation: BIL-3 — payable within 35 days of the invoice date. */
export const PAYMENT_TERM_DAYS = 35;
/** obligation: DUN-2 — unpaid 30 days after the due date: dormant. */
export const DORMANCY_AFTER_DUE_DAYS = 30;
/** obligation: DUN-5 — 90 days dormant: deleted. */
export const DELETION_AFTER_DORMANT_DAYS = 90;
/** obligation: DUN-5 — deletion warnings this many days ahead. */
export const DELETION_WARNING_DAYS = [30, 7] as const;

/**
 * obligation: DUN-1 — the reminder cadence, in calendar days from the due date (or the dormancy
 * date): at issue, a week before the due date, on it, the day after, and a week before dormancy.
 * Tests and docs/billing-lifecycle.md read this table.
 */
export const REMINDER_CADENCE: readonly { kind: ReminderKind; from: 'issued' | 'due' | 'dormant'; days: number }[] = [
  { kind: 'issued', from: 'issued', days: 0 },
  { kind: 'due-soon', from: 'due', days: -7 },
  { kind: 'due-today', from: 'due', days: 0 },
  { kind: 'overdue', from: 'due', days: 1 },
  { kind: 'dormancy-warning', from: 'dormant', days: -7 },
];

export interface InvoiceDeadlines {
  dueOn: LocalDate;
  /** The end of the due date in Ljubljana: a payment on the due date is on time. */
  dueAt: string;
  /** 30 days after the due date has ended. */
  dormantAt: string;
  /** 90 calendar days after dormancy. */
  deleteAt: string;
  reminders: { kind: ReminderKind; at: string }[];
}

/**
 * obligation: BIL-3, DUN-1, DUN-2, DUN-5 — every deadline of an invoice as an absolute instant,
 * computed once at issue and stored on it. Days are calendar days in Europe/Ljubljana.
 */
export function invoiceDeadlines(issuedOn: LocalDate): InvoiceDeadlines {
  const dueOn = addDays(issuedOn, PAYMENT_TERM_DAYS);
  const dormantOn = addDays(dueOn, DORMANCY_AFTER_DUE_DAYS + 1);
  const deleteOn = addDays(dormantOn, DELETION_AFTER_DORMANT_DAYS);
  const anchor = { issued: issuedOn, due: dueOn, dormant: dormantOn };
  return {
    dueOn,
    dueAt: startOfDay(addDays(dueOn, 1)).toISOString(),
    dormantAt: startOfDay(dormantOn).toISOString(),
    deleteAt: startOfDay(deleteOn).toISOString(),
    reminders: REMINDER_CADENCE.map((r) => ({ kind: r.kind, at: startOfDay(addDays(anchor[r.from], r.days)).toISOString() })),
  };
}

/**
 * The reminders to send at `now` of those not sent yet: each one that is due, except one that a
 * later due reminder supersedes (a run that catches up after an outage sends the latest news,
 * not a burst of stale reminders). The issue notice carries the invoice: it is never skipped.
 */
export function remindersDue(reminders: readonly { kind: ReminderKind; at: string }[], now: Date): ReminderKind[] {
  const due = reminders.filter((r) => Date.parse(r.at) <= now.getTime());
  const latest = due.at(-1);
  return due.filter((r) => r.kind === 'issued' || r === latest).map((r) => r.kind);
}

/** obligation: DUN-5 — the deletion warning due at `now` (30 or 7 calendar days ahead), the latest only. */
export function deletionWarningDue(deleteAt: string, now: Date): number | undefined {
  const deleteOn = localDateOf(new Date(deleteAt));
  if (now.getTime() >= Date.parse(deleteAt)) return undefined;
  const due = DELETION_WARNING_DAYS.filter((days) => now.getTime() >= startOfDay(addDays(deleteOn, -days)).getTime());
  return due.at(-1);
}

/**
 * obligation: BIL-6, DUN-6 — a contract ends at the end of the period already invoiced: the end of
 * this month for a monthly plan (or none yet), the end of the plan year for an annual one.
 */
export function contractEnd(plan: { interval: 'monthly' | 'annual'; startsOn: LocalDate } | undefined, now: Date): string {
  const today = localDateOf(now);
  if (plan?.interval === 'annual' && plan.startsOn <= today) {
    let end = plan.startsOn;
    while (end <= today) end = addMonths(end, 12);
    return startOfDay(end).toISOString();
  }
  return startOfDay(addMonths(`${today.slice(0, 7)}-01`, 1)).toISOString();
}
