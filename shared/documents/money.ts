import { type LocalDate, type Month, lastDayOf, wallClock } from '../domain/billing/calendar.ts';
import type { Language } from '../model/tenant.ts';

/** Slovenian readers expect the Slovenian convention; English readers get the Irish one, the euro area's English. */
const LOCALES: Record<Language, string> = { sl: 'sl-SI', en: 'en-IE' };

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `1.234,56 €` in Slovenian, `€1,234.56` in English; amounts are whole cents. */
export function formatMoney(cents: number, currency: string, language: Language): string {
  const key = `${language} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    // Slovenian CLDR leaves four-digit amounts ungrouped; `true` means "always" since ES2023, so a
    // column of totals is grouped alike.
    format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency, useGrouping: true });
    moneyFormats.set(key, format);
  }
  return format.format(cents / 100);
}

/**
 * A formatter per language, made on first use: each Intl object loads locale data, milliseconds
 * at every cold start of functions that may never print a document.
 */
export function perLanguage<T>(make: (locale: string, language: Language) => T): (language: Language) => T {
  const made = new Map<Language, T>();
  return (language) => {
    let value = made.get(language);
    if (value === undefined) {
      value = make(LOCALES[language], language);
      made.set(language, value);
    }
    return value;
  };
}

const numberFormat = perLanguage((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }));

/** Quantities and counts: `1234,5` / `1,234.5`. */
export function formatNumber(value: number, language: Language): string {
  return numberFormat(language).format(value);
}

// Local dates and months are already Ljubljana calendar values: they are formatted at UTC midnight
// so that no zone conversion can move them to a neighbouring day.
const dateFormat = perLanguage(
  (locale, language) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: language === 'sl' ? 'numeric' : 'long', year: 'numeric' }),
);
const monthFormat = perLanguage((locale) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }));

function utcMidnight(date: LocalDate): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error('Not a YYYY-MM-DD date');
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** `23. 11. 2026` / `23 November 2026`. */
export function formatDate(date: LocalDate, language: Language): string {
  return dateFormat(language).format(utcMidnight(date));
}

/** `november 2026` / `November 2026`. */
export function formatMonth(month: Month, language: Language): string {
  return monthFormat(language).format(utcMidnight(`${month}-01`));
}

/** A whole calendar month reads as the month; any other period as its first and last day. */
export function formatPeriod(start: LocalDate, end: LocalDate, language: Language): string {
  const month = start.slice(0, 7);
  if (start === `${month}-01` && end === lastDayOf(month)) return formatMonth(month, language);
  return `${formatDate(start, language)} – ${formatDate(end, language)}`;
}

const ZONE_NAMES: Record<Language, { standard: string; summer: string }> = {
  sl: { standard: 'srednjeevropski čas', summer: 'srednjeevropski poletni čas' },
  en: { standard: 'Central European Time', summer: 'Central European Summer Time' },
};

/**
 * `1. 12. 2026 ob 00:00 (srednjeevropski čas)` / `1 December 2026 at 00:00 (Central European Time)`.
 * The zone is named from the offset in force, not from ICU's names, so the hour the clocks go back
 * reads unambiguously and the wording does not change with the ICU version.
 */
export function formatInstant(iso: string, language: Language): string {
  const at = new Date(iso);
  const w = wallClock(at);
  const wall = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min);
  const offsetHours = (wall - Math.floor(at.getTime() / 60_000) * 60_000) / 3_600_000;
  const zone = offsetHours === 2 ? ZONE_NAMES[language].summer : ZONE_NAMES[language].standard;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = formatDate(`${w.y}-${pad(w.m)}-${pad(w.d)}`, language);
  const time = `${pad(w.h)}:${pad(w.min)}`;
  return language === 'sl' ? `${date} ob ${time} (${zone})` : `${date} at ${time} (${zone})`;
}
