/**
 * UTC offsets of the few zones the generated viewer lives and travels in.
 * Intl could answer this, but at a million plays it is far too slow; the rules
 * are simple and a test checks them against Intl.
 */

export type Zone = 'America/New_York' | 'Europe/London' | 'Asia/Tokyo';

const DAY = 86_400;

/** Seconds at 00:00 UTC of the given civil date (month 1-12). */
export function civilToSec(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 1000;
}

/** Day of month of the n-th (1-based) weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lastWeekday = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return lastDay - ((lastWeekday - weekday + 7) % 7);
}

/** Offset from UTC in seconds at the instant `sec`. */
export function offsetAt(zone: Zone, sec: number): number {
  const year = new Date(sec * 1000).getUTCFullYear();
  if (zone === 'Asia/Tokyo') return 9 * 3600;
  if (zone === 'Europe/London') {
    // BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
    const start = civilToSec(year, 3, nthWeekday(year, 3, 0, -1)) + 3600;
    const end = civilToSec(year, 10, nthWeekday(year, 10, 0, -1)) + 3600;
    return sec >= start && sec < end ? 3600 : 0;
  }
  // US Eastern: since 2007, 2:00 local on the second Sunday of March to 2:00 local on the first Sunday of November.
  const start =
    year >= 2007
      ? civilToSec(year, 3, nthWeekday(year, 3, 0, 2)) + 7 * 3600
      : civilToSec(year, 4, nthWeekday(year, 4, 0, 1)) + 7 * 3600;
  const end =
    year >= 2007
      ? civilToSec(year, 11, nthWeekday(year, 11, 0, 1)) + 6 * 3600
      : civilToSec(year, 10, nthWeekday(year, 10, 0, -1)) + 6 * 3600;
  return sec >= start && sec < end ? -4 * 3600 : -5 * 3600;
}

/**
 * The UTC instant of a local wall-clock time. A time that occurs twice (the
 * hour after a fall-back) gives the earlier instant; one that does not occur
 * (inside a spring-forward gap) is read with the offset from before the gap.
 */
export function localToSec(zone: Zone, localSec: number): number {
  // Transitions are months apart, so the offsets a day either side are the only two candidates.
  const before = offsetAt(zone, localSec - DAY);
  const after = offsetAt(zone, localSec + DAY);
  const candidates = [localSec - before, localSec - after].filter((c) => offsetAt(zone, c) === localSec - c);
  return candidates.length > 0 ? Math.min(...candidates) : localSec - before;
}

/** Local wall-clock seconds (as if UTC) of an instant. */
export function secToLocal(zone: Zone, sec: number): number {
  return sec + offsetAt(zone, sec);
}

export function localHour(zone: Zone, sec: number): number {
  return Math.floor((((secToLocal(zone, sec) % DAY) + DAY) % DAY) / 3600);
}

/** Start of the local day containing `sec`, as local wall-clock seconds. */
export function localDayStart(zone: Zone, sec: number): number {
  const local = secToLocal(zone, sec);
  return local - (((local % DAY) + DAY) % DAY);
}
