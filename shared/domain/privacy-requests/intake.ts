import { isOpen } from './lifecycle.ts';
import type { RequestState, RequestType } from './lifecycle.ts';

/**
 * obligation: DSR-8, CON-1 — the rules of the vendor's public intake. A form only asks the sender
 * to confirm the address it names (double opt-in); the request reaches the tenant, and its clock
 * starts, when the link in that e-mail is confirmed.
 */

/**
 * How long the confirmation link works, and how long the pending form (address and message) is
 * kept: three days covers a weekend; a person who misses it sends the form again.
 */
export const INTAKE_LINK_HOURS = 72;

/**
 * obligation: DSR-8 — at most this many confirmation e-mails a day to one address from one
 * tenant's form, whoever sends the forms and from wherever: the form cannot be used to flood a
 * mailbox from our sender. Forms past it are answered alike and change nothing.
 */
export const CONFIRMATION_MAILS_PER_DAY = 3;
const DAY_MS = 24 * 3_600_000;

/** obligation: DSR-8, DSR-4 — a confirmed form this soon after the same address's open request of the same type is that request. */
export const RESUBMIT_WINDOW_MS = DAY_MS;

export function intakeExpiry(now: Date): Date {
  return new Date(now.getTime() + INTAKE_LINK_HOURS * 3_600_000);
}

/** Confirmation e-mails one address got from one tenant's form since `since`. */
export interface MailCount {
  count: number;
  since: string;
}

/**
 * obligation: DSR-8 — the count after one more confirmation e-mail, or `undefined` when the day's
 * allowance is spent. A day runs from the first e-mail; a count from a later time than `now` (a
 * clock set back) starts a new day.
 */
export function nextMailCount(current: MailCount | undefined, now: Date): MailCount | undefined {
  const since = current === undefined ? Number.NaN : Date.parse(current.since);
  const sameDay = current !== undefined && since <= now.getTime() && now.getTime() - since < DAY_MS;
  if (!sameDay) return { count: 1, since: now.toISOString() };
  if (current.count >= CONFIRMATION_MAILS_PER_DAY) return undefined;
  return { count: current.count + 1, since: current.since };
}

/** When a count's day is over (the item's TTL). */
export function mailCountEnds(count: MailCount): Date {
  return new Date(Date.parse(count.since) + DAY_MS);
}

/**
 * obligation: DSR-8, DSR-4 — a form sent twice is one request: confirmed while the same address's
 * request of the same type, received through the intake within a day, is still open, it is that
 * request (neither forwarded twice nor counted as a repeat).
 */
export function foldsInto(
  earlier: { channel: string; type: RequestType; state: RequestState; receivedAt: string } | undefined,
  type: RequestType,
  now: Date,
): boolean {
  if (earlier === undefined) return false;
  const received = Date.parse(earlier.receivedAt);
  return earlier.channel === 'vendor-intake' && earlier.type === type && isOpen(earlier.state) && now.getTime() - received < RESUBMIT_WINDOW_MS;
}
