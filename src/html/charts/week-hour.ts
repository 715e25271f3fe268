import { WEEKDAY_NAMES } from '../dates.ts';
import { levelOf, levelThresholds } from '../levels.ts';
import { formatDuration, plural } from '../numbers.ts';
import { LEVEL_FILLS, LEVELS, type Level } from '../palette.ts';
import { type ChartDocument, Plot, plotSvg } from './plot.ts';

/** One row of the heatmap report. */
export interface WeekHourCell {
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number;
  hour: number;
  plays: number;
  minutes: number;
}

/**
 * Weekday by local hour: all 168 cells drawn (the report leaves out empty
 * ones), coloured by minutes on the same levels as the calendar.
 */
export function weekHourHeatmap(doc: ChartDocument, rows: readonly WeekHourCell[]): string {
  const key = (weekday: number, hour: number) => weekday * 24 + hour;
  const byKey = new Map(rows.map((r) => [key(r.weekday, r.hour), r]));
  const thresholds = levelThresholds(rows.map((r) => r.minutes));
  const cells: { weekday: number; hour: number; level: Level; title: string }[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const row = byKey.get(key(weekday, hour));
      const plays = row?.plays ?? 0;
      const minutes = row?.minutes ?? 0;
      cells.push({
        weekday,
        hour,
        level: levelOf(minutes, thresholds),
        title:
          `${WEEKDAY_NAMES[weekday - 1]} ${pad(hour)}:00-${pad(hour + 1)}:00: ` +
          (plays === 0 ? 'nothing started' : `${plural(plays, 'play')}, ${formatDuration(minutes)}`),
      });
    }
  }
  return plotSvg(doc, {
    width: 860,
    height: 7 * 30 + 50,
    marginLeft: 44,
    marginTop: 8,
    marginBottom: 42,
    x: { type: 'band', domain: Array.from({ length: 24 }, (_, h) => h), padding: 0 },
    y: { type: 'band', domain: [1, 2, 3, 4, 5, 6, 7], padding: 0 },
    marks: [
      Plot.axisX({
        tickFormat: (h: number) => pad(h),
        tickSize: 0,
        label: 'hour the play started (local time)',
        labelAnchor: 'center',
        labelArrow: 'none',
      }),
      Plot.axisY({ tickFormat: (d: number) => WEEKDAY_NAMES[d - 1]!.slice(0, 3), tickSize: 0, label: null }),
      ...LEVELS.map((level) =>
        Plot.cell(
          cells.filter((c) => c.level === level),
          {
            x: 'hour',
            y: 'weekday',
            fill: LEVEL_FILLS[level],
            inset: 1.5,
            rx: 3,
            title: 'title',
            className: `mark-hour level-${level}`,
          },
        ),
      ),
    ],
  });
}

function pad(hour: number): string {
  return String(hour % 24).padStart(2, '0');
}
