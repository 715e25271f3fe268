/**
 * Calendar arithmetic on local dates written as YYYY-MM-DD. The reports
 * have already turned instants into local dates, so these dates are pure
 * calendar values and are computed in UTC to keep DST out of the way.
 */
const DAY_MS = 86_400_000;

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

export interface CalendarDay {
  date: string;
  /** 0 = Monday ... 6 = Sunday (ISO order, as the heatmap report's weekday minus one). */
  weekday: number;
  /** Column of the calendar: the week of the year, weeks starting on Monday, the first partial week 0. */
  week: number;
  /** 0 = January. */
  month: number;
}

function parse(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every day of the year in order, with its place on a GitHub-style calendar. */
export function daysOfYear(year: number): CalendarDay[] {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const firstWeekday = (new Date(start).getUTCDay() + 6) % 7;
  const days: CalendarDay[] = [];
  for (let ms = start, i = 0; ms < end; ms += DAY_MS, i++) {
    days.push({
      date: isoDate(ms),
      weekday: (firstWeekday + i) % 7,
      week: Math.floor((firstWeekday + i) / 7),
      month: new Date(ms).getUTCMonth(),
    });
  }
  return days;
}

/** The dates from `first` to `last`, both included. */
export function dateRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let ms = parse(first); ms <= parse(last); ms += DAY_MS) out.push(isoDate(ms));
  return out;
}

/** "2025-02-04" -> "Tue, Feb 4"; with the year when asked. */
export function formatDate(date: string, withYear = false): string {
  const d = new Date(parse(date));
  if (Number.isNaN(d.getTime())) return date;
  const weekday = WEEKDAY_NAMES[(d.getUTCDay() + 6) % 7]!.slice(0, 3);
  const text = `${weekday}, ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return withYear ? `${text}, ${d.getUTCFullYear()}` : text;
}

/** "2025-02-04" -> "Tuesday". */
export function formatWeekday(date: string): string {
  const d = new Date(parse(date));
  return Number.isNaN(d.getTime()) ? '' : WEEKDAY_NAMES[(d.getUTCDay() + 6) % 7]!;
}

/** Today's date in `tz` (YYYY-MM-DD), for drawing the days still to come; UTC when the zone is unknown here. */
export function localToday(now: number, tz: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(now));
  } catch {
    return isoDate(now);
  }
}
