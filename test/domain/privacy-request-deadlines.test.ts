import { describe, expect, it } from 'vitest';
import { deadlineOf, extendedDeadline, isRepeatWithinWindow, reminderDue } from '../../shared/domain/privacy-requests/deadlines.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';

/** Noon in Ljubljana on a date (UTC+1 in winter, UTC+2 in summer). */
const noon = (date: string) => {
  const month = Number(date.slice(5, 7));
  return new Date(`${date}T12:00:00${month >= 4 && month <= 10 ? '+02:00' : '+01:00'}`);
};

describe('DSR-2 the deadline is one calendar month from receipt', () => {
  it.each([
    ['2027-01-15', '2027-02-15', '2027-02-15T23:00:00.000Z'],
    ['2027-01-31', '2027-02-28', '2027-02-28T23:00:00.000Z'],
    ['2028-01-31', '2028-02-29', '2028-02-29T23:00:00.000Z'],
    ['2027-03-31', '2027-04-30', '2027-04-30T22:00:00.000Z'],
    ['2027-12-31', '2028-01-31', '2028-01-31T23:00:00.000Z'],
    // The last day is the one clocks go forward on (23 hours long): it ends at midnight summer time.
    ['2027-02-28', '2027-03-28', '2027-03-28T22:00:00.000Z'],
  ])('DSR-2 received %s → answer by the end of %s (%s)', (received, dueOn, dueAt) => {
    expect(deadlineOf(noon(received))).toEqual({ dueOn, dueAt });
  });

  it('DSR-2 counts from the local day in Ljubljana: 00:30 on 1 March local is still 28 February in UTC', () => {
    expect(deadlineOf(new Date('2027-02-28T23:30:00Z')).dueOn).toBe('2027-04-01');
  });
});

describe('DSR-2 the deadline can be extended once by up to two months, inside the first month', () => {
  const received = noon('2027-01-31');
  const request = { receivedAt: received.toISOString(), dueAt: deadlineOf(received).dueAt };

  it.each([
    [1, '2027-03-31'],
    [2, '2027-04-30'],
  ])('DSR-2 by %i month(s) from 31 January → %s', (months, dueOn) => {
    expect(extendedDeadline(request, months, noon('2027-02-10')).dueOn).toBe(dueOn);
  });

  it.each([
    ['three months', { ...request }, 3, noon('2027-02-10'), /one or 2 further months/],
    ['zero months', { ...request }, 0, noon('2027-02-10'), /one or 2 further months/],
    ['a second extension', { ...request, extension: { months: 1 } }, 1, noon('2027-02-10'), /only once/],
    ['after the first month', { ...request }, 1, noon('2027-03-01'), /first month has passed/],
  ])('DSR-2 refuses %s', (_name, r, months, now, reason) => {
    expect(() => extendedDeadline(r, months as number, now as Date)).toThrow(RuleViolation);
    expect(() => extendedDeadline(r, months as number, now as Date)).toThrow(reason as RegExp);
  });

  it('DSR-2 still allows it on the last day of the first month', () => {
    expect(extendedDeadline(request, 2, new Date('2027-02-28T22:59:00Z')).dueOn).toBe('2027-04-30');
  });
});

describe('DSR-4 a fee may be considered for a repeat less than six months after the last request', () => {
  it.each([
    ['six months minus a day', '2026-11-16', true],
    ['exactly six months', '2026-11-15', false],
    ['six months plus a day', '2026-11-14', false],
    ['a week', '2027-05-08', true],
  ])('DSR-4 previous request %s earlier (%s) → repeat: %s', (_name, previous, repeat) => {
    expect(isRepeatWithinWindow(noon(previous), noon('2027-05-15'))).toBe(repeat);
  });

  it('DSR-4 31 August back six months is 28 February: the day after counts as a repeat', () => {
    expect(isRepeatWithinWindow(noon('2027-03-01'), noon('2027-08-31'))).toBe(true);
    expect(isRepeatWithinWindow(noon('2027-02-28'), noon('2027-08-31'))).toBe(false);
  });
});

describe('DSR-9 reminders before the deadline and when overdue', () => {
  it.each([
    ['2027-02-06', undefined],
    ['2027-02-08', 'due-in-7-days'],
    ['2027-02-12', 'due-in-7-days'],
    ['2027-02-13', 'due-in-2-days'],
    ['2027-02-15', 'due-in-2-days'],
    ['2027-02-16', 'overdue-0'],
    ['2027-02-22', 'overdue-0'],
    ['2027-02-23', 'overdue-1'],
  ])('DSR-9 due 15 February, on %s → %s', (today, due) => {
    expect(reminderDue('2027-02-15', noon(today))).toBe(due);
  });
});
