import type { Duck } from '../load/duck.ts';
import { findReport, type RawOptions, type ReportResult, runReport } from '../reports/index.ts';
import { chartDocument } from './charts/plot.ts';
import { escapeHtml } from './escape.ts';
import { htmlPage } from './page.ts';
import { REPORT_VIEWS } from './report-views.ts';
import { reportTable } from './table.ts';

/**
 * `report NAME --format html`: the report's chart, where one fits, above
 * its full table, or the report's own page (REPORT_VIEWS says which).
 * Options are validated by runReport exactly as for the other formats (a
 * UsageError for a bad one).
 */
export async function renderReportHtml(
  duck: Duck,
  name: string,
  rawOptions: RawOptions = {},
): Promise<string> {
  const result = await runReport(duck, name, rawOptions);
  const view = REPORT_VIEWS[result.report];
  if (view !== undefined && 'page' in view) return view.page(duck, result);
  const chart = view === undefined ? '' : await view.chart(chartDocument(), result, duck);
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
