import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysInMonth,
  firstDayOf,
  isMonth,
  lastDayOf,
  localDateOf,
  monthOf,
  monthsBetween,
  nextMonth,
  previousMonth,
  startOfDay,
} from '../../shared/domain/billing/calendar.ts';

// Europe/Ljubljana: CET (UTC+1) in winter, CEST (UTC+2) in summer. Clocks go forward at 02:00
// local on 29 March 2026 / 28 March 2027 / 26 March 2028 and back at 03:00 local on
// 25 October 2026 / 31 October 2027. Midnight is never inside a gap or an overlap.

describe('BIL-3 DUN-2 contract days are Ljubljana calendar days', () => {
  it.each([
    { date: '2026-01-15', start: '2026-01-14T23:00:00.000Z', why: 'winter, UTC+1' },
    { date: '2026-07-15', start: '2026-07-14T22:00:00.000Z', why: 'summer, UTC+2' },
    { date: '2026-03-29', start: '2026-03-28T23:00:00.000Z', why: 'clocks go forward at 02:00: midnight still UTC+1' },
    { date: '2026-03-30', start: '2026-03-29T22:00:00.000Z', why: 'first full summer day, UTC+2' },
    { date: '2026-10-25', start: '2026-10-24T22:00:00.000Z', why: 'clocks go back at 03:00: midnight still UTC+2' },
    { date: '2026-10-26', start: '2026-10-25T23:00:00.000Z', why: 'first full winter day, UTC+1' },
    { date: '2027-03-28', start: '2027-03-27T23:00:00.000Z', why: '2027 spring change day, midnight UTC+1' },
    { date: '2027-03-29', start: '2027-03-28T22:00:00.000Z', why: 'after the 2027 spring change, UTC+2' },
    { date: '2027-10-31', start: '2027-10-30T22:00:00.000Z', why: '2027 autumn change day, midnight UTC+2' },
    { date: '2027-11-01', start: '2027-10-31T23:00:00.000Z', why: 'after the 2027 autumn change, UTC+1' },
    { date: '2028-02-29', start: '2028-02-28T23:00:00.000Z', why: 'leap day, UTC+1' },
    { date: '2027-01-01', start: '2026-12-31T23:00:00.000Z', why: 'new year, UTC+1' },
  ])('startOfDay($date) is $start ($why)', ({ date, start }) => {
    expect(startOfDay(date).toISOString()).toBe(start);
    // The instant shows that very date in Ljubljana, and one millisecond earlier the day before.
    expect(localDateOf(startOfDay(date))).toBe(date);
    expect(localDateOf(new Date(startOfDay(date).getTime() - 1))).toBe(addDays(date, -1));
  });

  it.each(['2026-1-05', '2026-01-5', '26-01-05', '2026-01-05T00:00', ''])('startOfDay rejects %j (not YYYY-MM-DD)', (date) => {
    expect(() => startOfDay(date)).toThrow('Not a YYYY-MM-DD date');
  });

  it.each([
    // Winter month ends: local midnight is 23:00 UTC the day before.
    { at: '2026-01-31T22:59:59.999Z', date: '2026-01-31', month: '2026-01' },
    { at: '2026-01-31T23:00:00.000Z', date: '2026-02-01', month: '2026-02' },
    { at: '2026-12-31T22:59:59.999Z', date: '2026-12-31', month: '2026-12' },
    { at: '2026-12-31T23:00:00.000Z', date: '2027-01-01', month: '2027-01' },
    { at: '2028-02-28T23:00:00.000Z', date: '2028-02-29', month: '2028-02' },
    { at: '2028-02-29T22:59:59.999Z', date: '2028-02-29', month: '2028-02' },
    { at: '2028-02-29T23:00:00.000Z', date: '2028-03-01', month: '2028-03' },
    // Summer month ends: local midnight is 22:00 UTC the day before.
    { at: '2026-06-30T21:59:59.999Z', date: '2026-06-30', month: '2026-06' },
    { at: '2026-06-30T22:00:00.000Z', date: '2026-07-01', month: '2026-07' },
    { at: '2026-07-31T21:59:59.999Z', date: '2026-07-31', month: '2026-07' },
    { at: '2026-07-31T22:00:00.000Z', date: '2026-08-01', month: '2026-08' },
    // 31 March 2026 is already summer time (the change was on the 29th).
    { at: '2026-03-31T21:59:59.999Z', date: '2026-03-31', month: '2026-03' },
    { at: '2026-03-31T22:00:00.000Z', date: '2026-04-01', month: '2026-04' },
    // 31 October 2027 is the autumn change day: the month ends at 00:00 CET = 23:00 UTC,
    // so 22:00 UTC (what summer midnight would be) is still 23:00 on 31 October.
    { at: '2027-10-31T22:00:00.000Z', date: '2027-10-31', month: '2027-10' },
    { at: '2027-10-31T22:59:59.999Z', date: '2027-10-31', month: '2027-10' },
    { at: '2027-10-31T23:00:00.000Z', date: '2027-11-01', month: '2027-11' },
    // Midday UTC and local agree on the date.
    { at: '2026-11-15T12:00:00.000Z', date: '2026-11-15', month: '2026-11' },
  ])('localDateOf/monthOf $at: $date, month $month', ({ at, date, month }) => {
    expect(localDateOf(new Date(at))).toBe(date);
    expect(monthOf(new Date(at))).toBe(month);
  });

  it.each([
    { date: '2026-01-31', days: 1, result: '2026-02-01' },
    { date: '2027-02-28', days: 1, result: '2027-03-01' },
    { date: '2028-02-28', days: 1, result: '2028-02-29' },
    { date: '2028-03-01', days: -1, result: '2028-02-29' },
    { date: '2026-03-01', days: -1, result: '2026-02-28' },
    { date: '2026-12-31', days: 1, result: '2027-01-01' },
    { date: '2027-01-01', days: -1, result: '2026-12-31' },
    { date: '2026-03-28', days: 1, result: '2026-03-29' }, // a 23-hour day is still one day
    { date: '2026-10-24', days: 2, result: '2026-10-26' }, // a 25-hour day is still one day
    { date: '2026-02-22', days: 35, result: '2026-03-29' }, // 6 days to 28 Feb, 29 more into March
    { date: '2026-04-29', days: 90, result: '2026-07-28' }, // 1 + 31 + 30 + 28
    { date: '2026-11-15', days: 0, result: '2026-11-15' },
  ])('addDays($date, $days) is $result', ({ date, days, result }) => {
    expect(addDays(date, days)).toBe(result);
  });

  it.each([
    { date: '2027-01-31', months: 1, result: '2027-02-28' },
    { date: '2028-01-31', months: 1, result: '2028-02-29' },
    { date: '2026-03-31', months: 1, result: '2026-04-30' },
    { date: '2026-01-31', months: 2, result: '2026-03-31' }, // not clamped by February on the way
    { date: '2026-08-31', months: -6, result: '2026-02-28' },
    { date: '2028-08-31', months: -6, result: '2028-02-29' },
    { date: '2028-02-29', months: 12, result: '2029-02-28' },
    { date: '2026-11-15', months: 2, result: '2027-01-15' },
    { date: '2026-01-15', months: -1, result: '2025-12-15' },
    { date: '2026-01-01', months: -13, result: '2024-12-01' },
    { date: '2026-03-01', months: 12, result: '2027-03-01' },
    { date: '2026-05-20', months: 0, result: '2026-05-20' },
  ])('addMonths($date, $months) is $result', ({ date, months, result }) => {
    expect(addMonths(date, months)).toBe(result);
  });

  it.each([
    { month: '2027-02', days: 28, first: '2027-02-01', last: '2027-02-28', next: '2027-03', previous: '2027-01' },
    { month: '2028-02', days: 29, first: '2028-02-01', last: '2028-02-29', next: '2028-03', previous: '2028-01' },
    { month: '2026-04', days: 30, first: '2026-04-01', last: '2026-04-30', next: '2026-05', previous: '2026-03' },
    { month: '2026-12', days: 31, first: '2026-12-01', last: '2026-12-31', next: '2027-01', previous: '2026-11' },
    { month: '2027-01', days: 31, first: '2027-01-01', last: '2027-01-31', next: '2027-02', previous: '2026-12' },
  ])('month $month: $days days, $first to $last, after it $next, before it $previous', ({ month, days, first, last, next, previous }) => {
    expect(daysInMonth(month)).toBe(days);
    expect(firstDayOf(month)).toBe(first);
    expect(lastDayOf(month)).toBe(last);
    expect(nextMonth(month)).toBe(next);
    expect(previousMonth(month)).toBe(previous);
  });

  it.each([
    { from: '2026-11', to: '2027-02', months: ['2026-11', '2026-12', '2027-01', '2027-02'] },
    { from: '2026-05', to: '2026-05', months: ['2026-05'] },
    { from: '2026-05', to: '2026-04', months: [] },
    { from: '2027-12', to: '2026-01', months: [] },
  ])('monthsBetween($from, $to) lists both ends', ({ from, to, months }) => {
    expect(monthsBetween(from, to)).toEqual(months);
  });

  it('monthsBetween over two years has 24 months, in order', () => {
    const months = monthsBetween('2026-01', '2027-12');
    expect(months).toHaveLength(24);
    expect(months[0]).toBe('2026-01');
    expect(months[11]).toBe('2026-12');
    expect(months[12]).toBe('2027-01');
    expect(months[23]).toBe('2027-12');
  });

  it.each([
    ['2026-01', true],
    ['2026-12', true],
    ['2026-00', false],
    ['2026-13', false],
    ['2026-1', false],
    ['2026-01-01', false],
  ])('isMonth(%j) is %s', (value, result) => {
    expect(isMonth(value)).toBe(result);
  });
});
