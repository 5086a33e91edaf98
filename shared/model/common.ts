import * as z from 'zod/mini';
import type { Schema } from './zod.ts';

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), between 1970 and 9999 in UTC: a
 * time outside that has no four-digit UTC year, and keys sort by the UTC form.
 */
/** At most 35 characters: `9999-12-31T23:59:59.123456789+14:00`. */
export const timestamp = z.iso.datetime({ offset: true }).check(
  z.maxLength(35),
  z.refine((v) => {
    const at = Date.parse(v);
    return at >= EARLIEST && at <= LATEST;
  }, 'must lie between 1970 and 9999 (UTC)'),
);

export const id = z.string().check(z.maxLength(26, { abort: true }), z.regex(/^[0-9a-z]{26}$/, 'must be a 26-character lower-case id'));

export function page<T extends Schema>(item: T) {
  return z.object({
    items: z.array(item),
    /** Opaque; absent on the last page. */
    nextCursor: z.optional(z.string()),
  });
}

/** Trimmed text between `min` and `max` characters. */
export function text(min: number, max: number) {
  return z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
}

/**
 * Text for one line, such as an e-mail's subject: no line break or other control character, which
 * a mail header, a log line or a page title would carry on as something else.
 */
export function line(min: number, max: number) {
  return text(min, max).check(z.regex(/^[^\p{Cc}]*$/u, 'must be one line without control characters'));
}

/**
 * A calendar date in Europe/Ljubljana, `YYYY-MM-DD`. A value that is no date gets that reason
 * alone (`abort`), not the length's besides.
 */
export const localDate = z.iso.date({ abort: true, error: 'must be a date such as 2026-11-30' }).check(z.maxLength(10));
/** A calendar month in Europe/Ljubljana, `YYYY-MM`. */
export const month = z.string().check(z.maxLength(7, { abort: true }), z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11'));
