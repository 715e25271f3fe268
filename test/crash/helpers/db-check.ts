import { join } from 'node:path';
import type { Duck } from '../../../src/load/duck.ts';
import { Store } from '../../../src/load/store.ts';
import { PRIMARY_KEYS, type TableName } from '../../../src/normalize/rows.ts';
import { rebuild } from '../../../src/runs/rebuild.ts';
import { ACCOUNT_TABLES, diffTable, keyOf, MEDIA, readTable, withDuck } from '../../helpers/tables.ts';

type Row = Record<string, unknown>;
export type Tables = Record<string, Row[]>;

/** Every table the crash checks compare: the account, media, and the stats series. */
export const COMPARED = [...ACCOUNT_TABLES, 'stats_snapshots'] as const satisfies readonly TableName[];

/** Tables holding two rows with one primary key (none may: the mirror is keyed). */
export async function duplicateKeys(duck: Duck): Promise<string[]> {
  const found: string[] = [];
  for (const table of COMPARED) {
    const key = PRIMARY_KEYS[table].join(', ');
    const row = await duck.one(
      `SELECT count(*)::DOUBLE AS n, (SELECT count(*) FROM (SELECT DISTINCT ${key} FROM ${table}))::DOUBLE AS d FROM ${table}`,
    );
    if (Number(row?.['n']) !== Number(row?.['d']))
      found.push(`${table}: ${row?.['n']} rows, ${row?.['d']} keys`);
  }
  return found;
}

export interface RunRow {
  runId: number;
  mode: string;
  status: string;
}

export async function runs(duck: Duck): Promise<RunRow[]> {
  const rows = await duck.all('SELECT run_id, mode, status FROM sync_runs ORDER BY run_id');
  return rows.map((r) => ({
    runId: Number(r['run_id']),
    mode: String(r['mode']),
    status: String(r['status']),
  }));
}

/** Resources whose sync_state the given run wrote: what it committed completely. */
export async function committedBy(duck: Duck, runId: number): Promise<string[]> {
  const rows = await duck.all('SELECT resource FROM sync_state WHERE run_id = ? ORDER BY resource', [runId]);
  return rows.map((r) => String(r['resource']));
}

/** Every compared table of a database, as plain rows. */
export async function snapshot(duck: Duck): Promise<Tables> {
  const tables: Tables = {};
  for (const table of COMPARED) tables[table] = [...(await readTable(duck, table)).values()];
  return tables;
}

/** The ground truth's account tables against the database (media may keep rows removed plays used). */
export async function exactProblems(duck: Duck, truth: Tables): Promise<string[]> {
  const problems: string[] = [];
  for (const table of ACCOUNT_TABLES) {
    problems.push(
      ...diffTable(table, await readTable(duck, table), truth[table] ?? [], { allowExtra: MEDIA.has(table) }),
    );
  }
  return problems;
}

/**
 * "At its last committed state": every row of the database is a row of one
 * of the states it may legitimately hold (the state before the run, the
 * state after it), column for column. A half-written or mixed row fails.
 */
export async function subsetProblems(duck: Duck, allowed: Tables[]): Promise<string[]> {
  const problems: string[] = [];
  for (const table of ACCOUNT_TABLES) {
    const states = allowed.map((state) => new Map((state[table] ?? []).map((r) => [keyOf(table, r), r])));
    for (const [key, row] of await readTable(duck, table)) {
      const fits = states.some((state) => {
        const want = state.get(key);
        if (want === undefined) return false;
        return Object.entries(want).every(
          ([column, value]) => JSON.stringify(row[column] ?? null) === JSON.stringify(value ?? null),
        );
      });
      if (!fits) problems.push(`${table} ${key}: a row no committed state holds`);
      if (problems.length >= 8) return problems;
    }
  }
  return problems;
}

/** Rebuilds a copy from the archive alone and lists where it differs from the database. */
export async function rebuildProblems(archive: string, db: string, dir: string): Promise<string[]> {
  const copyPath = join(dir, `rebuilt-${Date.now()}-${Math.floor(Math.random() * 1e6)}.duckdb`);
  const store = await Store.open(copyPath);
  try {
    await rebuild({ archive, store, now: () => new Date().toISOString() });
  } finally {
    await store.close();
  }
  const original = await withDuck(db, snapshot);
  const copy = await withDuck(copyPath, snapshot);
  const problems: string[] = [];
  for (const table of COMPARED) {
    const rows = new Map((copy[table] ?? []).map((r) => [keyOf(table, r), r]));
    problems.push(...diffTable(table, rows, original[table] ?? [], { limit: 4 }).map((p) => `rebuilt ${p}`));
  }
  return problems;
}
