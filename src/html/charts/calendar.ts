import { type CalendarDay, daysOfYear, formatDate, MONTH_NAMES, WEEKDAY_NAMES } from '../dates.ts';
import { levelOf, levelThresholds } from '../levels.ts';
import { formatDuration, plural } from '../numbers.ts';
import { LEVEL_FILLS, LEVELS, OKABE_ITO } from '../palette.ts';
import { type ChartDocument, Plot, plotSvg } from './plot.ts';

export interface DayTotal {
  /** Local date, YYYY-MM-DD (watch-time --by day). */
  date: string;
  plays: number;
  minutes: number;
}

const CELL = 15;

/**
 * A GitHub-style calendar of one year: a column per week (Monday first), a
 * row per weekday, every day of the year a cell coloured by minutes
 * watched. Days in `streak` are outlined, so the longest run stands out.
 * Days after `today` (a local date) are drawn as an empty dashed outline:
 * they are still to come, not days without plays.
 */
export function calendarHeatmap(
  doc: ChartDocument,
  year: number,
  totals: readonly DayTotal[],
  streak: ReadonlySet<string> = new Set(),
  today?: string,
): string {
  const byDate = new Map(totals.map((t) => [t.date, t]));
  const thresholds = levelThresholds(totals.map((t) => t.minutes));
  const all = daysOfYear(year).map((day) => {
    const total = byDate.get(day.date);
    const plays = total?.plays ?? 0;
    const minutes = total?.minutes ?? 0;
    const future = today !== undefined && day.date > today && plays === 0;
    return {
      ...day,
      future,
      level: levelOf(minutes, thresholds),
      title:
        `${formatDate(day.date, true)}: ` +
        (future
          ? 'still to come'
          : plays === 0
            ? 'nothing watched'
            : `${plural(plays, 'play')}, ${formatDuration(minutes)}`) +
        (streak.has(day.date) ? ' (longest streak)' : ''),
    };
  });
  const days = all.filter((d) => !d.future);
  const future = all.filter((d) => d.future);
  const weeks = (all.at(-1)?.week ?? 52) + 1;
  const monthStarts = firstWeekOfEachMonth(all);
  const cells = LEVELS.map((level) =>
    Plot.cell(
      days.filter((d) => d.level === level),
      {
        x: 'week',
        y: 'weekday',
        fill: LEVEL_FILLS[level],
        inset: 1.5,
        rx: 2,
        title: 'title',
        className: `mark-day level-${level}`,
      },
    ),
  );
  return plotSvg(doc, {
    width: 40 + weeks * CELL + 8,
    height: 26 + 7 * CELL + 4,
    marginLeft: 40,
    marginRight: 8,
    marginTop: 26,
    marginBottom: 4,
    x: { type: 'band', domain: range(weeks), padding: 0, axis: null },
    y: { type: 'band', domain: range(7), padding: 0, axis: null },
    marks: [
      Plot.axisX({
        anchor: 'top',
        ticks: [...monthStarts.keys()],
        tickFormat: (week: number) => monthStarts.get(week) ?? '',
        tickSize: 0,
        textAnchor: 'start',
        dx: -CELL / 2 + 1.5,
        label: null,
      }),
      Plot.axisY({
        ticks: [0, 2, 4, 6],
        tickFormat: (weekday: number) => WEEKDAY_NAMES[weekday]!.slice(0, 3),
        tickSize: 0,
        label: null,
      }),
      ...cells,
      Plot.cell(future, {
        x: 'week',
        y: 'weekday',
        fill: 'none',
        // The light scheme's border colour; styles.ts sets each scheme's.
        stroke: '#d1d9e0',
        strokeDasharray: '2 2',
        inset: 2,
        rx: 2,
        title: 'title',
        className: 'mark-day future',
      }),
      Plot.cell(
        days.filter((d) => streak.has(d.date)),
        {
          x: 'week',
          y: 'weekday',
          fill: 'none',
          stroke: OKABE_ITO.vermillion,
          strokeWidth: 2,
          inset: 0.5,
          rx: 3,
          className: 'mark-streak',
        },
      ),
    ],
  });
}

/** Week column -> month name, for the first week holding the 1st of each month. */
function firstWeekOfEachMonth(days: readonly CalendarDay[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const day of days) {
    if (day.date.endsWith('-01'))
      out.set(day.weekday === 0 ? day.week : day.week + 1, MONTH_NAMES[day.month]!);
  }
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
