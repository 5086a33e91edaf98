import { JOB_TIME_ZONE } from './jobs.ts';
import type { JobSchedule } from './jobs.ts';

/** EventBridge numbers week days 1 (Sunday) to 7 (Saturday). */
const WEEKDAYS = ['', 'SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function fieldMatches(field: string | undefined, value: number, names: string[] = []): boolean {
  if (field === undefined || field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const named = names.indexOf(part.toUpperCase());
    if (named >= 0) return named === value;
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) return value >= Number(range[1]) && value <= Number(range[2]);
    return Number(part) === value;
  });
}

let formatter: Intl.DateTimeFormat | undefined;
/** Made on first use: a formatter with a time zone loads the zone's rules, milliseconds at every cold start. */
const localFormat = () =>
  (formatter ??= new Intl.DateTimeFormat('en-GB', {
  timeZone: JOB_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  weekday: 'short',
}));

function localParts(at: Date) {
  const parts = Object.fromEntries(localFormat().formatToParts(at).map((p) => [p.type, p.value]));
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekDay: WEEKDAYS.indexOf(String(parts.weekday).toUpperCase().slice(0, 3)),
  };
}

/**
 * The first minute after `after` at which the schedule fires, reading the cron fields as wall
 * time in Europe/Ljubljana, as EventBridge Scheduler does: a job at 08:00 runs at 08:00 local
 * time in winter and in summer. Supports `*`, numbers, lists, ranges and day names.
 */
export function nextRun(schedule: JobSchedule, after: Date): Date {
  let at = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
  const limit = at + 366 * 24 * 60 * 60_000;
  for (; at <= limit; at += 60_000) {
    const p = localParts(new Date(at));
    if (
      fieldMatches(schedule.minute, p.minute) &&
      fieldMatches(schedule.hour, p.hour) &&
      fieldMatches(schedule.day, p.day) &&
      fieldMatches(schedule.month, p.month) &&
      fieldMatches(schedule.weekDay, p.weekDay, WEEKDAYS)
    ) {
      return new Date(at);
    }
  }
  throw new Error('The schedule never fires within a year');
}
