import { describe, expect, it } from 'vitest';
import {
  checkLeadTime,
  dueNotice,
  noticeSchedule,
  overrunAt,
  plannedAfterAnnouncement,
  statusAt,
  windowEnd,
} from '../../shared/domain/maintenance.ts';
import type { MaintenanceTimes } from '../../shared/domain/maintenance.ts';
import { RuleViolation } from '../../shared/domain/rule-violation.ts';
import type { MaintenanceNoticeKind } from '../../shared/model/maintenance.ts';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

function refusal(fn: () => unknown): RuleViolation {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('lead-time guard', () => {
  const now = at('2026-11-23T10:00:00Z');

  it('MNT-1 refuses maintenance announced 47 hours ahead, naming startsAt', () => {
    const error = refusal(() => checkLeadTime({ startsAt: plus(now, 47 * HOUR), now, leadHours: 48, emergency: false }));
    expect(error.field).toBe('startsAt');
    expect(error.reason).toMatch(/48 hours/);
  });

  it('MNT-1 accepts 49 hours ahead, and exactly 48, as planned maintenance', () => {
    expect(checkLeadTime({ startsAt: plus(now, 49 * HOUR), now, leadHours: 48, emergency: false })).toEqual({ countsAsPlanned: true });
    expect(checkLeadTime({ startsAt: plus(now, 48 * HOUR), now, leadHours: 48, emergency: false })).toEqual({ countsAsPlanned: true });
    expect(() => checkLeadTime({ startsAt: plus(now, 48 * HOUR - 1), now, leadHours: 48, emergency: false })).toThrow(RuleViolation);
  });

  it('MNT-1 SLA-2 accepts emergency work inside the lead time and flags it as not planned', () => {
    expect(checkLeadTime({ startsAt: plus(now, HOUR), now, leadHours: 48, emergency: true })).toEqual({
      countsAsPlanned: false,
      notPlannedReason: 'emergency',
    });
    // Emergency work is never planned, however early it is announced.
    expect(checkLeadTime({ startsAt: plus(now, 100 * HOUR), now, leadHours: 48, emergency: true }).countsAsPlanned).toBe(false);
  });

  it('MNT-1 applies a configured 6-hour lead time', () => {
    expect(checkLeadTime({ startsAt: plus(now, 7 * HOUR), now, leadHours: 6, emergency: false })).toEqual({ countsAsPlanned: true });
    expect(refusal(() => checkLeadTime({ startsAt: plus(now, 5 * HOUR), now, leadHours: 6, emergency: false })).reason).toMatch(/6 hours/);
  });

  it('MNT-1 counts absolute hours across the autumn DST change: 48 h is 48 h, not two calendar days', () => {
    // 2026-10-25 03:00 CEST becomes 02:00 CET: two wall-clock days are 49 hours here.
    const announced = at('2026-10-24T10:00:00+02:00');
    const sameWallTimeTwoDaysLater = at('2026-10-26T10:00:00+01:00');
    expect(sameWallTimeTwoDaysLater.getTime() - announced.getTime()).toBe(49 * HOUR);
    expect(checkLeadTime({ startsAt: plus(announced, 48 * HOUR), now: announced, leadHours: 48, emergency: false }).countsAsPlanned).toBe(true);
    expect(() => checkLeadTime({ startsAt: at('2026-10-26T08:59:00+01:00'), now: announced, leadHours: 48, emergency: false })).toThrow(RuleViolation);
  });

  it('MNT-1 counts absolute hours across the spring DST change: two wall-clock days are 47 hours, refused', () => {
    const announced = at('2026-03-28T10:00:00+01:00');
    expect(() => checkLeadTime({ startsAt: at('2026-03-30T10:00:00+02:00'), now: announced, leadHours: 48, emergency: false })).toThrow(RuleViolation);
    expect(checkLeadTime({ startsAt: at('2026-03-30T11:00:00+02:00'), now: announced, leadHours: 48, emergency: false }).countsAsPlanned).toBe(true);
  });

  it('MNT-1 refuses a start in the past, even for emergencies', () => {
    expect(refusal(() => checkLeadTime({ startsAt: plus(now, -HOUR), now, leadHours: 48, emergency: true })).field).toBe('startsAt');
  });

  it('SLA-2 an announcement that went out later than the lead time makes the work not planned', () => {
    const times = { startsAt: '2026-11-25T12:00:00.000Z' };
    expect(plannedAfterAnnouncement({ countsAsPlanned: true }, times, at('2026-11-23T11:00:00Z'), 48)).toEqual({ countsAsPlanned: true });
    // The fan-out to many tenants may take the job's next runs: 15 minutes of grace.
    expect(plannedAfterAnnouncement({ countsAsPlanned: true }, times, at('2026-11-23T12:10:00Z'), 48)).toEqual({ countsAsPlanned: true });
    expect(plannedAfterAnnouncement({ countsAsPlanned: true }, times, at('2026-11-23T13:00:00Z'), 48)).toEqual({
      countsAsPlanned: false,
      notPlannedReason: 'announced-late',
    });
  });
});

describe('notice schedule', () => {
  // Announced on Friday before the autumn change; the window spans the night the clocks go back.
  const times: MaintenanceTimes = {
    createdAt: '2026-10-22T08:00:00.000Z',
    startsAt: '2026-10-25T00:30:00.000Z', // 02:30 CEST
    expectedMaxDurationMinutes: 180,
  };

  it('MNT-2 reminds an hour before the start and marks overrun at the window end, in absolute time across DST', () => {
    const schedule = noticeSchedule(times);
    expect(schedule.map((n) => [n.kind, n.dueAt.toISOString()])).toEqual([
      ['announcement', '2026-10-22T08:00:00.000Z'],
      ['reminder', '2026-10-24T23:30:00.000Z'],
      ['start', '2026-10-25T00:30:00.000Z'],
      ['overrun', '2026-10-25T03:30:00.000Z'], // 04:30 CET: three real hours after 02:30 CEST
    ]);
    expect(windowEnd(times).getTime() - new Date(times.startsAt).getTime()).toBe(3 * HOUR);
  });

  it('MNT-2 has no reminder when scheduled within the hour before the start', () => {
    const kinds = noticeSchedule({ ...times, createdAt: '2026-10-25T00:00:00.000Z' }).map((n) => n.kind);
    expect(kinds).toEqual(['announcement', 'start', 'overrun']);
  });

  it('MNT-2 has no overrun when completed within the window, and a completion when completed', () => {
    const done = { ...times, startedAt: times.startsAt, completedAt: '2026-10-25T02:00:00.000Z' };
    expect(noticeSchedule(done).map((n) => n.kind)).toEqual(['announcement', 'reminder', 'start', 'completion']);
    const late = { ...done, completedAt: '2026-10-25T04:00:00.000Z' };
    expect(noticeSchedule(late).map((n) => n.kind)).toEqual(['announcement', 'reminder', 'start', 'overrun', 'completion']);
    expect(overrunAt(late, at('2026-10-26T00:00:00Z'))).toBe(true);
    expect(overrunAt(done, at('2026-10-26T00:00:00Z'))).toBe(false);
  });

  it('MNT-2 sends the latest due notice and supersedes older unsent ones when catching up', () => {
    const sent = (...kinds: MaintenanceNoticeKind[]) => new Set(kinds);
    expect(dueNotice(times, sent(), at('2026-10-22T08:00:00Z')).send?.kind).toBe('announcement');
    expect(dueNotice(times, sent('announcement'), at('2026-10-24T23:00:00Z')).send).toBeUndefined();
    expect(dueNotice(times, sent('announcement'), at('2026-10-24T23:30:00Z')).send?.kind).toBe('reminder');
    // Missed runs: at 01:00 UTC the start is due and the reminder never went out.
    expect(dueNotice(times, sent('announcement'), at('2026-10-25T01:00:00Z'))).toEqual({
      send: { kind: 'start', dueAt: new Date(times.startsAt) },
      supersede: ['reminder'],
    });
    expect(dueNotice(times, sent('announcement', 'reminder', 'start'), at('2026-10-25T03:31:00Z')).send?.kind).toBe('overrun');
    expect(dueNotice(times, sent('announcement', 'reminder', 'start', 'overrun'), at('2026-10-25T05:00:00Z')).send).toBeUndefined();
  });

  it('MNT-2 follows the state machine: scheduled, in progress from the start time, completed', () => {
    expect(statusAt(times, at('2026-10-25T00:29:00Z'))).toBe('scheduled');
    expect(statusAt(times, at('2026-10-25T00:30:00Z'))).toBe('in-progress');
    expect(statusAt({ ...times, startedAt: '2026-10-25T00:10:00Z' }, at('2026-10-25T00:15:00Z'))).toBe('in-progress');
    expect(statusAt({ ...times, completedAt: '2026-10-25T01:00:00Z' }, at('2026-10-25T02:00:00Z'))).toBe('completed');
  });
});
