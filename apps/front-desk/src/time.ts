/**
 * Dates and times as the site keeps them: a day (YYYY-MM-DD) and clock times in the site's time
 * zone, whatever zone the browser is in (a desk in Chicago can look at New York's day).
 */
import type { Language } from './i18n/i18n';

/** The calendar day of `instant` in `timeZone`, as YYYY-MM-DD. */
export function dayInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day `days` after (or before) a YYYY-MM-DD day: calendar arithmetic, no time zone involved. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

const LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-US' };

/** A clock time in the site's zone, e.g. "9:30 AM" (en) or "9:30 a. m." (es). */
export function clockTime(iso: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** Day and time in the site's zone, e.g. "Wed, Dec 2, 9:30 AM". */
export function dayAndTime(iso: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A YYYY-MM-DD date for people, e.g. "03/12/1984" (en) or "12/03/1984" (es). */
export function calendarDate(day: string, language: Language): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.UTC(y, m - 1, d)));
}
