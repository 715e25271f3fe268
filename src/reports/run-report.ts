import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraktdbError, UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { DEFAULT_SQL_DIR } from '../models/discover.ts';
import { sqlParameters } from '../models/sql-tokens.ts';
import { findReport, REPORTS, type ReportDefinition } from './definitions.ts';
import { type OptionValue, parseOptions, type RawOptions, show } from './options.ts';
import { resolveTimezone } from './timezone.ts';
import { type ReportRow, toReportRow } from './values.ts';

export interface ReportResult {
  report: string;
  columns: readonly string[];
  rows: ReportRow[];
  /** The values bound to the report's parameters (tz resolved, defaults applied). */
  parameters: Record<string, OptionValue>;
}

export interface RunReportOptions {
  sqlDir?: string;
}

/** No stats snapshot in the database: `verify` has nothing to compare with. */
export class NoStatsSnapshotError extends TraktdbError {}

/**
 * Runs one report against a database whose models are built (see
 * buildModels). `raw` holds option values keyed by flag name (`year`,
 * `gap-hours`, ...) as typed; they are validated, then bound to the
 * report's `$parameters`.
 */
export async function runReport(
  duck: Duck,
  name: string,
  raw: RawOptions = {},
  options: RunReportOptions = {},
): Promise<ReportResult> {
  const { definition, values } = checkReportRequest(name, raw);
  values['tz'] = await resolveTimezone(duck, (values['tz'] ?? null) as string | null);
  const sqlDir = options.sqlDir ?? DEFAULT_SQL_DIR;
  if (definition.name === 'verify') await requireStatsSnapshot(duck);
  let rows = await runModel(duck, definition.model, values, sqlDir);
  if (definition.name === 'year-in-review') rows = await addYearHighlights(duck, rows, values, sqlDir);
  return {
    report: definition.name,
    columns: definition.columns,
    rows: rows.map((row) => toReportRow(row, definition.columns)),
    parameters: values,
  };
}

/**
 * The report and its validated option values (tz not yet checked against
 * the database). Throws a UsageError for an unknown report or a bad option,
 * so callers can refuse bad input before opening anything.
 */
export function checkReportRequest(
  name: string,
  raw: RawOptions = {},
): { definition: ReportDefinition; values: Record<string, OptionValue> } {
  const definition = findReport(name);
  if (!definition) {
    throw new UsageError(
      `There is no report named ${show(name)}; choose one of ${REPORTS.map((r) => r.name).join(', ')}.`,
    );
  }
  return { definition, values: parseOptions(definition.name, definition.options, definition.required, raw) };
}

/** Executes `sql/reports/<model>.sql`, binding exactly the parameters it names. */
async function runModel(
  duck: Duck,
  model: string,
  values: Record<string, OptionValue>,
  sqlDir: string,
): Promise<Record<string, unknown>[]> {
  const sql = readFileSync(join(sqlDir, 'reports', `${model}.sql`), 'utf8');
  const params: Record<string, OptionValue> = {};
  for (const param of sqlParameters(sql)) {
    const value = values[param];
    if (value === undefined)
      throw new TraktdbError(`The report model ${model} uses $${param}, which no option sets.`);
    params[param] = value;
  }
  return duck.all(sql, params);
}

/**
 * top_show, top_movie and top_genre are the first rows of top-shows,
 * top-movies and genres for the year, and longest_streak_days is streaks'
 * longest_days (DESIGN): the same queries answer both, so they cannot drift.
 */
async function addYearHighlights(
  duck: Duck,
  rows: Record<string, unknown>[],
  values: Record<string, OptionValue>,
  sqlDir: string,
): Promise<Record<string, unknown>[]> {
  const first = async (model: string) =>
    (await runModel(duck, model, { ...values, limit: 1 }, sqlDir))[0] ?? {};
  const [show, movie, genre, streak] = [
    await first(findModel('top-shows')),
    await first(findModel('top-movies')),
    await first(findModel('genres')),
    await first(findModel('streaks')),
  ];
  return rows.map((row) => ({
    ...row,
    top_show: show['title'] ?? null,
    top_movie: movie['title'] ?? null,
    top_genre: genre['genre'] ?? null,
    longest_streak_days: streak['longest_days'] ?? 0,
  }));
}

function findModel(name: string): string {
  return (findReport(name) as ReportDefinition).model;
}

async function requireStatsSnapshot(duck: Duck): Promise<void> {
  const row = await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM stg_stats_snapshots');
  if (!row || row.n === 0n) {
    throw new NoStatsSnapshotError(
      'The database holds no Trakt stats snapshot yet, so there is nothing to verify against; run `traktdb backup` or `traktdb sync` first.',
    );
  }
}

/** True when a verify report found any metric that differs. */
export function hasDifferences(result: ReportResult): boolean {
  return result.rows.some((row) => typeof row['difference'] === 'number' && row['difference'] !== 0);
}
