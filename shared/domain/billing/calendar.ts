/**
 * Contract time: calendar dates and months in Europe/Ljubljana (the catalogue's rule for time),
 * turned into absolute instants only where a deadline must be stored. A "day" here is a calendar
 * day, so a 30-day period across a daylight-saving change lasts 30 local days (719 or 721 hours).
 */
export const CONTRACT_TIME_ZONE = 'Europe/Ljubljana';

/** `YYYY-MM-DD`, a calendar date in the contract time zone. */
export type LocalDate = string;
/** `YYYY-MM`, a calendar month in the contract time zone. */
export type Month = string;

let parts: Intl.DateTimeFormat | undefined;
/** Made on first use: a formatter with a time zone loads the zone's rules, milliseconds at every cold start. */
const wallClockParts = () =>
  (parts ??= new Intl.DateTimeFormat('en-CA', {
  timeZone: CONTRACT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
}));

/** What the clocks in Ljubljana show at `at`. */
export function wallClock(at: Date) {
  const p = Object.fromEntries(wallClockParts().formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parseDate(date: LocalDate): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error('Not a YYYY-MM-DD date');
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function formatDate(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The calendar date in Ljubljana at `at`. */
export function localDateOf(at: Date): LocalDate {
  const w = wallClock(at);
  return formatDate(w.y, w.m, w.d);
}

export function monthOf(at: Date): Month {
  return localDateOf(at).slice(0, 7);
}

/** The instant Ljubljana's clocks show 00:00 on `date` (midnight never falls in a DST gap here). */
export function startOfDay(date: LocalDate): Date {
  const { y, m, d } = parseDate(date);
  const guess = Date.UTC(y, m - 1, d);
  // The offset is +01:00 or +02:00: correct the UTC guess by what the local clock shows there.
  let at = guess;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(at));
    const shown = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
    at -= shown - guess;
  }
  return new Date(at);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { y, m, d } = parseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function daysInMonth(month: Month): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Same day number `months` later, or that month's last day when it has none (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = parseDate(date);
  const index = y * 12 + (m - 1) + months;
  const month = `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
  return `${month}-${pad(Math.min(d, daysInMonth(month)))}`;
}

export function firstDayOf(month: Month): LocalDate {
  return `${month}-01`;
}

export function lastDayOf(month: Month): LocalDate {
  return `${month}-${pad(daysInMonth(month))}`;
}

export function nextMonth(month: Month, by = 1): Month {
  return addMonths(firstDayOf(month), by).slice(0, 7);
}

export function previousMonth(month: Month): Month {
  return nextMonth(month, -1);
}

/** Months from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsBetween(from: Month, to: Month): Month[] {
  const months: Month[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) months.push(m);
  return months;
}

export function isMonth(value: string): value is Month {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}
