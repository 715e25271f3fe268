import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { DatabaseError, UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { quoteIdentifier, quoteLiteral } from '../models/quote.ts';
import { type ColumnInfo, csvSelect, jsonLineSelect, readColumns } from './columns.ts';
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
 * Writes each table to `<outDir>/<table>.<csv|jsonl|parquet>`. Rows stream
 * from DuckDB chunk by chunk (CSV through csv-stringify, JSON lines as
 * DuckDB renders them), or DuckDB's own COPY writes Parquet, so no table is
 * ever held in memory. Each file is written under a temporary name and
 * renamed when complete.
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
      const columns = await readColumns(duck, table.name);
      const order =
        table.orderBy.length > 0 ? ` ORDER BY ${table.orderBy.map(quoteIdentifier).join(', ')}` : '';
      let rows: number;
      if (options.format === 'csv') rows = await writeCsv(duck, columns, table.name, order, partial);
      else if (options.format === 'json')
        rows = await writeJsonLines(duck, columns, table.name, order, partial);
      else rows = await writeParquet(duck, table.name, order, partial);
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

async function writeCsv(
  duck: Duck,
  columns: readonly ColumnInfo[],
  table: string,
  order: string,
  file: string,
): Promise<number> {
  const result = await duck.connection.stream(`${csvSelect(columns, table)}${order}`);
  let rows = 0;
  async function* records() {
    for await (const chunk of result.yieldRowsJs()) {
      rows += chunk.length;
      yield* chunk;
    }
  }
  await pipeline(
    Readable.from(records()),
    // Null is an empty field and an empty string is "", so both survive a round trip.
    stringify({ header: true, columns: columns.map((c) => c.name), quoted_match: /^$/ }),
    createWriteStream(file),
  );
  return rows;
}

async function writeJsonLines(
  duck: Duck,
  columns: readonly ColumnInfo[],
  table: string,
  order: string,
  file: string,
): Promise<number> {
  const result = await duck.connection.stream(`${jsonLineSelect(columns, table)}${order}`);
  let rows = 0;
  async function* lines() {
    for await (const chunk of result.yieldRowsJs()) {
      rows += chunk.length;
      yield chunk.map((row) => `${String(row[0])}\n`).join('');
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
  return rows;
}

async function writeParquet(duck: Duck, table: string, order: string, file: string): Promise<number> {
  // COPY takes no parameter for its target, so the path goes in as an escaped literal.
  const result = await duck.connection.run(
    `COPY (SELECT * FROM ${quoteIdentifier(table)}${order}) TO ${quoteLiteral(file)} (FORMAT parquet)`,
  );
  return Number(result.rowsChanged);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
