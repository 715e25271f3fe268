import type { Duck } from '../load/duck.ts';
import { type ReportResult, type ReportRow, runReport } from '../reports/index.ts';
import { type Card, cards } from './cards.ts';
import { emptyFigure } from './charts/figure.ts';
import { chartDocument } from './charts/plot.ts';
import { countriesFigure, NO_CREDITS, networksFigure, peopleFigure } from './credits-sections.ts';
import { formatDate, formatWeekday, localToday } from './dates.ts';
import { escapeHtml } from './escape.ts';
import { formatCount, formatHours, plural } from './numbers.ts';
import { htmlPage } from './page.ts';
import { num, str } from './rows.ts';
import {
  calendarFigure,
  genresFigure,
  monthsFigure,
  progressFigure,
  topMoviesFigure,
  topShowsFigure,
  weekHourFigure,
} from './sections.ts';

export interface YearInReviewOptions {
  /** The local year, e.g. 2024 or "2024". */
  year: number | string;
  /** IANA zone; default the account's, else UTC (as every report). */
  tz?: string;
  /** What time it is (ms), for the days still to come; default now. */
  now?: number;
}

/** How many shows and movies the page ranks. */
export const TOP_N = 10;

/**
 * The year-in-review page: the year-in-review report's headline numbers,
 * then a chart for each of watch-time by month, watch-time by day (as a
 * calendar, with the streaks report's longest streak outlined), heatmap,
 * top-shows, top-movies, genres and show-progress, all for the same local
 * year and time zone.
 */
export async function renderYearInReview(duck: Duck, options: YearInReviewOptions): Promise<string> {
  const raw = { year: String(options.year), ...(options.tz === undefined ? {} : { tz: options.tz }) };
  return yearInReviewPage(
    duck,
    await runReport(duck, 'year-in-review', raw),
    options.now === undefined ? {} : { now: options.now },
  );
}

/** The page for a year-in-review result already run (its parameters pick the year and zone). */
export async function yearInReviewPage(
  duck: Duck,
  review: ReportResult,
  options: { now?: number } = {},
): Promise<string> {
  const year = Number(review.parameters['year']);
  const tz = String(review.parameters['tz']);
  // Every report below reads the same year in the same zone as the headline.
  const scope = { year: String(year), tz };
  const run = async (name: string, extra: Record<string, string> = {}) =>
    (await runReport(duck, name, { ...scope, ...extra })).rows;
  const months = await run('watch-time', { by: 'month' });
  const days = await run('watch-time', { by: 'day' });
  const hours = await run('heatmap');
  const shows = await run('top-shows', { limit: String(TOP_N) });
  const movies = await run('top-movies', { limit: String(TOP_N) });
  const genres = await run('genres');
  const streak = (await run('streaks'))[0];
  const progress = (await runReport(duck, 'show-progress', { tz })).rows;

  const headline = review.rows[0];
  const doc = chartDocument();
  const played = num(headline, 'plays') > 0;
  const today = localToday(options.now ?? Date.now(), tz);
  // Any credit at all, in any department: top-people of all time, one row is enough.
  const anyCredits = (await runReport(duck, 'top-people', { tz, limit: '1' })).rows.length > 0;
  const credits = await creditSections(doc, run, year, anyCredits);
  const body = [
    cards(headlineCards(headline)),
    played ? '' : `<p class="nothing missing">${escapeHtml(await whatIsMissing(duck, year, tz))}</p>`,
    monthsFigure(doc, year, months),
    calendarFigure(doc, year, days, streak, today),
    weekHourFigure(doc, hours),
    topShowsFigure(doc, shows, `The ${TOP_N} shows you spent the most time on in ${year}.`),
    topMoviesFigure(doc, movies, `The ${TOP_N} movies you played most in ${year}.`),
    genresFigure(doc, genres),
    credits,
    showProgress(doc, shows, progress, year),
  ].join('\n');
  return htmlPage({
    title: `${year} in review`,
    subtitle: `Your year on Trakt, in local time (${tz}).`,
    body,
  });
}

/**
 * Why a year has nothing to show, and what to do: an empty database needs a
 * backup (or an import); otherwise the years that do have plays are named.
 */
async function whatIsMissing(duck: Duck, year: number, tz: string): Promise<string> {
  const years = (await runReport(duck, 'watch-time', { by: 'year', tz })).rows
    .filter((r) => num(r, 'plays') > 0)
    .map((r) => str(r, 'period') ?? '');
  if (years.length === 0) {
    return (
      `No plays in ${year}. This database holds no plays at all yet: ` +
      "run `traktdb backup` (or `traktdb import FILE.zip` with Trakt's own export), then make this page again."
    );
  }
  const first = years[0];
  const last = years.at(-1);
  const span = first === last ? `in ${first}` : `from ${first} to ${last}`;
  return (
    `No plays in ${year}. The plays in this database are ${span} (local time ${tz}): ` +
    `try \`traktdb report year-in-review --year ${last} --format html --out yir-${last}.html\`, ` +
    `or run \`traktdb sync\` if ${year} should have some.`
  );
}

/**
 * "Who you watched" (top actors and directors of the year, from credits) and
 * "Where it came from" (networks and countries). Without credits in the
 * database the first says how to get them (docs/credits.md).
 */
async function creditSections(
  doc: ReturnType<typeof chartDocument>,
  run: (name: string, extra?: Record<string, string>) => Promise<ReportRow[]>,
  year: number,
  anyCredits: boolean,
): Promise<string> {
  const limit = String(TOP_N);
  const actors = await run('top-people', { department: 'acting', limit });
  const directors = await run('top-people', { department: 'directing', limit });
  const none = anyCredits ? `No credits for what you watched in ${year}.` : NO_CREDITS;
  const who = anyCredits
    ? [
        peopleFigure(doc, actors, 'acting', {
          note: `The ${TOP_N} actors you watched most in ${year}, by plays.`,
          empty: none,
        }),
        peopleFigure(doc, directors, 'directing', {
          note: `The ${TOP_N} directors you watched most in ${year}, by plays.`,
          empty: none,
        }),
      ].join('\n')
    : emptyFigure({ id: 'who-you-watched', title: 'Who you watched' }, NO_CREDITS);
  return [
    '<section class="credits" data-section="who-you-watched"><h2 class="section">Who you watched</h2>',
    who,
    '</section>',
    '<section class="credits" data-section="where-it-came-from"><h2 class="section">Where it came from</h2>',
    networksFigure(doc, await run('networks')),
    countriesFigure(doc, await run('countries')),
    '</section>',
  ].join('\n');
}

function showProgress(
  doc: ReturnType<typeof chartDocument>,
  shows: readonly ReportRow[],
  progress: readonly ReportRow[],
  year: number,
): string {
  const byShow = new Map(progress.map((r) => [num(r, 'show_trakt_id'), r]));
  const rows = shows
    .map((s) => byShow.get(num(s, 'show_trakt_id')))
    .filter((r): r is ReportRow => r !== undefined);
  if (rows.length === 0) {
    return emptyFigure({ id: 'show-progress', title: 'Show progress' }, `No shows watched in ${year}.`);
  }
  return progressFigure(
    doc,
    rows,
    `How far along you are in this year's top shows, all seasons to date (specials left out).`,
  );
}

function headlineCards(row: ReportRow | undefined): Card[] {
  const minutes = num(row, 'minutes');
  const streakDays = num(row, 'longest_streak_days');
  const busiest = str(row, 'busiest_day');
  const text = (label: string, value: string | null): Card[] =>
    value === null ? [] : [{ label, value, text: true }];
  return [
    {
      label: 'Plays',
      value: formatCount(num(row, 'plays')),
      detail: `${plural(num(row, 'movie_plays'), 'movie')} · ${plural(num(row, 'episode_plays'), 'episode')}`,
    },
    {
      label: 'Time watched',
      value: formatHours(minutes),
      detail: `${formatCount(minutes)} minutes, ${(minutes / 1440).toFixed(1)} days`,
    },
    { label: 'Movies', value: formatCount(num(row, 'distinct_movies')), detail: 'different movies' },
    { label: 'Shows', value: formatCount(num(row, 'distinct_shows')), detail: 'with an episode watched' },
    { label: 'Longest streak', value: plural(streakDays, 'day'), detail: 'in a row with a play' },
    ...(busiest === null
      ? []
      : [
          {
            label: 'Busiest day',
            value: formatDate(busiest).slice(5),
            detail: `${formatWeekday(busiest)} · ${plural(num(row, 'busiest_day_plays'), 'play')}`,
          },
        ]),
    ...text('Top show', str(row, 'top_show')),
    ...text('Top movie', str(row, 'top_movie')),
    ...text('Top genre', str(row, 'top_genre')),
  ];
}
