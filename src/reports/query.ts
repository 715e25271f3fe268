import { UsageError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { type ReportRow, toReportValue } from './values.ts';

/**
 * Ad-hoc SQL that cannot write. Three locks, any one of which would refuse
 * a write: DuckDB's own parser must find exactly one statement, of type
 * SELECT (which also covers WITH, FROM-first, VALUES, DESCRIBE, SHOW,
 * SUMMARIZE and table-valued PRAGMAs); the database is opened read-only; and
 * the session is locked down (no file access, no extension loading, no
 * configuration changes) before the statement runs.
 */

// @duckdb/node-bindings StatementType values; named here so this module does not import the driver.
const STATEMENT_TYPES: Record<number, string> = {
  0: 'INVALID',
  1: 'SELECT',
  2: 'INSERT',
  3: 'UPDATE',
  4: 'EXPLAIN',
  5: 'DELETE',
  6: 'PREPARE',
  7: 'CREATE',
  8: 'EXECUTE',
  9: 'ALTER',
  10: 'TRANSACTION',
  11: 'COPY',
  12: 'ANALYZE',
  13: 'VARIABLE_SET',
  14: 'CREATE FUNCTION',
  15: 'DROP',
  16: 'EXPORT',
  17: 'PRAGMA',
  18: 'VACUUM',
  19: 'CALL',
  20: 'SET',
  21: 'LOAD',
  22: 'RELATION',
  23: 'EXTENSION',
  24: 'LOGICAL_PLAN',
  25: 'ATTACH',
  26: 'DETACH',
  27: 'MULTI',
  28: 'COPY DATABASE',
  29: 'UPDATE EXTENSIONS',
  30: 'MERGE INTO',
};
const SELECT = 1;

// DuckDB type ids (DuckDBTypeId) whose JS form needs care.
const TYPE_TIMESTAMP_TZ = 31;
const TIMESTAMP_NAIVE = new Set([12, 20, 21, 22]);
const NUMERIC = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 19, 32]);
const NESTED = new Set([24, 25, 26, 28, 33]);

/** Statements that only read start with one of these words. */
const READING_WORDS = new Set([
  'select',
  'with',
  'from',
  'values',
  'describe',
  'show',
  'summarize',
  'pragma',
  'table',
  'explain',
]);

/** The statement's first word, past blanks, comments and opening parentheses. */
const FIRST_WORD = /^(?:\s|--[^\n]*|\/\*[\s\S]*?\*\/|\()*([A-Za-z_]+)/;

export interface QueryResult {
  columns: string[];
  rows: ReportRow[];
}

/** Turns off everything a SELECT could still reach outside the database file. */
export async function lockDownSession(duck: Duck): Promise<void> {
  await duck.run('SET autoinstall_known_extensions = false');
  await duck.run('SET autoload_known_extensions = false');
  await duck.run('SET enable_external_access = false');
  await duck.run('SET lock_configuration = true');
}

/** Runs one read-only statement; anything else is a UsageError (exit 2). */
export async function runReadOnlyQuery(duck: Duck, sql: string): Promise<QueryResult> {
  if (sql.trim().length === 0)
    throw new UsageError('query needs SQL, for example: traktdb query "select count(*) from plays".');
  let extracted: Awaited<ReturnType<Duck['connection']['extractStatements']>>;
  try {
    extracted = await duck.connection.extractStatements(sql);
  } catch (error) {
    throw new UsageError(`The SQL does not parse: ${firstLine(error)}`, { cause: error });
  }
  if (extracted.count !== 1) {
    throw new UsageError(`query runs exactly one statement; this SQL has ${extracted.count}.`);
  }
  let prepared: Awaited<ReturnType<typeof extracted.prepare>>;
  try {
    prepared = await extracted.prepare(0);
  } catch (error) {
    // The locked-down session refuses to even bind COPY ... TO or EXPORT;
    // say that the statement writes rather than echo DuckDB's complaint.
    const first = FIRST_WORD.exec(sql)?.[1]?.toLowerCase();
    if (first !== undefined && !READING_WORDS.has(first)) throw refusal(first.toUpperCase());
    throw new UsageError(`The query failed: ${firstLine(error)}`, { cause: error });
  }
  if (prepared.statementType !== SELECT) {
    throw refusal(STATEMENT_TYPES[prepared.statementType] ?? `type ${prepared.statementType}`);
  }
  let reader: Awaited<ReturnType<typeof prepared.runAndReadAll>>;
  try {
    reader = await prepared.runAndReadAll();
  } catch (error) {
    throw new UsageError(`The query failed: ${firstLine(error)}`, { cause: error });
  }
  const columns = reader.deduplicatedColumnNames();
  const types = reader.columnTypes().map((t) => t.typeId as number);
  const jsRows = reader.getRowsJS();
  const jsonRows = reader.getRowsJson();
  const rows = jsRows.map((jsRow, r) => {
    const row: ReportRow = {};
    columns.forEach((column, i) => {
      const type = types[i] ?? 0;
      const js = jsRow[i];
      if (js === null || js === undefined) row[column] = null;
      else if (type === TYPE_TIMESTAMP_TZ && js instanceof Date) row[column] = js.toISOString();
      else if (TIMESTAMP_NAIVE.has(type) && js instanceof Date)
        row[column] = js.toISOString().replace('Z', '');
      else if (NUMERIC.has(type) || NESTED.has(type)) row[column] = toReportValue(js);
      else row[column] = jsonValue(jsonRows[r]?.[i]);
    });
    return row;
  });
  return { columns, rows };
}

/** DuckDB's JSON form of a value (dates as YYYY-MM-DD, lists as arrays, structs as objects). */
function refusal(kind: string): UsageError {
  return new UsageError(
    `query is read-only and runs only SELECT statements (also WITH, FROM, DESCRIBE, SHOW); this is ${article(kind)} ${kind} statement.`,
  );
}

/** "an ATTACH", "an UPDATE", "a DELETE", "an INSERT": by the sound of the word as read (letters, not spelled out). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function jsonValue(value: unknown): ReportRow[string] {
  return toReportValue(value);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
