import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraktdbError, UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { analyzeSql } from '../models/analyze-sql.ts';
import { DEFAULT_SQL_DIR } from '../models/discover.ts';
import { quoteIdentifier } from '../models/quote.ts';
import { closest } from '../suggest.ts';
import { findReport, type ReportDefinition, reportCatalog } from './definitions.ts';
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

/** A report's `needs_rows` relation is empty (verify without a stats snapshot): nothing to report on. */
export class MissingDataError extends TraktdbError {}

/**
 * Runs one report against a database whose models are built (see
 * buildModels). `raw` holds option values keyed by flag name (`year`,
 * `gap-hours`, ...) as typed; they are validated, then bound to the
 * report's `$parameters`. What a report needs beyond its query (a
 * relation that must have rows, columns that are another report's first
 * row) is stated in its spec, `sql/reports/rpt_<name>.json`.
 */
export async function runReport(
  duck: Duck,
  name: string,
  raw: RawOptions = {},
  options: RunReportOptions = {},
): Promise<ReportResult> {
  const sqlDir = options.sqlDir ?? DEFAULT_SQL_DIR;
  const { definition, values } = checkReportRequest(name, raw, sqlDir);
  values['tz'] = await resolveTimezone(duck, (values['tz'] ?? null) as string | null);
  if (definition.needsRows !== null)
    await requireRows(duck, definition.needsRows.relation, definition.needsRows.otherwise);
  let rows = await runModel(duck, definition.model, values, sqlDir);
  const filled = Object.entries(definition.firstRowOf);
  if (filled.length > 0) {
    // The same query answers both, so a year's top show and top-shows' first row cannot drift.
    const reports = reportCatalog(sqlDir);
    const extra: Record<string, unknown> = {};
    for (const [column, source] of filled) {
      const model = (findReport(source.report, reports) as ReportDefinition).model;
      const [first] = await runModel(duck, model, { ...values, limit: 1 }, sqlDir);
      extra[column] = first?.[source.column] ?? null;
    }
    rows = rows.map((row) => ({ ...row, ...extra }));
  }
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
  sqlDir: string = DEFAULT_SQL_DIR,
): { definition: ReportDefinition; values: Record<string, OptionValue> } {
  const reports = reportCatalog(sqlDir);
  const definition = findReport(name, reports);
  if (!definition) {
    const names = reports.map((r) => r.name);
    const meant = closest(name, names);
    throw new UsageError(
      meant === undefined
        ? `There is no report named ${show(name)}; choose one of ${names.join(', ')}.`
        : `There is no report named ${show(name)} (did you mean ${meant}?); choose one of ${names.join(', ')}.`,
    );
  }
  return { definition, values: parseOptions(definition.name, definition.options, definition.required, raw) };
}

/** Executes `sql/reports/<model>.sql`, binding exactly the parameters DuckDB's parser finds in it. */
async function runModel(
  duck: Duck,
  model: string,
  values: Record<string, OptionValue>,
  sqlDir: string,
): Promise<Record<string, unknown>[]> {
  const sql = readFileSync(join(sqlDir, 'reports', `${model}.sql`), 'utf8');
  const [facts] = await analyzeSql(duck, [sql]);
  if (facts === undefined || facts instanceof Error) {
    throw new TraktdbError(`The report model ${model} does not parse: ${facts?.message ?? 'no result'}.`);
  }
  const params: Record<string, OptionValue> = {};
  for (const param of facts.parameters) {
    const value = values[param];
    if (value === undefined)
      throw new TraktdbError(`The report model ${model} uses $${param}, which no option sets.`);
    params[param] = value;
  }
  return duck.all(sql, params);
}

async function requireRows(duck: Duck, relation: string, otherwise: string): Promise<void> {
  const row = await duck.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdentifier(relation)}`);
  if (!row || row.n === 0n) throw new MissingDataError(otherwise);
}

/**
 * What to say when a report has no rows because the database has no plays at
 * all (a fresh `--db`, a backup never run), rather than because of a filter.
 */
export async function emptyDatabaseNote(duck: Duck): Promise<string | undefined> {
  const row = await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM plays');
  if (row !== undefined && row.n > 0n) return undefined;
  return 'the database holds no plays yet; run `traktdb backup` (or `traktdb import FILE.zip`) first';
}

/** True when a verify report found any metric that differs. */
export function hasDifferences(result: ReportResult): boolean {
  return result.rows.some((row) => typeof row['difference'] === 'number' && row['difference'] !== 0);
}
