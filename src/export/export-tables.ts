import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DatabaseError, UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { quoteIdentifier, quoteLiteral } from '../models/quote.ts';
import { csvSelect, jsonSelect, readColumns } from './columns.ts';
import { type ExportableTable, exportableTables } from './tables.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', json: 'jsonl', parquet: 'parquet' };

export interface ExportOptions {
  format: ExportFormat;
  outDir: string;
  /** Table names; default every contract table. */
  tables?: readonly string[];
  /** Write into a directory that is not empty (files of the same name are replaced). */
  force?: boolean;
  /** Directory that relative `outDir` paths are taken from and must stay inside (default: cwd). */
  cwd?: string;
}

export interface ExportedTable {
  table: string;
  file: string;
  rows: number;
}

/**
 * DuckDB's COPY options per format. CSV: a header row, RFC 4180 quoting (a
 * field with a comma, quote or line break is quoted, quotes doubled), `\n`
 * line ends, null as an empty field and an empty string as `""`, so both
 * survive a round trip; text such as `=SUM(A1)` is written as it is (data,
 * not a formula). JSON: newline-delimited objects, keys in column order.
 */
const COPY_OPTIONS: Record<ExportFormat, string> = {
  csv: "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULL ''",
  json: 'FORMAT json',
  parquet: 'FORMAT parquet',
};

/**
 * Writes each table to `<outDir>/<table>.<csv|jsonl|parquet>` with DuckDB's
 * own COPY, which streams the rows, so no table is ever held in memory.
 * CSV and JSON lines select each column in its export form first (instants
 * as ISO 8601 in UTC, lists as JSON: see columns.ts); Parquet keeps the
 * table's types. Each file is written under a temporary name and renamed
 * when complete.
 */
export async function exportTables(duck: Duck, options: ExportOptions): Promise<ExportedTable[]> {
  const available = await exportableTables(duck);
  const tables = chooseTables(options.tables, available);
  const outDir = await prepareDirectory(options.outDir, options.force ?? false, options.cwd ?? process.cwd());
  const exported: ExportedTable[] = [];
  for (const table of tables) {
    const file = join(outDir, `${table.name}.${EXTENSIONS[options.format]}`);
    const partial = `${file}.partial`;
    try {
      const rows = await copyTable(duck, table, options.format, partial);
      await rename(partial, file);
      exported.push({ table: table.name, file, rows });
    } catch (error) {
      await rm(partial, { force: true });
      if (error instanceof UsageError || error instanceof DatabaseError) throw error;
      throw new DatabaseError(`Exporting table ${table.name} to ${file} failed: ${firstLine(error)}`, {
        cause: error,
      });
    }
  }
  return exported;
}

function chooseTables(
  requested: readonly string[] | undefined,
  available: readonly ExportableTable[],
): ExportableTable[] {
  if (requested === undefined || requested.length === 0) return available.filter((t) => t.default);
  const chosen: ExportableTable[] = [];
  for (const name of requested) {
    const table = available.find((t) => t.name === name);
    if (!table) {
      throw new UsageError(
        `There is no table ${JSON.stringify(name)} to export; choose from ${available.map((t) => t.name).join(', ')}.`,
      );
    }
    if (!chosen.includes(table)) chosen.push(table);
  }
  return chosen;
}

async function prepareDirectory(outDir: string, force: boolean, cwd: string): Promise<string> {
  if (!isAbsolute(outDir)) {
    const inside = relative(cwd, resolve(cwd, outDir));
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new UsageError(
        `--out ${JSON.stringify(outDir)} leaves the working directory through ..; give an absolute path if you mean it.`,
      );
    }
  }
  const dir = resolve(cwd, outDir);
  const found = await stat(dir).catch(() => null);
  if (found && !found.isDirectory()) throw new UsageError(`--out ${dir} is a file, not a directory.`);
  if (found && !force && (await readdir(dir)).length > 0) {
    throw new UsageError(
      `--out ${dir} is not empty; choose an empty directory or add --force to write into it.`,
    );
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`Cannot create the export directory ${dir}: ${firstLine(error)}`, { cause: error });
  }
  return dir;
}

async function copyTable(
  duck: Duck,
  table: ExportableTable,
  format: ExportFormat,
  file: string,
): Promise<number> {
  const columns = await readColumns(duck, table.name);
  const select =
    format === 'csv'
      ? csvSelect(columns, table.name)
      : format === 'json'
        ? jsonSelect(columns, table.name)
        : `SELECT * FROM ${quoteIdentifier(table.name)}`;
  const order = table.orderBy.length > 0 ? ` ORDER BY ${table.orderBy.map(quoteIdentifier).join(', ')}` : '';
  // COPY takes no parameter for its target, so the path goes in as an escaped literal.
  return duck.changes(`COPY (${select}${order}) TO ${quoteLiteral(file)} (${COPY_OPTIONS[format]})`);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
