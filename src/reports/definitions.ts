import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_SQL_DIR } from '../models/discover.ts';
import { ModelError } from '../models/model-error.ts';
import { OPTION_NAMES, type OptionName } from './options.ts';

/**
 * A report is a file pair in `sql/reports/`: `rpt_<name>.sql`, the query,
 * and `rpt_<name>.json`, what the rest of traktdb needs to know about it
 * (docs/reports.md, "Adding a report"):
 *
 *   description    one line for `report --list` and the HTML page
 *   list_position  where `report --list` shows it (ascending)
 *   options        the options it takes besides --tz (every report takes --tz)
 *   required       the options it cannot do without (default none)
 *   columns        its columns, in order: the rows carry exactly these keys
 *   first_row_of   columns that are the first row of another report run with
 *                  the same options (year-in-review's top_show, ...)
 *   needs_rows     a relation that must not be empty, and the sentence to
 *                  say when it is (verify and the stats snapshot)
 *
 * This module reads those files; nothing else names a report.
 */
export interface ReportDefinition {
  name: string;
  /** The SQL model: `rpt_<name with _ for ->`. */
  model: string;
  description: string;
  /** Every option it takes, `tz` first. */
  options: readonly OptionName[];
  required: readonly OptionName[];
  columns: readonly string[];
  firstRowOf: Readonly<Record<string, FirstRowOf>>;
  needsRows: NeedsRows | null;
}

export interface FirstRowOf {
  report: string;
  column: string;
}

export interface NeedsRows {
  relation: string;
  /** The error message when the relation has no rows. */
  otherwise: string;
}

/** The reports under `sqlDir` (default the shipped `sql/`), in `report --list` order. */
export function reportCatalog(sqlDir: string = DEFAULT_SQL_DIR): readonly ReportDefinition[] {
  let catalog = catalogs.get(sqlDir);
  if (catalog === undefined) {
    catalog = readCatalog(join(sqlDir, 'reports'));
    catalogs.set(sqlDir, catalog);
  }
  return catalog;
}

const catalogs = new Map<string, readonly ReportDefinition[]>();

export const REPORTS: readonly ReportDefinition[] = reportCatalog();

export function findReport(
  name: string,
  reports: readonly ReportDefinition[] = REPORTS,
): ReportDefinition | undefined {
  return reports.find((r) => r.name === name);
}

function readCatalog(dir: string): ReportDefinition[] {
  const files = readdirSync(dir);
  for (const file of files) {
    const other = file.endsWith('.sql') ? file.replace(/\.sql$/, '.json') : file.replace(/\.json$/, '.sql');
    if (other !== file && !files.includes(other)) {
      throw new ModelError(`The report ${join(dir, file)} has no ${other} beside it.`);
    }
  }
  const reports = files
    .filter((f) => f.endsWith('.json'))
    .map((file) => readSpec(join(dir, file)))
    .sort((a, b) => a.position - b.position || a.definition.name.localeCompare(b.definition.name))
    .map((r) => r.definition);
  for (const report of reports) checkReferences(report, reports, dir);
  return reports;
}

function readSpec(path: string): { position: number; definition: ReportDefinition } {
  const model = basename(path, '.json');
  const fail = (what: string): never => {
    throw new ModelError(`The report spec ${path} ${what}.`);
  };
  if (!/^rpt_[a-z0-9_]+$/.test(model)) fail('must be named rpt_<name>.json');
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    return fail(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const known = [
    'description',
    'list_position',
    'options',
    'required',
    'columns',
    'first_row_of',
    'needs_rows',
  ];
  const unknown = Object.keys(spec).filter((key) => !known.includes(key));
  if (unknown.length > 0) fail(`has unknown keys ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const strings = (key: string, fallback?: string[]): string[] => {
    const value = spec[key] ?? fallback;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      fail(`needs "${key}": a list of names`);
    return value as string[];
  };
  const options = (key: string, fallback?: string[]): OptionName[] => {
    const names = strings(key, fallback);
    const bad = names.filter((n) => !(OPTION_NAMES as string[]).includes(n) || n === 'tz');
    if (bad.length > 0)
      fail(
        `has "${key}" ${bad.join(', ')}; choose from ${OPTION_NAMES.filter((n) => n !== 'tz').join(', ')}`,
      );
    return names as OptionName[];
  };
  const description = spec['description'];
  if (typeof description !== 'string' || description === '') fail('needs a "description"');
  const position = spec['list_position'];
  if (typeof position !== 'number') fail('needs a numeric "list_position"');
  const taken = options('options');
  const required = options('required', []);
  if (!required.every((r) => taken.includes(r))) fail('requires an option it does not take');
  const columns = strings('columns');
  if (columns.length === 0) fail('needs at least one column');
  return {
    position: position as number,
    definition: {
      name: model.slice('rpt_'.length).replaceAll('_', '-'),
      model,
      description: description as string,
      options: ['tz', ...taken],
      required,
      columns,
      firstRowOf: readFirstRowOf(spec['first_row_of'] ?? {}, columns, fail),
      needsRows: readNeedsRows(spec['needs_rows'] ?? null, fail),
    },
  };
}

function readFirstRowOf(
  value: unknown,
  columns: readonly string[],
  fail: (what: string) => never,
): Record<string, FirstRowOf> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('has a "first_row_of" that is not an object');
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [column, source] of entries) {
    if (!columns.includes(column))
      fail(`fills "${column}" from another report but does not list it in "columns"`);
    const s = source as Record<string, unknown> | null;
    if (typeof s?.['report'] !== 'string' || typeof s['column'] !== 'string') {
      fail(`needs "first_row_of"."${column}" as {"report": ..., "column": ...}`);
    }
  }
  return Object.fromEntries(entries) as Record<string, FirstRowOf>;
}

function readNeedsRows(value: unknown, fail: (what: string) => never): NeedsRows | null {
  if (value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v['relation'] !== 'string' || typeof v['otherwise'] !== 'string') {
    fail('needs "needs_rows" as {"relation": ..., "otherwise": "the sentence to say"}');
  }
  return { relation: v['relation'] as string, otherwise: v['otherwise'] as string };
}

function checkReferences(report: ReportDefinition, reports: readonly ReportDefinition[], dir: string): void {
  for (const [column, source] of Object.entries(report.firstRowOf)) {
    const other = findReport(source.report, reports);
    if (other === undefined || !other.columns.includes(source.column) || other === report) {
      throw new ModelError(
        `The report spec ${join(dir, `${report.model}.json`)} fills "${column}" from ${source.report}'s ${source.column}, which does not exist.`,
      );
    }
  }
}
