/**
 * Trakt sends GMT ISO-8601 with milliseconds, e.g. `2014-09-01T09:10:11.000Z`
 * (docs/trakt-api.md §1 "Dates"). Rows carry exactly that form, so values compare equal
 * whatever spelling came in: other offsets are converted to UTC, a missing
 * zone is read as UTC (Trakt's dates are all GMT), a bare date is midnight
 * UTC, and sub-millisecond digits are truncated.
 *
 * Years are limited to 0001-9999 so every value round-trips through DuckDB's
 * TIMESTAMPTZ and DATE and through `Date#toISOString` unchanged.
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The canonical ISO UTC form with milliseconds, or null if `text` is not a valid timestamp. */
export function isoTimestamp(text: string): string | null {
  // Fast path for what Trakt sends, checked field by field (Date parsing is the slow part of normalizing).
  if (CANONICAL.test(text)) {
    const valid =
      isCalendarDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))) &&
      Number(text.slice(11, 13)) <= 23 &&
      Number(text.slice(14, 16)) <= 59 &&
      Number(text.slice(17, 19)) <= 59;
    return valid ? text : null;
  }
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, oh = '0', om = '0'] = m;
  const date = calendarDate(Number(y), Number(mo), Number(d));
  if (date === null) return null;
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const offsetMinutes = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (Math.abs(offsetMinutes) > 18 * 60) return null;
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  const epoch = date.getTime() + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + millis;
  return inRange(epoch);
}

/** `YYYY-MM-DD`, or null. A full timestamp is accepted and reduced to its UTC date. */
export function isoDate(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (m !== null) {
    const [, y, mo, d] = m;
    return calendarDate(Number(y), Number(mo), Number(d)) === null ? null : `${y}-${mo}-${d}`;
  }
  const ts = isoTimestamp(text);
  return ts === null ? null : ts.slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/** Midnight UTC of a valid calendar date; Date.UTC would map years 0-99 to 19xx. */
function calendarDate(year: number, month: number, day: number): Date | null {
  if (!isCalendarDate(year, month, day)) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function inRange(epoch: number): string | null {
  if (!Number.isFinite(epoch)) return null;
  const iso = new Date(epoch).toISOString();
  // An offset can push 0001-01-01 or 9999-12-31 out of the four-digit years.
  return /^\d{4}-/.test(iso) && !iso.startsWith('0000') ? iso : null;
}
