import { addDays, addMonths, localDateOf, startOfDay } from '../billing/calendar.ts';
import type { LocalDate } from '../billing/calendar.ts';
import { RuleViolation } from '../rule-violation.ts';

/** The longest extension GDPR Art. 12(3) allows: two further months. */
export const MAX_EXTENSION_MONTHS = 2;

/** obligation: DSR-4 — a request less than this many months after the same person's last one may carry a fee. */
export const REPEAT_WINDOW_MONTHS = 6;

/** obligation: DSR-9 — days before the deadline the data protection contact is reminded. */
export const DUE_SOON_DAYS = [7, 2] as const;

/** An overdue request is reminded of on its first overdue day and again every this many days. */
export const OVERDUE_EVERY_DAYS = 7;

export interface Deadline {
  /** The last day to answer, in Europe/Ljubljana. */
  dueOn: LocalDate;
  /** The end of that day: answered in time before this instant. */
  dueAt: string;
}

function deadlineOn(dueOn: LocalDate): Deadline {
  return { dueOn, dueAt: startOfDay(addDays(dueOn, 1)).toISOString() };
}

/**
 * obligation: DSR-2 — one calendar month from receipt: the same day number next month, or that
 * month's last day when it has none (31 January → 28 or 29 February). Counted in the tenant's
 * contract time zone, so a request received at 00:30 in Ljubljana counts from that local day.
 */
export function deadlineOf(receivedAt: Date): Deadline {
  return deadlineOn(addMonths(localDateOf(receivedAt), 1));
}

/**
 * obligation: DSR-2 — once, by one or two further months counted from receipt, with a reason, and
 * only while the first month runs: the requester must be told inside it.
 */
export function extendedDeadline(
  request: { receivedAt: string; dueAt: string; extension?: unknown },
  months: number,
  now: Date,
): Deadline {
  if (request.extension !== undefined) throw new RuleViolation('months', 'a request can be extended only once');
  if (!Number.isInteger(months) || months < 1 || months > MAX_EXTENSION_MONTHS) {
    throw new RuleViolation('months', `an extension is one or ${MAX_EXTENSION_MONTHS} further months`);
  }
  if (now.getTime() >= Date.parse(request.dueAt)) {
    throw new RuleViolation('months', 'the first month has passed: the requester had to be told of an extension within it');
  }
  return deadlineOn(addMonths(localDateOf(new Date(request.receivedAt)), 1 + months));
}

/**
 * obligation: DSR-4 — the same person asked less than six months before this request's receipt.
 * Exactly six months earlier (same day number) is not less than six months. This only lets the
 * tenant consider a fee; it never charges or refuses by itself (EDPB 01/2022 para 192).
 */
export function isRepeatWithinWindow(previousReceivedAt: Date, receivedAt: Date): boolean {
  const previous = localDateOf(previousReceivedAt);
  return previous > addMonths(localDateOf(receivedAt), -REPEAT_WINDOW_MONTHS) && previousReceivedAt <= receivedAt;
}

/**
 * obligation: DSR-9 — the reminder due at `now`, if any: 7 and 2 days before the last day, then on
 * the first overdue day and every week after. A run that catches up sends only the latest one;
 * each has its own name, so each goes out once.
 */
export function reminderDue(dueOn: LocalDate, now: Date): string | undefined {
  const today = localDateOf(now);
  if (today > dueOn) {
    const overdueDays = Math.round((startOfDay(today).getTime() - startOfDay(addDays(dueOn, 1)).getTime()) / 86_400_000);
    return `overdue-${Math.floor(overdueDays / OVERDUE_EVERY_DAYS)}`;
  }
  const due = DUE_SOON_DAYS.filter((days) => today >= addDays(dueOn, -days)).at(-1);
  return due === undefined ? undefined : `due-in-${due}-days`;
}
