import { describe, expect, it } from 'vitest';
import { JOBS, cronExpression } from '../../shared/jobs/jobs.ts';
import { nextRun } from '../../shared/jobs/next-run.ts';

describe('job schedules read as Europe/Ljubljana wall time', () => {
  it.each([
    { case: 'winter (CET, UTC+1)', after: '2026-01-15T10:00:00Z', next: '2026-01-16T07:00:00.000Z' },
    { case: 'summer (CEST, UTC+2)', after: '2026-07-15T10:00:00Z', next: '2026-07-16T06:00:00.000Z' },
    { case: 'the night clocks go forward', after: '2026-03-28T12:00:00Z', next: '2026-03-29T06:00:00.000Z' },
    { case: 'the night clocks go back', after: '2026-10-24T12:00:00Z', next: '2026-10-25T07:00:00.000Z' },
    { case: 'just before the hour', after: '2026-01-16T06:59:30Z', next: '2026-01-16T07:00:00.000Z' },
    { case: 'exactly at the hour runs next day', after: '2026-01-16T07:00:00Z', next: '2026-01-17T07:00:00.000Z' },
  ])('08:00 daily, $case', ({ after, next }) => {
    expect(nextRun({ minute: '0', hour: '8' }, new Date(after)).toISOString()).toBe(next);
  });

  it('reads day-of-week names and numbers as EventBridge does (1 = Sunday)', () => {
    const monday = nextRun({ minute: '30', hour: '9', weekDay: 'MON' }, new Date('2026-11-22T12:00:00Z'));
    expect(monday.toISOString()).toBe('2026-11-23T08:30:00.000Z');
    expect(nextRun({ minute: '30', hour: '9', weekDay: '2' }, new Date('2026-11-22T12:00:00Z'))).toEqual(monday);
  });

  it('gives EventBridge Scheduler a cron expression for every job', () => {
    for (const job of JOBS) expect(cronExpression(job.schedule)).toMatch(/^cron\(\S+ \S+ \S+ \S+ \S+ \*\)$/);
    expect(cronExpression({ minute: '0', hour: '8' })).toBe('cron(0 8 * * ? *)');
    expect(cronExpression({ minute: '0', hour: '8', weekDay: 'MON-FRI' })).toBe('cron(0 8 ? * MON-FRI *)');
  });
});
