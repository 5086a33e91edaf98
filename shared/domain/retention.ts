import { addDays, addMonths, localDateOf, startOfDay } from './billing/calendar.ts';
import type { LocalDate } from './billing/calendar.ts';
import { RuleViolation } from './rule-violation.ts';
import { CATEGORIES, LEGAL_BASES } from '../model/subject.ts';
import type { AttributeSet, Category, LegalBasis } from '../model/subject.ts';

/**
 * Retention by legal basis (RET-1, CON-3). Dates are calendar dates in Europe/Ljubljana, like
 * the billing calendar; a year is twelve calendar months, so 29 February plus one year is
 * 28 February. An end date is the first day the data is past retention: the purge run on or after
 * that day removes it.
 */

/** The bases whose retention runs for a period after the basis ended; consent ends by withdrawal. */
export const PERIOD_BASES = ['contract', 'legal-obligation', 'legitimate-interest'] as const satisfies readonly LegalBasis[];
export type PeriodBasis = (typeof PERIOD_BASES)[number];

/**
 * obligation: RET-1 — months kept after the basis ended: contract data 6 years, legitimate
 * interest 1 year; under a legal obligation the legal period itself (the set's own
 * `legalPeriodYears`, never shortened) and then this 1 year.
 */
export const LAW_MONTHS: Record<PeriodBasis, number> = { contract: 72, 'legitimate-interest': 12, 'legal-obligation': 12 };

/** Shorter periods a tenant set for one subject category, in months (see `LAW_MONTHS`). */
export type CategoryPeriods = Partial<Record<PeriodBasis, number>>;

export interface RetentionPolicy {
  /** obligation: RET-1 — per subject category and legal basis: never longer than the law's. */
  shorterMonths: Partial<Record<Category, CategoryPeriods>>;
  /**
   * Years captured time entries are kept under the working-time records obligation; each entry
   * is then kept 1 year more (or the employee category's shorter legal-obligation months).
   */
  timeEntryYears: number;
}

/**
 * Five years: the limitation period of claims from employment (ZDR-1, Art. 202), which the
 * working-time records (ZEPDSV) serve as evidence for. A tenant whose records must live longer
 * sets up to 50 years. See docs/decisions.md.
 */
export const DEFAULT_TIME_ENTRY_YEARS = 5;

export const DEFAULT_POLICY: RetentionPolicy = { shorterMonths: {}, timeEntryYears: DEFAULT_TIME_ENTRY_YEARS };

/** A subject's current consent for one purpose, as the consent record holds it (CON-2). */
export interface ConsentState {
  status: 'pending' | 'confirmed' | 'withdrawn' | 'expired';
  withdrawnAt?: string;
  /** Pending only: when the unconfirmed double opt-in lapses. */
  expiresAt?: string;
}

export type RetentionRule =
  | 'basis-not-ended'
  | PeriodBasis
  | 'consent-given'
  | 'consent-pending'
  | 'consent-withdrawn'
  | 'consent-expired'
  | 'consent-never-confirmed'
  | 'no-consent-record';

/** When a set is past retention: from a day, from an instant (consent), or not yet known. */
export type RetentionEnd =
  | { kind: 'on'; date: LocalDate; rule: RetentionRule }
  | { kind: 'at'; at: string; rule: RetentionRule }
  | { kind: 'open'; rule: RetentionRule };

/** The tenant's periods for a category, each capped by the law's (the earlier end wins). */
export function periodsFor(policy: RetentionPolicy, category: Category): Required<CategoryPeriods> {
  const shorter = policy.shorterMonths[category] ?? {};
  return Object.fromEntries(PERIOD_BASES.map((b) => [b, Math.min(LAW_MONTHS[b], shorter[b] ?? LAW_MONTHS[b])])) as Required<CategoryPeriods>;
}

/** The consent purpose a consent-based set rests on. */
export function consentPurposeOf(set: Pick<AttributeSet, 'name' | 'consentPurpose'>): string {
  return set.consentPurpose ?? set.name;
}

/**
 * obligation: RET-1, CON-3 — when `set` is past retention.
 * - legal obligation: basisEndedOn + legalPeriodYears + 1 year (or the category's shorter months);
 * - contract: basisEndedOn + 6 years; legitimate interest: basisEndedOn + 1 year (or shorter);
 * - consent: kept while given; past retention at once when withdrawn or expired, and when a
 *   pending double opt-in lapsed unconfirmed; a set with no consent record at all is kept
 *   (the consent may still be being collected; see docs/decisions.md);
 * - no end while the basis has not ended (no `basisEndedOn`).
 */
export function retentionEnd(set: AttributeSet, periods: Required<CategoryPeriods>, consent: ConsentState | undefined): RetentionEnd {
  if (set.legalBasis === 'consent') return consentEnd(consent);
  if (set.basisEndedOn === undefined) return { kind: 'open', rule: 'basis-not-ended' };
  const months = set.legalBasis === 'legal-obligation' ? (set.legalPeriodYears ?? 0) * 12 + periods['legal-obligation'] : periods[set.legalBasis];
  return { kind: 'on', date: addMonths(set.basisEndedOn, months), rule: set.legalBasis };
}

function consentEnd(consent: ConsentState | undefined): RetentionEnd {
  if (consent === undefined) return { kind: 'open', rule: 'no-consent-record' };
  switch (consent.status) {
    case 'confirmed':
      return { kind: 'open', rule: 'consent-given' };
    case 'withdrawn':
      // obligation: CON-3 — due at once; a record without its time is due all the same.
      return { kind: 'at', at: consent.withdrawnAt ?? new Date(0).toISOString(), rule: 'consent-withdrawn' };
    case 'expired':
      return { kind: 'at', at: consent.expiresAt ?? new Date(0).toISOString(), rule: 'consent-expired' };
    case 'pending':
      return consent.expiresAt === undefined
        ? { kind: 'open', rule: 'consent-pending' }
        : { kind: 'at', at: consent.expiresAt, rule: 'consent-never-confirmed' };
  }
}

/** The instant from which `end` is past, if it has one. */
export function pastFrom(end: RetentionEnd): Date | undefined {
  if (end.kind === 'on') return startOfDay(end.date);
  if (end.kind === 'at') return new Date(end.at);
  return undefined;
}

export function isPast(end: RetentionEnd, now: Date): boolean {
  const from = pastFrom(end);
  return from !== undefined && now.getTime() >= from.getTime();
}

/** Months a time entry is kept after its day: the tenant's years, then the legal-obligation months. */
export function timeEntryMonths(policy: RetentionPolicy, periods: Required<CategoryPeriods>): number {
  return policy.timeEntryYears * 12 + periods['legal-obligation'];
}

/** obligation: RET-1 — the first day an entry of `day` is past retention. */
export function timeEntryEnd(day: LocalDate, months: number): LocalDate {
  return addMonths(day, months);
}

/**
 * The last entry day that is past retention on `now`'s day: the latest `d` with
 * `timeEntryEnd(d) <= today`. Counting back clamps (28 Feb − 1 year is 28 Feb, yet 29 Feb + 1 year
 * is 28 Feb too), so the days after the naive answer are tried forward (at most three).
 */
export function timeEntryCutoff(now: Date, months: number): LocalDate {
  const today = localDateOf(now);
  let last = addMonths(today, -months);
  while (timeEntryEnd(addDays(last, 1), months) <= today) last = addDays(last, 1);
  return last;
}

/**
 * obligation: RET-1 — a tenant may set shorter periods per category, never longer ones, and none
 * for consent (consent data is kept until withdrawn, and goes at once then).
 */
export function checkPolicy(policy: RetentionPolicy): void {
  for (const [category, periods] of Object.entries(policy.shorterMonths)) {
    if (!(CATEGORIES as readonly string[]).includes(category)) throw new RuleViolation(`shorterMonths.${category}`, 'not a subject category');
    for (const [basis, months] of Object.entries(periods ?? {})) {
      const field = `shorterMonths.${category}.${basis}`;
      if (basis === 'consent') throw new RuleViolation(field, 'consent data is kept until the consent is withdrawn: there is no period to shorten');
      if (!(LEGAL_BASES as readonly string[]).includes(basis)) throw new RuleViolation(field, 'not a legal basis');
      const law = LAW_MONTHS[basis as PeriodBasis];
      if (months !== undefined && months > law) {
        throw new RuleViolation(field, `may not be longer than the law's ${law} months${basis === 'legal-obligation' ? ' after the legal period' : ''}`);
      }
    }
  }
}
