import type { Duck } from '../load/duck.ts';
import { findReport, type RawOptions, type ReportResult, runReport } from '../reports/index.ts';
import { cards } from './cards.ts';
import { type ChartDocument, chartDocument } from './charts/plot.ts';
import { formatDate } from './dates.ts';
import { escapeHtml } from './escape.ts';
import { plural } from './numbers.ts';
import { htmlPage } from './page.ts';
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
import { reportTable } from './table.ts';
import { yearInReviewPage } from './year-in-review.ts';

/** Most recently watched shows drawn by show-progress (the table lists them all). */
const PROGRESS_SHOWN = 25;

/**
 * `report NAME --format html`: the report's chart, where one fits, above
 * its full table. year-in-review gets its own page. Options are validated
 * by runReport exactly as for the other formats (a UsageError for a bad one).
 */
export async function renderReportHtml(
  duck: Duck,
  name: string,
  rawOptions: RawOptions = {},
): Promise<string> {
  const result = await runReport(duck, name, rawOptions);
  if (result.report === 'year-in-review') return yearInReviewPage(duck, result);
  const doc = chartDocument();
  const chart = await reportChart(duck, doc, result);
  const body = `${chart}\n<section data-chart="table"><h2>${escapeHtml(result.report)}</h2>${reportTable(result.columns, result.rows)}</section>`;
  return htmlPage({
    title: `traktdb ${result.report}`,
    subtitle: `${findReport(result.report)?.description ?? ''} ${describeParameters(result)}`.trim(),
    body,
  });
}

/** "Options: year 2024, limit 20; local time America/New_York." */
function describeParameters(result: ReportResult): string {
  const given = Object.entries(result.parameters).filter(([key, value]) => key !== 'tz' && value !== null);
  const options = given.map(([key, value]) => `${key.replaceAll('_', '-')} ${value}`).join(', ');
  const tz = `local time ${result.parameters['tz']}`;
  return options === '' ? `(${tz})` : `(${options}; ${tz})`;
}

async function reportChart(duck: Duck, doc: ChartDocument, result: ReportResult): Promise<string> {
  const rows = result.rows;
  const parameters = result.parameters;
  switch (result.report) {
    case 'watch-time':
      return periodsFigure(doc, rows, String(parameters['by']));
    case 'top-shows':
      return topShowsFigure(doc, rows);
    case 'top-movies':
      return topMoviesFigure(doc, rows);
    case 'genres':
      return genresFigure(doc, rows, rows.length);
    case 'heatmap':
      return weekHourFigure(doc, rows);
    case 'ratings':
      return ratingsFigure(doc, rows);
    case 'binges':
      return bingesFigure(doc, rows);
    case 'rewatches':
      return rewatchesFigure(doc, rows);
    case 'show-progress': {
      const recent = rows.slice(-PROGRESS_SHOWN).reverse();
      return progressFigure(doc, recent, `The ${recent.length} shows watched most recently, latest first.`);
    }
    case 'streaks':
      return streaksChart(duck, doc, result);
    default:
      // duplicates and verify are lists to act on, not shapes to see: the table says it all.
      return '';
  }
}

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
