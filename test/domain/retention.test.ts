import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  checkPolicy,
  isPast,
  periodsFor,
  retentionEnd,
  timeEntryCutoff,
  timeEntryEnd,
  timeEntryMonths,
} from '../../shared/domain/retention.ts';
import type { ConsentState, RetentionPolicy } from '../../shared/domain/retention.ts';
import { checkAttributeSets } from '../../shared/domain/subject.ts';
import type { AttributeSet } from '../../shared/model/subject.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';

const set = (fields: Partial<AttributeSet>): AttributeSet => ({ name: 'data', purpose: 'a purpose', legalBasis: 'contract', attributes: {}, ...fields });
const law = periodsFor(DEFAULT_POLICY, 'employee');
const shorter: RetentionPolicy = { shorterMonths: { employee: { contract: 24, 'legitimate-interest': 3, 'legal-obligation': 0 } }, timeEntryYears: 5 };

describe('RET-1 retention end by legal basis', () => {
  it.each<[string, Partial<AttributeSet>, RetentionPolicy, string]>([
    ['contract: 6 years after it ended', { legalBasis: 'contract', basisEndedOn: '2020-03-15' }, DEFAULT_POLICY, '2026-03-15'],
    ['contract ended on 29 Feb: 28 Feb six years on', { legalBasis: 'contract', basisEndedOn: '2024-02-29' }, DEFAULT_POLICY, '2030-02-28'],
    ['legitimate interest: 1 year after it ended', { legalBasis: 'legitimate-interest', basisEndedOn: '2025-06-30' }, DEFAULT_POLICY, '2026-06-30'],
    ['legitimate interest ended on 29 Feb: 28 Feb a year on', { legalBasis: 'legitimate-interest', basisEndedOn: '2024-02-29' }, DEFAULT_POLICY, '2025-02-28'],
    ['legal obligation: the legal period plus 1 year', { legalBasis: 'legal-obligation', basisEndedOn: '2020-01-01', legalPeriodYears: 10 }, DEFAULT_POLICY, '2031-01-01'],
    ['legal obligation from 29 Feb 2024, 4 years: 28 Feb 2029', { legalBasis: 'legal-obligation', basisEndedOn: '2024-02-29', legalPeriodYears: 4 }, DEFAULT_POLICY, '2029-02-28'],
    ['contract with the category’s shorter 24 months', { legalBasis: 'contract', basisEndedOn: '2020-03-15' }, shorter, '2022-03-15'],
    ['legitimate interest with the shorter 3 months', { legalBasis: 'legitimate-interest', basisEndedOn: '2025-11-30' }, shorter, '2026-02-28'],
    ['legal obligation: the legal period is never shortened, the extra year is', { legalBasis: 'legal-obligation', basisEndedOn: '2020-01-01', legalPeriodYears: 10 }, shorter, '2030-01-01'],
  ])('%s', (_name, fields, policy, endsOn) => {
    expect(retentionEnd(set(fields), periodsFor(policy, 'employee'), undefined)).toMatchObject({ kind: 'on', date: endsOn });
  });

  it('RET-1 a shorter period of another category does not apply', () => {
    expect(retentionEnd(set({ basisEndedOn: '2020-03-15' }), periodsFor(shorter, 'customer'), undefined)).toMatchObject({ date: '2026-03-15' });
  });

  it.each(['contract', 'legitimate-interest', 'legal-obligation'] as const)('RET-1 %s: no end while the basis has not ended', (legalBasis) => {
    const end = retentionEnd(set({ legalBasis, ...(legalBasis === 'legal-obligation' ? { legalPeriodYears: 10 } : {}) }), law, undefined);
    expect(end).toEqual({ kind: 'open', rule: 'basis-not-ended' });
    expect(isPast(end, new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });

  it('RET-1 the end day starts at midnight in Ljubljana: past from then, not before', () => {
    const end = retentionEnd(set({ basisEndedOn: '2020-03-15' }), law, undefined);
    expect(isPast(end, new Date('2026-03-14T22:59:59Z'))).toBe(false);
    expect(isPast(end, new Date('2026-03-14T23:00:00Z'))).toBe(true);
  });
});

describe('CON-3 RET-1 consent: kept until withdrawn', () => {
  const consent = set({ legalBasis: 'consent', name: 'newsletter' });
  const now = new Date('2026-05-10T12:00:00Z');
  it.each<[string, ConsentState | undefined, string, boolean]>([
    ['confirmed: kept', { status: 'confirmed' }, 'consent-given', false],
    ['withdrawn: past at once', { status: 'withdrawn', withdrawnAt: '2026-05-10T11:59:00Z' }, 'consent-withdrawn', true],
    ['withdrawn later than now: not yet', { status: 'withdrawn', withdrawnAt: '2026-05-10T12:30:00Z' }, 'consent-withdrawn', false],
    ['expired: past', { status: 'expired' }, 'consent-expired', true],
    ['pending, its link expired unconfirmed: past', { status: 'pending', expiresAt: '2026-05-09T12:00:00Z' }, 'consent-never-confirmed', true],
    ['pending, its link still valid: kept', { status: 'pending', expiresAt: '2026-05-11T12:00:00Z' }, 'consent-never-confirmed', false],
    ['no consent record at all: kept (see decisions)', undefined, 'no-consent-record', false],
  ])('%s', (_name, state, rule, past) => {
    const end = retentionEnd(consent, law, state);
    expect(end.rule).toBe(rule);
    expect(isPast(end, now)).toBe(past);
  });
});

describe('RET-1 time entries: their day + the tenant’s years + 1 year', () => {
  it.each<[string, RetentionPolicy, string, string]>([
    ['default 5 years + 1', DEFAULT_POLICY, '2020-03-02', '2026-03-02'],
    ['29 Feb + 6 years is 28 Feb', DEFAULT_POLICY, '2024-02-29', '2030-02-28'],
    ['the tenant’s 10 years', { ...DEFAULT_POLICY, timeEntryYears: 10 }, '2020-03-02', '2031-03-02'],
    ['the employee category’s shorter extra year (0 months)', shorter, '2020-03-02', '2025-03-02'],
  ])('%s', (_name, policy, day, endsOn) => {
    expect(timeEntryEnd(day, timeEntryMonths(policy, periodsFor(policy, 'employee')))).toBe(endsOn);
  });

  it.each<[string, string]>([
    ['2026-03-02T08:00:00+01:00', '2020-03-02'],
    // 28 Feb 2030 is the end of both 28 and 29 Feb 2024: both are past on that day.
    ['2030-02-28T08:00:00+01:00', '2024-02-29'],
    ['2030-03-01T08:00:00+01:00', '2024-03-01'],
  ])('RET-1 on %s the entries up to and including %s are past retention', (now, lastDay) => {
    expect(timeEntryCutoff(new Date(now), 72)).toBe(lastDay);
  });
});

describe('RET-1 the tenant’s shorter periods', () => {
  it.each<[string, RetentionPolicy['shorterMonths']]>([
    ['shorter than the law', { employee: { contract: 12, 'legitimate-interest': 6, 'legal-obligation': 0 } }],
    ['equal to the law', { customer: { contract: 72, 'legitimate-interest': 12, 'legal-obligation': 12 } }],
  ])('are accepted when %s', (_name, shorterMonths) => {
    expect(() => checkPolicy({ shorterMonths, timeEntryYears: 5 })).not.toThrow();
  });

  it.each<[string, RetentionPolicy['shorterMonths'], string]>([
    ['a longer contract period', { employee: { contract: 73 } }, 'shorterMonths.employee.contract'],
    ['a longer legitimate interest period', { subscriber: { 'legitimate-interest': 13 } }, 'shorterMonths.subscriber.legitimate-interest'],
    ['more than 1 year after a legal period', { cashier: { 'legal-obligation': 24 } }, 'shorterMonths.cashier.legal-obligation'],
    ['any period for consent', { customer: { consent: 6 } as never }, 'shorterMonths.customer.consent'],
  ])('refuse %s, naming the field', (_name, shorterMonths, field) => {
    expect(() => checkPolicy({ shorterMonths, timeEntryYears: 5 })).toThrow(expect.objectContaining({ field }));
  });

  it('RET-1 a longer stored period never lengthens retention: the earlier end wins', () => {
    const stale: RetentionPolicy = { shorterMonths: { employee: { contract: 120 } }, timeEntryYears: 5 };
    expect(periodsFor(stale, 'employee').contract).toBe(72);
  });
});

describe('RET-1 CON-3 retention fields of an attribute set', () => {
  it.each<[string, Partial<AttributeSet>, string]>([
    ['a legal period without a legal obligation', { legalBasis: 'contract', legalPeriodYears: 5 }, 'attributeSets.0.legalPeriodYears'],
    ['a legal obligation whose period runs without its years', { legalBasis: 'legal-obligation', basisEndedOn: '2026-01-01' }, 'attributeSets.0.legalPeriodYears'],
    ['a consent purpose without consent', { legalBasis: 'legitimate-interest', consentPurpose: 'newsletter' }, 'attributeSets.0.consentPurpose'],
    ['an end date on a consent-based set', { legalBasis: 'consent', basisEndedOn: '2026-01-01' }, 'attributeSets.0.basisEndedOn'],
  ])('refuses %s, naming the field', (_name, fields, field) => {
    let thrown: unknown;
    try {
      checkAttributeSets([set(fields)]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleViolation);
    expect(thrown).toMatchObject({ field });
  });

  it.each<[string, Partial<AttributeSet>]>([
    ['a legal obligation with its period', { legalBasis: 'legal-obligation', basisEndedOn: '2026-01-01', legalPeriodYears: 10 }],
    ['a legal obligation not yet running', { legalBasis: 'legal-obligation' }],
    ['consent with its purpose', { legalBasis: 'consent', consentPurpose: 'newsletter' }],
    ['an ended contract', { legalBasis: 'contract', basisEndedOn: '2026-01-01' }],
  ])('accepts %s', (_name, fields) => {
    expect(() => checkAttributeSets([set(fields)])).not.toThrow();
  });
});
