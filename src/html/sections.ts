import type { ReportRow } from '../reports/index.ts';
import { calendarHeatmap } from './charts/calendar.ts';
import { emptyFigure, figure, levelLegend, swatches } from './charts/figure.ts';
import type { ChartDocument } from './charts/plot.ts';
import { type ProgressItem, progressBars } from './charts/progress-bars.ts';
import { type RankedItem, rankedBars } from './charts/ranked-bars.ts';
import { MEDIA_ORDER, ratingsBars } from './charts/ratings-bars.ts';
import { KIND_COLORS, splitsMinutes, watchTimeBars } from './charts/watch-time-bars.ts';
import { weekHourHeatmap } from './charts/week-hour.ts';
import { dateRange, formatDate, MONTH_NAMES } from './dates.ts';
import { isolate } from './escape.ts';
import { formatDuration, formatHours, plural } from './numbers.ts';
import { MEDIA_COLORS, OKABE_ITO } from './palette.ts';
import { dayTotal, num, numOrNull, periodRow, str } from './rows.ts';

/**
 * Each chart of the pages as a <figure>, fed with rows exactly as a report
 * returned them: these functions choose, order and label, they never
 * recompute what a report means.
 */

const KIND_LEGEND = swatches([
  { label: 'movies', color: KIND_COLORS.movies },
  { label: 'episodes', color: KIND_COLORS.episodes },
]);

/** watch-time --by month --year Y: twelve months, movies and episodes stacked. */
export function monthsFigure(doc: ChartDocument, year: number, rows: readonly ReportRow[]): string {
  if (!rows.some((r) => num(r, 'plays') > 0)) {
    // An axis over nothing is twelve zero ticks drawn on top of each other.
    return emptyFigure({ id: 'months', title: 'Month by month' }, `No plays in ${year} to draw.`);
  }
  const periods = MONTH_NAMES.map((_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const data = rows.map(periodRow);
  const byMinutes = splitsMinutes(data);
  const svg = watchTimeBars(doc, data, {
    periods,
    tickFormat: (p) => MONTH_NAMES[Number(p.slice(5, 7)) - 1] ?? p,
  });
  return figure(
    {
      id: 'months',
      title: 'Month by month',
      note: byMinutes
        ? 'Hours watched each month, movies and episodes stacked.'
        : 'Plays each month, movies and episodes stacked; hover a bar for the time watched.',
      legend: KIND_LEGEND,
    },
    svg,
  );
}

/** watch-time (any --by): one bar per period. */
export function periodsFigure(doc: ChartDocument, rows: readonly ReportRow[], by: string): string {
  const options = { id: 'watch-time', title: `Watch time by ${by}` };
  if (rows.length === 0) return emptyFigure(options, 'No plays to show.');
  const data = rows.map(periodRow);
  return figure(
    {
      ...options,
      note: splitsMinutes(data)
        ? 'Hours watched per period, movies and episodes stacked.'
        : 'Plays per period, movies and episodes stacked; hover a bar for the time watched.',
      legend: KIND_LEGEND,
    },
    watchTimeBars(doc, data),
  );
}

/**
 * watch-time --by day --year Y as a calendar; `streaks` (one row of the streaks report) outlines the
 * longest; days after `today` (local) are drawn as still to come.
 */
export function calendarFigure(
  doc: ChartDocument,
  year: number,
  dayRows: readonly ReportRow[],
  streak: ReportRow | undefined,
  today?: string,
): string {
  const start = str(streak, 'longest_start');
  const end = str(streak, 'longest_end');
  const days = num(streak, 'longest_days');
  const streakDays = new Set(
    start !== null && end !== null ? dateRange(start, end).filter((d) => d.startsWith(`${year}-`)) : [],
  );
  const activeDays = dayRows.filter((r) => num(r, 'plays') > 0).length;
  const keys: { label: string; className: string }[] = [];
  // Without a play there is no streak to outline, and nothing to say about one.
  if (start !== null && end !== null && days > 0) {
    keys.push({
      label: `outlined: longest streak: ${plural(days, 'day')} (${formatDate(start)} – ${formatDate(end)})`,
      className: 'streak',
    });
  }
  const toCome = today !== undefined && today < `${year}-12-31`;
  if (toCome) keys.push({ label: 'dashed: still to come', className: 'future' });
  const legend = levelLegend('minutes watched') + (keys.length > 0 ? swatches(keys) : '');
  return figure(
    {
      id: 'calendar',
      title: 'Every day of the year',
      note: `${plural(activeDays, 'day')} with at least one play${toCome ? ' so far' : ''}. Columns are weeks (Monday first), local dates.`,
      legend,
    },
    calendarHeatmap(doc, year, dayRows.map(dayTotal), streakDays, today),
  );
}

/** The heatmap report: weekday by hour. */
export function weekHourFigure(doc: ChartDocument, rows: readonly ReportRow[]): string {
  if (!rows.some((r) => num(r, 'plays') > 0)) {
    return emptyFigure({ id: 'week-hour', title: 'When you watch' }, 'No plays to draw.');
  }
  return figure(
    {
      id: 'week-hour',
      title: 'When you watch',
      note: 'Minutes watched by the local weekday and hour each play started.',
      legend: levelLegend('minutes watched'),
    },
    weekHourHeatmap(
      doc,
      rows.map((r) => ({
        weekday: num(r, 'weekday'),
        hour: num(r, 'hour'),
        plays: num(r, 'plays'),
        minutes: num(r, 'minutes'),
      })),
    ),
  );
}

interface RankedFrame {
  id: string;
  title: string;
  note?: string;
  /** Said instead of a chart when there are no items. */
  empty: string;
  color: string;
  axisLabel: string;
  integer?: boolean;
}

function ranked(doc: ChartDocument, frame: RankedFrame, items: readonly RankedItem[]): string {
  const { empty, color, axisLabel, integer, ...figureOptions } = frame;
  if (items.length === 0) return emptyFigure(figureOptions, empty);
  const bars = rankedBars(doc, items, {
    color,
    axisLabel,
    mark: `mark-bar mark-${frame.id}`,
    ...(integer === undefined ? {} : { integer }),
  });
  return figure(figureOptions, bars);
}

/** top-shows rows, in the report's order (minutes). */
export function topShowsFigure(doc: ChartDocument, rows: readonly ReportRow[], note?: string): string {
  const items = rows.map((r) => {
    const minutes = num(r, 'minutes');
    const plays = num(r, 'episode_plays');
    return {
      label: str(r, 'title') ?? `show ${num(r, 'show_trakt_id')}`,
      value: minutes / 60,
      text: `${formatHours(minutes)} · ${plural(plays, 'ep')}`,
      title: `${isolate(str(r, 'title') ?? '')}: ${plural(plays, 'episode play')} (${plural(num(r, 'distinct_episodes'), 'episode')}), ${formatDuration(minutes)}`,
    };
  });
  return ranked(
    doc,
    {
      id: 'top-shows',
      title: 'Top shows',
      note: note ?? 'By time watched.',
      empty: 'No episodes watched.',
      color: OKABE_ITO.skyBlue,
      axisLabel: 'hours watched',
    },
    items,
  );
}

/** top-movies rows, in the report's order (plays, then minutes). */
export function topMoviesFigure(doc: ChartDocument, rows: readonly ReportRow[], note?: string): string {
  const items = rows.map((r) => {
    const plays = num(r, 'plays');
    const year = numOrNull(r, 'year');
    const title = `${isolate(str(r, 'title') ?? `movie ${num(r, 'movie_trakt_id')}`)}${year === null ? '' : ` (${year})`}`;
    return {
      label: title,
      value: plays,
      text: `${plural(plays, 'play')} · ${formatHours(num(r, 'minutes'))}`,
      title: `${title}: ${plural(plays, 'play')}, ${formatDuration(num(r, 'minutes'))}`,
    };
  });
  return ranked(
    doc,
    {
      id: 'top-movies',
      title: 'Top movies',
      note: note ?? 'By plays, then time watched.',
      empty: 'No movies watched.',
      color: OKABE_ITO.orange,
      axisLabel: 'plays',
      integer: true,
    },
    items,
  );
}

/** genres rows (minutes); at most `limit` bars. */
export function genresFigure(doc: ChartDocument, rows: readonly ReportRow[], limit = 15): string {
  const shown = rows.slice(0, limit);
  const items = shown.map((r) => {
    const minutes = num(r, 'minutes');
    const genre = str(r, 'genre') ?? '(none)';
    return {
      label: genre,
      value: minutes / 60,
      text: formatHours(minutes),
      title: `${genre}: ${plural(num(r, 'plays'), 'play')}, ${formatDuration(minutes)}`,
    };
  });
  const more = rows.length > shown.length ? ` The ${shown.length} largest of ${rows.length} genres.` : '';
  return ranked(
    doc,
    {
      id: 'genres',
      title: 'Genres',
      note: `Hours watched per genre; a play counts for each genre of its movie or show.${more}`,
      empty: 'No genres to show.',
      color: OKABE_ITO.bluishGreen,
      axisLabel: 'hours watched',
    },
    items,
  );
}

/** show-progress rows for the given shows, in the given order. */
export function progressFigure(doc: ChartDocument, rows: readonly ReportRow[], note: string): string {
  const options = { id: 'show-progress', title: 'Show progress', note };
  if (rows.length === 0) return emptyFigure(options, 'No shows to show.');
  const items: ProgressItem[] = rows.map((r) => ({
    title: str(r, 'title') ?? `show ${num(r, 'show_trakt_id')}`,
    aired_episodes: numOrNull(r, 'aired_episodes'),
    watched_episodes: num(r, 'watched_episodes'),
    percent: numOrNull(r, 'percent'),
  }));
  return figure(options, progressBars(doc, items));
}

/** The ratings report. */
export function ratingsFigure(doc: ChartDocument, rows: readonly ReportRow[]): string {
  const options = { id: 'ratings', title: 'Ratings' };
  if (rows.length === 0) return emptyFigure(options, 'Nothing rated yet.');
  const data = rows.map((r) => ({
    media_type: str(r, 'media_type') ?? '',
    rating: num(r, 'rating'),
    items: num(r, 'items'),
  }));
  const types = MEDIA_ORDER.filter((t) => data.some((d) => d.media_type === t));
  return figure(
    {
      ...options,
      note: 'Items per rating, stacked by kind.',
      legend: swatches(types.map((t) => ({ label: `${t}s`, color: MEDIA_COLORS[t] ?? '#999999' }))),
    },
    ratingsBars(doc, data),
  );
}

/** binges rows: the longest ones as bars. */
export function bingesFigure(doc: ChartDocument, rows: readonly ReportRow[], limit = 20): string {
  const longest = [...rows]
    .sort((a, b) => num(b, 'episodes') - num(a, 'episodes') || num(b, 'minutes') - num(a, 'minutes'))
    .slice(0, limit);
  const items = longest.map((r) => {
    const day = (str(r, 'started_at') ?? '').slice(0, 10);
    const episodes = num(r, 'episodes');
    return {
      label: `${isolate(str(r, 'title') ?? `show ${num(r, 'show_trakt_id')}`)}, ${day}`,
      value: episodes,
      text: `${plural(episodes, 'ep')} · ${formatHours(num(r, 'minutes'))}`,
      title: `${isolate(str(r, 'title') ?? '')}: ${plural(episodes, 'episode')} from ${str(r, 'started_at')} to ${str(r, 'ended_at')} (UTC)`,
    };
  });
  return ranked(
    doc,
    {
      id: 'binges',
      title: 'Longest binges',
      note: `The ${longest.length} binges with the most episodes (start date in UTC).`,
      empty: 'No binges.',
      color: OKABE_ITO.skyBlue,
      axisLabel: 'episodes',
      integer: true,
    },
    items,
  );
}

/** rewatches rows: the most played as bars. */
export function rewatchesFigure(doc: ChartDocument, rows: readonly ReportRow[], limit = 20): string {
  const most = [...rows].sort((a, b) => num(b, 'plays') - num(a, 'plays')).slice(0, limit);
  const items = most.map((r) => {
    const type = str(r, 'media_type') ?? '';
    const title = isolate(str(r, 'title') ?? `${type} ${num(r, 'trakt_id')}`);
    return {
      label: title,
      value: num(r, 'plays'),
      text: plural(num(r, 'plays'), 'play'),
      title: `${title} (${type}): ${plural(num(r, 'plays'), 'play')}`,
    };
  });
  return ranked(
    doc,
    {
      id: 'rewatches',
      title: 'Most rewatched',
      note: `The ${most.length} most played items.`,
      empty: 'No rewatches.',
      color: OKABE_ITO.reddishPurple,
      axisLabel: 'plays',
      integer: true,
    },
    items,
  );
}
