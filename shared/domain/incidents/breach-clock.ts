import { RuleViolation } from '../rule-violation.ts';

const HOUR = 3_600_000;

/** obligation: BRE-4 — the supervisory authority within 72 hours of awareness (Art. 33(1)). */
export const FILING_DEADLINE_HOURS = 72;
/** obligation: BRE-4 — escalating reminders to the responders, in hours after awareness. */
export const CLOCK_REMINDER_HOURS = [24, 48, 66] as const;

/**
 * The deadline in absolute time: 72 hours are 72 hours, whatever the clocks in Ljubljana do in
 * between (a deadline across a DST change falls at a different wall-clock hour, correctly).
 */
export function filingDeadline(awareAt: string): string {
  return new Date(Date.parse(awareAt) + FILING_DEADLINE_HOURS * HOUR).toISOString();
}

/** The reminder due at `now` (the latest one passed; a late run does not send a burst), if any before the first filing. */
export function clockReminderDue(awareAt: string, now: Date, filed: boolean): number | undefined {
  if (filed) return undefined;
  const since = (now.getTime() - Date.parse(awareAt)) / HOUR;
  return CLOCK_REMINDER_HOURS.filter((h) => since >= h).at(-1);
}

/**
 * obligation: BRE-4 — a filing after the deadline must give the reasons for the delay; lateness
 * is decided by the first filing and kept, whatever later supplements say.
 */
export function firstFiling(deadline: string, now: Date, lateReason: string | undefined): { late: boolean } {
  const late = now.getTime() > Date.parse(deadline);
  if (late && lateReason === undefined) {
    throw new RuleViolation('lateReason', 'is required: the 72 hours from awareness have passed (Art. 33(1))', 'body');
  }
  return { late };
}

/** obligation: BRE-1 — awareness cannot precede detection, and a gap between them needs a reason. */
export function checkAwareness(detectedAt: string, awareAt: string, gapReason: string | undefined): void {
  if (Date.parse(awareAt) < Date.parse(detectedAt)) throw new RuleViolation('awareAt', 'must not lie before detectedAt', 'body');
  if (awareAt !== detectedAt && Date.parse(awareAt) !== Date.parse(detectedAt) && gapReason === undefined) {
    throw new RuleViolation('awarenessGapReason', 'is required when awareness came after detection', 'body');
  }
}

/** obligation: BRE-1, BRE-3 — not notifying, or notifying publicly instead, is a decision with a reason. */
export function checkDecision(decision: 'notify' | 'public' | 'not-notified', reason: string | undefined): void {
  if (decision !== 'notify' && reason === undefined) {
    throw new RuleViolation('notification.reason', `is required for the decision "${decision}"`, 'body');
  }
}
