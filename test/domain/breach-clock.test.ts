import { describe, expect, it } from 'vitest';
import { checkAwareness, checkDecision, clockReminderDue, filingDeadline, firstFiling } from '../../shared/domain/incidents/breach-clock.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';

describe('the 72-hour clock', () => {
  it.each([
    // Aware Friday 27 March 2026 10:00 CET (09:00Z); DST starts Sunday 29 March 02:00: 72 h later is 09:00Z on Monday, 11:00 CEST.
    ['2026-03-27T09:00:00Z', '2026-03-30T09:00:00.000Z'],
    // Aware Friday 23 October 2026 10:00 CEST (08:00Z); DST ends Sunday 25 October 03:00: 72 h later is 08:00Z, 09:00 CET.
    ['2026-10-23T08:00:00Z', '2026-10-26T08:00:00.000Z'],
    // Across a month end and a leap day.
    ['2028-02-27T23:30:00Z', '2028-03-01T23:30:00.000Z'],
  ])('BRE-4 aware at %s: the deadline is exactly 72 hours later, %s, whatever the wall clocks do', (awareAt, deadline) => {
    expect(filingDeadline(awareAt)).toBe(deadline);
  });

  it.each([
    [23.99, undefined],
    [24, 24],
    [47, 24],
    [48, 48],
    [66, 66],
    [80, 66],
  ])('BRE-4 %s hours after awareness the reminder due is the %s-hour one (the latest passed only)', (hours, due) => {
    const awareAt = '2026-11-20T10:00:00Z';
    expect(clockReminderDue(awareAt, new Date(Date.parse(awareAt) + hours * 3_600_000), false)).toBe(due);
  });

  it('BRE-4 no reminder once the first filing is made', () => {
    expect(clockReminderDue('2026-11-20T10:00:00Z', new Date('2026-11-23T09:00:00Z'), true)).toBeUndefined();
  });

  it('BRE-4 a filing after 72 hours needs the reasons for the delay; in time it is not late', () => {
    const deadline = '2026-11-23T10:00:00.000Z';
    expect(firstFiling(deadline, new Date('2026-11-23T09:59:59Z'), undefined)).toEqual({ late: false });
    expect(() => firstFiling(deadline, new Date('2026-11-23T10:00:01Z'), undefined)).toThrow(RuleViolation);
    expect(firstFiling(deadline, new Date('2026-11-23T10:00:01Z'), 'The scope was unclear until the forensic report')).toEqual({ late: true });
  });

  it('BRE-1 awareness before detection is refused; a gap between them needs a reason', () => {
    expect(() => checkAwareness('2026-11-20T10:00:00Z', '2026-11-20T09:00:00Z', undefined)).toThrow(/awareAt|must not lie before/);
    expect(() => checkAwareness('2026-11-20T10:00:00Z', '2026-11-20T14:00:00Z', undefined)).toThrow(RuleViolation);
    expect(() => checkAwareness('2026-11-20T10:00:00Z', '2026-11-20T14:00:00Z', 'Investigated whether personal data was involved')).not.toThrow();
    expect(() => checkAwareness('2026-11-20T10:00:00Z', '2026-11-20T10:00:00.000Z', undefined)).not.toThrow();
  });

  it.each([
    ['notify', undefined, true],
    ['public', undefined, false],
    ['not-notified', undefined, false],
    ['not-notified', 'Encrypted with a key that was not exposed: unlikely to result in a risk', true],
  ] as const)('BRE-1 BRE-3 decision %s with reason %s is accepted: %s', (decision, reason, accepted) => {
    const check = () => checkDecision(decision, reason);
    if (accepted) expect(check).not.toThrow();
    else expect(check).toThrow(RuleViolation);
  });
});
