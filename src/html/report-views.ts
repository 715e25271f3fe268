import type { Duck } from '../load/duck.ts';
import { type ReportResult, runReport } from '../reports/index.ts';
import { cards } from './cards.ts';
import type { ChartDocument } from './charts/plot.ts';
import { countriesFigure, networksFigure, peopleFigure } from './credits-sections.ts';
import { formatDate } from './dates.ts';
import { plural } from './numbers.ts';
import { num, str } from './rows.ts';
import {
  bingesFigure,
  calendarFigure,
  genresFigure,
  periodsFigure,
  progressFigure,
  ratingsFigure,
  rewatchesFigure,
  topMoviesFigure,
  topShowsFigure,
  weekHourFigure,
} from './sections.ts';
import { yearInReviewPage } from './year-in-review.ts';

/** A chart drawn above the report's table, from the rows the report returned. */
export type ReportChart = (doc: ChartDocument, result: ReportResult, duck: Duck) => string | Promise<string>;

/** A page of its own instead of chart and table (year-in-review). */
export type ReportPage = (duck: Duck, result: ReportResult) => Promise<string>;

export type ReportView = { chart: ReportChart } | { page: ReportPage };

/** Most recently watched shows drawn by show-progress (the table lists them all). */
const PROGRESS_SHOWN = 25;

/**
 * How `report NAME --format html` draws each report, keyed by report name
 * (the names of the specs in sql/reports/; a test holds the keys to them).
 * A report with no entry gets its table alone: duplicates and verify are
 * lists to act on, not shapes to see. A new report needs no entry here
 * until it has a chart.
 */
export const REPORT_VIEWS: Readonly<Record<string, ReportView>> = {
  'watch-time': { chart: (doc, r) => periodsFigure(doc, r.rows, String(r.parameters['by'])) },
  'top-shows': { chart: (doc, r) => topShowsFigure(doc, r.rows) },
  'top-movies': { chart: (doc, r) => topMoviesFigure(doc, r.rows) },
  genres: { chart: (doc, r) => genresFigure(doc, r.rows, r.rows.length) },
  heatmap: { chart: (doc, r) => weekHourFigure(doc, r.rows) },
  ratings: { chart: (doc, r) => ratingsFigure(doc, r.rows) },
  binges: { chart: (doc, r) => bingesFigure(doc, r.rows) },
  rewatches: { chart: (doc, r) => rewatchesFigure(doc, r.rows) },
  'show-progress': {
    chart: (doc, r) => {
      const recent = r.rows.slice(-PROGRESS_SHOWN).reverse();
      return progressFigure(doc, recent, `The ${recent.length} shows watched most recently, latest first.`);
    },
  },
  streaks: { chart: (doc, r, duck) => streaksChart(duck, doc, r) },
  'year-in-review': { page: yearInReviewPage },
  'top-people': { chart: (doc, r) => peopleFigure(doc, r.rows, String(r.parameters['department'])) },
  networks: { chart: (doc, r) => networksFigure(doc, r.rows, r.rows.length) },
  countries: { chart: (doc, r) => countriesFigure(doc, r.rows, r.rows.length) },
};

/**
 * The streak numbers as cards, and the calendar of the year the longest
 * streak ended in (or of --year), with the day totals of watch-time --by day.
 */
async function streaksChart(duck: Duck, doc: ChartDocument, result: ReportResult): Promise<string> {
  const row = result.rows[0];
  const longestEnd = str(row, 'longest_end');
  const longestStart = str(row, 'longest_start');
  const currentStart = str(row, 'current_start');
  const summary = cards([
    {
      label: 'Longest streak',
      value: plural(num(row, 'longest_days'), 'day'),
      ...(longestStart === null || longestEnd === null
        ? {}
        : { detail: `${formatDate(longestStart, true)} – ${formatDate(longestEnd, true)}` }),
    },
    {
      label: 'Current streak',
      value: plural(num(row, 'current_days'), 'day'),
      ...(currentStart === null ? {} : { detail: `since ${formatDate(currentStart, true)}` }),
    },
  ]);
  const year = result.parameters['year'] ?? (longestEnd === null ? null : Number(longestEnd.slice(0, 4)));
  if (year === null) return summary;
  const days = await runReport(duck, 'watch-time', {
    by: 'day',
    year: String(year),
    tz: String(result.parameters['tz']),
  });
  return summary + calendarFigure(doc, Number(year), days.rows, row);
}
