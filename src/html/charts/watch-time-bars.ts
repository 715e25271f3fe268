import { formatDuration, plural } from '../numbers.ts';
import { OKABE_ITO } from '../palette.ts';
import { type ChartDocument, Plot, plotSvg } from './plot.ts';

/** One period of the watch-time report, as the chart needs it. */
export interface PeriodRow {
  period: string;
  movie_plays: number;
  episode_plays: number;
  minutes: number;
  /** Present when the watch-time report splits minutes by media type. */
  movie_minutes?: number;
  episode_minutes?: number;
}

export interface WatchTimeBarsOptions {
  /** Every period to show on the axis, in order (missing ones drawn empty); default: the rows' own. */
  periods?: readonly string[];
  tickFormat?: (period: string) => string;
  /** Most axis labels shown (default: as many as fit); the rest are thinned out evenly. */
  maxTicks?: number;
}

export const KIND_COLORS = { movies: OKABE_ITO.orange, episodes: OKABE_ITO.skyBlue } as const;

/** Whether the rows carry minutes per media type, so the bars can stack minutes rather than plays. */
export function splitsMinutes(rows: readonly PeriodRow[]): boolean {
  return (
    rows.length > 0 &&
    rows.every((r) => typeof r.movie_minutes === 'number' && typeof r.episode_minutes === 'number')
  );
}

/**
 * Movies and episodes stacked per period. Hours of watching when the
 * report gives minutes per media type, plays otherwise; the tooltip of
 * each bar gives plays and time.
 */
export function watchTimeBars(
  doc: ChartDocument,
  rows: readonly PeriodRow[],
  options: WatchTimeBarsOptions = {},
): string {
  const byMinutes = splitsMinutes(rows);
  const periods = options.periods ?? rows.map((r) => r.period);
  const format = options.tickFormat ?? ((p: string) => p);
  const data = rows.flatMap((r) => {
    const kinds = [
      { kind: 'movies', plays: r.movie_plays, minutes: r.movie_minutes },
      { kind: 'episodes', plays: r.episode_plays, minutes: r.episode_minutes },
    ];
    return kinds
      .filter((k) => k.plays > 0)
      .map((k) => ({
        period: r.period,
        kind: k.kind,
        value: byMinutes ? (k.minutes ?? 0) / 60 : k.plays,
        title:
          `${format(r.period)}: ${plural(k.plays, k.kind === 'movies' ? 'movie play' : 'episode play')}` +
          (k.minutes === undefined ? '' : `, ${formatDuration(k.minutes)}`) +
          ` (all plays: ${formatDuration(r.minutes)})`,
      }));
  });
  // Labels must not overlap: as many as fit side by side across the plot.
  const labelPx = Math.max(...periods.map((p) => format(p).length), 2) * 7.5 + 14;
  const ticks = thin(periods, options.maxTicks ?? Math.max(2, Math.floor(780 / labelPx)));
  return plotSvg(doc, {
    width: 860,
    height: 300,
    marginLeft: 56,
    marginBottom: 36,
    x: { type: 'band', domain: [...periods], label: null, padding: 0.2 },
    y: { label: byMinutes ? 'hours' : 'plays', grid: true },
    color: { domain: ['movies', 'episodes'], range: [KIND_COLORS.movies, KIND_COLORS.episodes] },
    marks: [
      Plot.axisX({ ticks, tickFormat: format, tickSize: 0 }),
      Plot.axisY({ labelArrow: 'none' }),
      Plot.barY(data, { x: 'period', y: 'value', fill: 'kind', title: 'title', className: 'mark-period' }),
      Plot.ruleY([0]),
    ],
  });
}

/** At most `max` of the values, evenly spaced, always the first. */
export function thin<T>(values: readonly T[], max: number): T[] {
  if (values.length <= max) return [...values];
  const step = Math.ceil(values.length / max);
  return values.filter((_, i) => i % step === 0);
}
