import { describe, expect, it } from 'vitest';
import type { ReminderKind } from '../../shared/model/billing.ts';
import {
  DELETION_AFTER_DORMANT_DAYS,
  DELETION_WARNING_DAYS,
  DORMANCY_AFTER_DUE_DAYS,
  PAYMENT_TERM_DAYS,
  REMINDER_CADENCE,
  contractEnd,
  deletionWarningDue,
  invoiceDeadlines,
  remindersDue,
} from '../../shared/domain/billing/deadlines.ts';

// Europe/Ljubljana: 00:00 local is 23:00 UTC the day before in winter (UTC+1) and 22:00 UTC in
// summer (UTC+2). Summer time 2026: 29 March – 25 October; 2027: 28 March – 31 October;
// 2028: 26 March – 29 October. 2028 is a leap year.
//
// Contract, per invoice issued on day I (all in Ljubljana calendar days):
//   due date D = I + 35 (BIL-3); dueAt = 00:00 of D + 1 (a payment on D is on time);
//   dormantAt = 00:00 of D + 31 (30 full days after D has ended, DUN-2);
//   deleteAt = 00:00 of (dormant date + 90) (DUN-5);
//   reminders (DUN-1): issued at I, due-soon D − 7, due-today D, overdue D + 1, dormancy-warning dormant − 7.

describe('BIL-3 DUN-1 DUN-2 DUN-5 the contract numbers', () => {
  it('BIL-3 DUN-2 DUN-5 DUN-1 terms: 35 days to pay, dormant 30 days after, deleted 90 days later, warned 30 and 7 days ahead', () => {
    expect(PAYMENT_TERM_DAYS).toBe(35);
    expect(DORMANCY_AFTER_DUE_DAYS).toBe(30);
    expect(DELETION_AFTER_DORMANT_DAYS).toBe(90);
    expect([...DELETION_WARNING_DAYS]).toEqual([30, 7]);
  });

  it('DUN-1 the cadence has a reminder at issue, at the due date and before dormancy, in chronological order', () => {
    expect(REMINDER_CADENCE).toEqual([
      { kind: 'issued', from: 'issued', days: 0 },
      { kind: 'due-soon', from: 'due', days: -7 },
      { kind: 'due-today', from: 'due', days: 0 },
      { kind: 'overdue', from: 'due', days: 1 },
      { kind: 'dormancy-warning', from: 'dormant', days: -7 },
    ]);
  });
});

describe('BIL-3 DUN-1 DUN-2 DUN-5 invoiceDeadlines', () => {
  it.each([
    {
      // Winter issue; the due date is the spring DST day (a 23-hour day, midnight still UTC+1);
      // the day after the due date is already UTC+2.
      issuedOn: '2026-02-22',
      dueOn: '2026-03-29', // 22 Feb + 6 = 28 Feb, + 29 = 29 Mar
      dueAt: '2026-03-29T22:00:00.000Z', // 00:00 CEST 30 Mar
      dormantAt: '2026-04-28T22:00:00.000Z', // 29 Mar + 31 = 29 Apr, CEST
      deleteAt: '2026-07-27T22:00:00.000Z', // 29 Apr + 90 = 28 Jul (1 + 31 + 30 + 28), CEST
      reminders: {
        issued: '2026-02-21T23:00:00.000Z', // 22 Feb CET
        'due-soon': '2026-03-21T23:00:00.000Z', // 22 Mar CET
        'due-today': '2026-03-28T23:00:00.000Z', // 29 Mar, midnight before the change: CET
        overdue: '2026-03-29T22:00:00.000Z', // 30 Mar CEST
        'dormancy-warning': '2026-04-21T22:00:00.000Z', // 22 Apr CEST
      },
    },
    {
      // Leap year: 26 Jan + 5 = 31 Jan, + 29 (to 29 Feb) = 34, + 1 = 1 Mar.
      issuedOn: '2028-01-26',
      dueOn: '2028-03-01',
      dueAt: '2028-03-01T23:00:00.000Z', // 00:00 CET 2 Mar
      dormantAt: '2028-03-31T22:00:00.000Z', // 1 Mar + 31 = 1 Apr, CEST (changed 26 Mar)
      deleteAt: '2028-06-29T22:00:00.000Z', // 1 Apr + 90 = 30 Jun (29 + 31 + 30)
      reminders: {
        issued: '2028-01-25T23:00:00.000Z',
        'due-soon': '2028-02-22T23:00:00.000Z', // 1 Mar − 7 = 23 Feb (leap February)
        'due-today': '2028-02-29T23:00:00.000Z', // 1 Mar CET
        overdue: '2028-03-01T23:00:00.000Z', // 2 Mar CET
        'dormancy-warning': '2028-03-24T23:00:00.000Z', // 1 Apr − 7 = 25 Mar, the last CET day
      },
    },
    {
      // Summer issue; the due date is the autumn DST day (25 hours, midnight still UTC+2).
      issuedOn: '2026-09-20',
      dueOn: '2026-10-25', // 20 Sep + 10 = 30 Sep, + 25 = 25 Oct
      dueAt: '2026-10-25T23:00:00.000Z', // 00:00 CET 26 Oct
      dormantAt: '2026-11-24T23:00:00.000Z', // 25 Oct + 31 = 25 Nov
      deleteAt: '2027-02-22T23:00:00.000Z', // 25 Nov + 90 = 23 Feb 2027 (5 + 31 + 31 + 23)
      reminders: {
        issued: '2026-09-19T22:00:00.000Z',
        'due-soon': '2026-10-17T22:00:00.000Z', // 18 Oct CEST
        'due-today': '2026-10-24T22:00:00.000Z', // 25 Oct, midnight before the change: CEST
        overdue: '2026-10-25T23:00:00.000Z', // 26 Oct CET
        'dormancy-warning': '2026-11-17T23:00:00.000Z', // 18 Nov CET
      },
    },
    {
      // A period start across the year end.
      issuedOn: '2026-12-01',
      dueOn: '2027-01-05', // 1 Dec + 30 = 31 Dec, + 5 = 5 Jan
      dueAt: '2027-01-05T23:00:00.000Z', // 00:00 CET 6 Jan
      dormantAt: '2027-02-04T23:00:00.000Z', // 5 Jan + 31 = 5 Feb
      deleteAt: '2027-05-05T22:00:00.000Z', // 5 Feb + 90 = 6 May (23 + 31 + 30 + 6), CEST
      reminders: {
        issued: '2026-11-30T23:00:00.000Z',
        'due-soon': '2026-12-28T23:00:00.000Z', // 29 Dec
        'due-today': '2027-01-04T23:00:00.000Z',
        overdue: '2027-01-05T23:00:00.000Z',
        'dormancy-warning': '2027-01-28T23:00:00.000Z', // 29 Jan
      },
    },
    {
      // Summer period start; deletion falls in winter.
      issuedOn: '2026-07-01',
      dueOn: '2026-08-05', // 1 Jul + 30 = 31 Jul, + 5 = 5 Aug
      dueAt: '2026-08-05T22:00:00.000Z', // 00:00 CEST 6 Aug
      dormantAt: '2026-09-04T22:00:00.000Z', // 5 Aug + 31 = 5 Sep
      deleteAt: '2026-12-03T23:00:00.000Z', // 5 Sep + 90 = 4 Dec (25 + 31 + 30 + 4), CET
      reminders: {
        issued: '2026-06-30T22:00:00.000Z',
        'due-soon': '2026-07-28T22:00:00.000Z', // 29 Jul
        'due-today': '2026-08-04T22:00:00.000Z',
        overdue: '2026-08-05T22:00:00.000Z',
        'dormancy-warning': '2026-08-28T22:00:00.000Z', // 29 Aug
      },
    },
    {
      // Month end in a common year: 31 Jan + 28 = 28 Feb, + 7 = 7 Mar.
      issuedOn: '2027-01-31',
      dueOn: '2027-03-07',
      dueAt: '2027-03-07T23:00:00.000Z', // 00:00 CET 8 Mar
      dormantAt: '2027-04-06T22:00:00.000Z', // 7 Mar + 31 = 7 Apr, CEST (changed 28 Mar)
      deleteAt: '2027-07-05T22:00:00.000Z', // 7 Apr + 90 = 6 Jul (23 + 31 + 30 + 6)
      reminders: {
        issued: '2027-01-30T23:00:00.000Z',
        'due-soon': '2027-02-27T23:00:00.000Z', // 28 Feb
        'due-today': '2027-03-06T23:00:00.000Z',
        overdue: '2027-03-07T23:00:00.000Z',
        'dormancy-warning': '2027-03-30T22:00:00.000Z', // 31 Mar CEST
      },
    },
  ])('BIL-3 DUN-1 DUN-2 DUN-5 invoice of $issuedOn: due $dueOn, dormant at $dormantAt, deleted at $deleteAt', (c) => {
    const d = invoiceDeadlines(c.issuedOn);
    expect(d.dueOn).toBe(c.dueOn);
    expect(d.dueAt).toBe(c.dueAt);
    expect(d.dormantAt).toBe(c.dormantAt);
    expect(d.deleteAt).toBe(c.deleteAt);
    expect(d.reminders).toEqual(Object.entries(c.reminders).map(([kind, at]) => ({ kind, at })));
  });

  it.each([
    { issuedOn: '2028-01-31', dueOn: '2028-03-06' }, // 31 Jan + 29 = 29 Feb, + 6
    { issuedOn: '2026-11-26', dueOn: '2026-12-31' }, // 26 Nov + 4 = 30 Nov, + 31
    { issuedOn: '2026-11-27', dueOn: '2027-01-01' },
    { issuedOn: '2026-03-01', dueOn: '2026-04-05' }, // 1 Mar + 30 = 31 Mar, + 5
    { issuedOn: '2027-02-01', dueOn: '2027-03-08' }, // 1 Feb + 27 = 28 Feb, + 8
    { issuedOn: '2028-02-01', dueOn: '2028-03-07' }, // 1 Feb + 28 = 29 Feb, + 7
  ])('BIL-3 invoice of $issuedOn is due $dueOn', ({ issuedOn, dueOn }) => {
    expect(invoiceDeadlines(issuedOn).dueOn).toBe(dueOn);
  });

  it('BIL-3 days are calendar days, not 24-hour blocks: 35 days across the spring change last 36 × 24 − 1 hours to dueAt', () => {
    // From 00:00 on 22 Feb 2026 (UTC+1) to 00:00 on 30 Mar 2026 (UTC+2): 36 local days, one of them 23 hours.
    const d = invoiceDeadlines('2026-02-22');
    expect((Date.parse(d.dueAt) - Date.parse('2026-02-21T23:00:00.000Z')) / 3_600_000).toBe(36 * 24 - 1);
  });

  it('DUN-2 a payment on the due date is on time: dueAt is after the whole due date in Ljubljana', () => {
    const d = invoiceDeadlines('2026-12-01');
    // 23:59:59.999 on 5 Jan 2027 local = 22:59:59.999Z is still before dueAt.
    expect(Date.parse('2027-01-05T22:59:59.999Z')).toBeLessThan(Date.parse(d.dueAt));
    expect(Date.parse('2027-01-05T23:00:00.000Z')).toBe(Date.parse(d.dueAt));
  });
});

describe('DUN-1 remindersDue: each reminder once; a late run sends only the latest, never skipping the issue notice', () => {
  // Invoice issued 2026-12-01 (see the table above).
  const all = invoiceDeadlines('2026-12-01').reminders;
  const without = (...kinds: ReminderKind[]) => all.filter((r) => !kinds.includes(r.kind));

  it.each([
    { case: 'before the issue instant', pending: all, now: '2026-11-30T22:59:59.999Z', send: [] },
    { case: 'exactly at issue', pending: all, now: '2026-11-30T23:00:00.000Z', send: ['issued'] },
    { case: 'issue sent, the day before due-soon', pending: without('issued'), now: '2026-12-28T22:59:59.999Z', send: [] },
    { case: 'issue sent, due-soon day', pending: without('issued'), now: '2026-12-28T23:00:00.000Z', send: ['due-soon'] },
    { case: 'nothing sent yet at due-soon: issue notice and due-soon', pending: all, now: '2026-12-29T08:00:00.000Z', send: ['issued', 'due-soon'] },
    { case: 'due-soon sent, on the due date', pending: without('issued', 'due-soon'), now: '2027-01-05T00:00:00.000Z', send: ['due-today'] },
    { case: 'due-soon sent, run missed the due date: only overdue', pending: without('issued', 'due-soon'), now: '2027-01-06T12:00:00.000Z', send: ['overdue'] },
    { case: 'catch-up after an outage: issue notice plus the latest (overdue)', pending: all, now: '2027-01-06T12:00:00.000Z', send: ['issued', 'overdue'] },
    { case: 'catch-up after everything: issue notice plus dormancy warning', pending: all, now: '2027-02-01T00:00:00.000Z', send: ['issued', 'dormancy-warning'] },
    { case: 'all but the dormancy warning sent, at its instant', pending: without('issued', 'due-soon', 'due-today', 'overdue'), now: '2027-01-28T23:00:00.000Z', send: ['dormancy-warning'] },
    { case: 'all sent', pending: [], now: '2027-03-01T00:00:00.000Z', send: [] },
  ])('DUN-1 $case: sends $send', ({ pending, now, send }) => {
    expect(remindersDue(pending, new Date(now))).toEqual(send);
  });
});

describe('DUN-5 deletionWarningDue: 30 and 7 calendar days ahead, the latest only, nothing from deleteAt on', () => {
  // Invoice issued 2026-02-22: deleteAt 00:00 28 Jul 2026 CEST = 2026-07-27T22:00Z.
  // 30 days ahead: 28 Jun (00:00 CEST = 2026-06-27T22:00Z); 7 days ahead: 21 Jul (2026-07-20T22:00Z).
  const deleteAt = invoiceDeadlines('2026-02-22').deleteAt;

  it.each([
    { now: '2026-06-01T00:00:00.000Z', warn: undefined },
    { now: '2026-06-27T21:59:59.999Z', warn: undefined },
    { now: '2026-06-27T22:00:00.000Z', warn: 30 },
    { now: '2026-07-20T21:59:59.999Z', warn: 30 },
    { now: '2026-07-20T22:00:00.000Z', warn: 7 },
    { now: '2026-07-27T21:59:59.999Z', warn: 7 },
    { now: '2026-07-27T22:00:00.000Z', warn: undefined },
    { now: '2026-08-15T00:00:00.000Z', warn: undefined },
  ])('DUN-5 deletion at 2026-07-27T22:00Z, at $now: warning $warn', ({ now, warn }) => {
    expect(deleteAt).toBe('2026-07-27T22:00:00.000Z');
    expect(deletionWarningDue(deleteAt, new Date(now))).toBe(warn);
  });

  it.each([
    // Deletion 20 Nov 2026 (00:00 CET = 2026-11-19T23:00Z); 30 days ahead = 21 Oct, still CEST:
    // 00:00 21 Oct = 2026-10-20T22:00Z, one hour before 720 hours would put it (23:00Z).
    { deleteAt: '2026-11-19T23:00:00.000Z', now: '2026-10-20T21:59:59.999Z', warn: undefined },
    { deleteAt: '2026-11-19T23:00:00.000Z', now: '2026-10-20T22:00:00.000Z', warn: 30 },
    { deleteAt: '2026-11-19T23:00:00.000Z', now: '2026-10-20T22:30:00.000Z', warn: 30 },
    // Deletion 20 Apr 2027 (00:00 CEST = 2027-04-19T22:00Z); 30 days ahead = 21 Mar, still CET:
    // 00:00 21 Mar = 2027-03-20T23:00Z, one hour after 720 hours would put it (22:00Z).
    { deleteAt: '2027-04-19T22:00:00.000Z', now: '2027-03-20T22:30:00.000Z', warn: undefined },
    { deleteAt: '2027-04-19T22:00:00.000Z', now: '2027-03-20T23:00:00.000Z', warn: 30 },
    // 7 days ahead of 20 Apr 2027 = 13 Apr, CEST: 2027-04-12T22:00Z.
    { deleteAt: '2027-04-19T22:00:00.000Z', now: '2027-04-12T21:59:59.999Z', warn: 30 },
    { deleteAt: '2027-04-19T22:00:00.000Z', now: '2027-04-12T22:00:00.000Z', warn: 7 },
  ])('DUN-5 across a DST change, deletion at $deleteAt, at $now: warning $warn (calendar days, not hours)', ({ deleteAt, now, warn }) => {
    expect(deletionWarningDue(deleteAt, new Date(now))).toBe(warn);
  });
});

describe('BIL-6 DUN-6 contractEnd: the end of the period already invoiced', () => {
  const monthly = { interval: 'monthly' as const, startsOn: '2026-01-01' };
  const annualMarch = { interval: 'annual' as const, startsOn: '2026-03-01' };
  const annualJuly = { interval: 'annual' as const, startsOn: '2026-07-01' };

  it.each([
    // Monthly: 00:00 on the first of the next Ljubljana month.
    { case: 'monthly, mid-November', plan: monthly, now: '2026-11-15T10:00:00.000Z', end: '2026-11-30T23:00:00.000Z' },
    { case: 'monthly, last ms of 30 Nov local', plan: monthly, now: '2026-11-30T22:59:59.999Z', end: '2026-11-30T23:00:00.000Z' },
    { case: 'monthly, 00:00 on 1 Dec local (23:00Z)', plan: monthly, now: '2026-11-30T23:00:00.000Z', end: '2026-12-31T23:00:00.000Z' },
    { case: 'monthly, last ms of 31 Jul local (summer)', plan: monthly, now: '2026-07-31T21:59:59.999Z', end: '2026-07-31T22:00:00.000Z' },
    { case: 'monthly, 00:00 on 1 Aug local (22:00Z)', plan: monthly, now: '2026-07-31T22:00:00.000Z', end: '2026-08-31T22:00:00.000Z' },
    { case: 'monthly, October: ends in winter time', plan: monthly, now: '2026-10-10T12:00:00.000Z', end: '2026-10-31T23:00:00.000Z' },
    { case: 'monthly, March: ends in summer time', plan: monthly, now: '2026-03-10T12:00:00.000Z', end: '2026-03-31T22:00:00.000Z' },
    { case: 'monthly, December: ends at the new year', plan: monthly, now: '2026-12-20T12:00:00.000Z', end: '2026-12-31T23:00:00.000Z' },
    // No plan: as monthly.
    { case: 'no plan, mid-November', plan: undefined, now: '2026-11-15T10:00:00.000Z', end: '2026-11-30T23:00:00.000Z' },
    { case: 'no plan, summer', plan: undefined, now: '2026-06-10T10:00:00.000Z', end: '2026-06-30T22:00:00.000Z' },
    // Annual: the next anniversary of startsOn.
    { case: 'annual from 1 Mar 2026, in November', plan: annualMarch, now: '2026-11-15T10:00:00.000Z', end: '2027-02-28T23:00:00.000Z' },
    { case: 'annual from 1 Mar 2026, on its first day', plan: annualMarch, now: '2026-03-01T10:00:00.000Z', end: '2027-02-28T23:00:00.000Z' },
    { case: 'annual from 1 Mar 2026, 00:00 on its first day (2026-02-28T23:00Z)', plan: annualMarch, now: '2026-02-28T23:00:00.000Z', end: '2027-02-28T23:00:00.000Z' },
    { case: 'annual from 1 Mar 2026, last ms of year one (28 Feb 2027 local)', plan: annualMarch, now: '2027-02-28T22:59:59.999Z', end: '2027-02-28T23:00:00.000Z' },
    // 1 Mar 2028 at 00:00 CET = 29 Feb 2028 23:00Z (leap year).
    { case: 'annual from 1 Mar 2026, first instant of year two', plan: annualMarch, now: '2027-02-28T23:00:00.000Z', end: '2028-02-29T23:00:00.000Z' },
    { case: 'annual from 1 Jul 2026, in year two', plan: annualJuly, now: '2027-09-01T10:00:00.000Z', end: '2028-06-30T22:00:00.000Z' },
    // An annual plan that has not started yet has paid nothing: as no plan, the current month.
    { case: 'annual from 1 Jan 2027, not started yet', plan: { interval: 'annual' as const, startsOn: '2027-01-01' }, now: '2026-11-15T10:00:00.000Z', end: '2026-11-30T23:00:00.000Z' },
    { case: 'annual from 1 Jul 2026, in year one (winter)', plan: annualJuly, now: '2027-01-15T10:00:00.000Z', end: '2027-06-30T22:00:00.000Z' },
  ])('BIL-6 DUN-6 $case: ends $end', ({ plan, now, end }) => {
    expect(contractEnd(plan, new Date(now))).toBe(end);
  });
});
