import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import type { Counts, Scope } from '../../src/load/contract.ts';
import type { Duck } from '../../src/load/duck.ts';
import { type LogContext, mergeMirror, upsertMedia } from '../../src/load/merge.ts';
import { readTables, SEQ, type TableInfo } from '../../src/load/schema.ts';
import type { MirrorTable } from '../../src/load/store.ts';
import { CONTRACT_TABLES, type Store } from '../../src/load/store.ts';
import type { MovieRow, PlayRow, StatsSnapshotRow, TableName } from '../../src/normalize/rows.ts';
import { tempDir } from '../helpers/env.ts';
import { AT, openStore, play } from './helpers.ts';
import { referenceMergeMirror, referenceUpsertMedia } from './reference-merge.ts';

/**
 * The merge computes one diff per table and reads the change_log rows and
 * the DML off it. These tests hold it to the statement-by-statement merge
 * it replaced (reference-merge.ts): the same sequence of loads into two
 * databases must leave the same tables, the same change_log rows (JSON
 * text compared exactly) and return the same counts.
 */

interface Step {
  /** Empty: nothing staged (the scope is now empty). */
  mirror: object[];
  movies: object[];
  scope: Scope;
}

interface Side {
  duck: Duck;
  tables: Map<TableName, TableInfo>;
}

/** Both merges as the reference spells them: one staged file, or null for none. */
type Merge = typeof referenceMergeMirror;
type Upsert = typeof referenceUpsertMedia;
const merge: Merge = (duck, table, file, scope, temp, log) =>
  mergeMirror(duck, table, file === null ? [] : [file], scope, temp, log);
const upsert: Upsert = (duck, table, file, temp, log) => upsertMedia(duck, table, [file], temp, log);

async function side(t: ExecutionContext, name: string): Promise<Side> {
  const store: Store = await openStore(t, name);
  return { duck: store.duck, tables: await readTables(store.duck, CONTRACT_TABLES) };
}

async function staged(dir: string, name: string, rows: object[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, rows.map((row, i) => `${JSON.stringify({ ...row, [SEQ]: i + 1 })}\n`).join(''));
  return file;
}

async function apply(
  s: Side,
  dir: string,
  table: MirrorTable,
  step: Step,
  runId: number,
  merge: Merge,
  upsert: Upsert,
): Promise<Counts[]> {
  const log: LogContext = { runId, at: AT };
  const info = (name: TableName): TableInfo => {
    const found = s.tables.get(name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found;
  };
  const counts: Counts[] = [];
  await s.duck.run('BEGIN TRANSACTION');
  if (step.movies.length > 0) {
    const file = await staged(dir, 'movies.ndjson', step.movies);
    counts.push(await upsert(s.duck, info('movies'), file, '_t_movies', log));
  }
  const file = step.mirror.length === 0 ? null : await staged(dir, `${table}.ndjson`, step.mirror);
  counts.push(await merge(s.duck, info(table), file, step.scope, `_t_${table}`, log));
  await s.duck.run('COMMIT');
  return counts;
}

/** Every row of the tables, change_log with its JSON as text, in a stable order. */
async function contents(s: Side, tables: readonly string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const table of tables) out.push(await s.duck.all(`SELECT * FROM main.${table} ORDER BY ALL`));
  out.push(
    await s.duck.all(
      `SELECT run_id, table_name, op, key, CAST(old_row AS VARCHAR) AS old_row, CAST(new_row AS VARCHAR) AS new_row,
              CAST(changed_at AS VARCHAR) AS changed_at
       FROM change_log ORDER BY ALL`,
    ),
  );
  return out;
}

async function clear(s: Side, tables: readonly string[]): Promise<void> {
  for (const table of [...tables, 'change_log']) await s.duck.run(`DELETE FROM main.${table}`);
}

/** Runs the same steps through both merges; the counts, tables and change_log must agree. */
async function same(
  t: ExecutionContext,
  sides: [Side, Side],
  dir: string,
  table: MirrorTable,
  steps: Step[],
): Promise<boolean> {
  const tables = [table, 'movies'];
  const [now, before] = sides;
  await clear(now, tables);
  await clear(before, tables);
  for (const [i, step] of steps.entries()) {
    const got = await apply(now, dir, table, step, i + 1, merge, upsert);
    const want = await apply(before, dir, table, step, i + 1, referenceMergeMirror, referenceUpsertMedia);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      t.deepEqual(got, want, `counts of step ${i + 1}`);
      return false;
    }
  }
  const got = await contents(now, tables);
  const want = await contents(before, tables);
  if (JSON.stringify(got, bigints) !== JSON.stringify(want, bigints)) {
    t.deepEqual(got, want);
    return false;
  }
  return true;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value;
}

const DAYS = ['2024-01-01T00:00:00.000Z', '2024-01-02T12:30:00.250Z', '2024-01-03T23:59:59.999Z'];

const playArb: fc.Arbitrary<PlayRow> = fc.record({
  history_id: fc.integer({ min: 1, max: 6 }),
  watched_at: fc.constantFrom(...DAYS),
  action: fc.constantFrom('watch', 'scrobble', null),
  media_type: fc.constantFrom('episode', 'movie'),
  movie_trakt_id: fc.constantFrom(null, 1, 2),
  show_trakt_id: fc.constantFrom(null, 7),
  episode_trakt_id: fc.constantFrom(null, 1001, 1002),
});

const movieArb = fc.record({
  trakt_id: fc.integer({ min: 1, max: 4 }),
  title: fc.constantFrom('A', 'B', "it's", null),
  year: fc.constantFrom(2000, 2001, null),
  released: fc.constantFrom('2010-12-16', '2011-01-01', null),
  genres: fc.constantFrom(['x'], ['x', 'y'], [], null),
  community_rating: fc.constantFrom(7.5, 8, null),
});

const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant<Scope>({ kind: 'all' }),
  fc.constant<Scope>({ kind: 'upsert' }),
  fc.constant<Scope>({ kind: 'where', equals: { media_type: 'movie' } }),
  fc.record({ from: fc.option(fc.constantFrom(...DAYS)), to: fc.option(fc.constantFrom(...DAYS)) }).map(
    ({ from, to }): Scope => ({
      kind: 'range',
      column: 'watched_at',
      ...(from === null ? {} : { from }),
      ...(to === null ? {} : { to }),
    }),
  ),
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  mirror: fc.array(playArb, { maxLength: 8 }),
  movies: fc.array(movieArb, { maxLength: 5 }),
  scope: scopeArb,
});

test('random loads of plays and movies: the same tables, change_log and counts as the statement-by-statement merge', async (t) => {
  const sides: [Side, Side] = [await side(t, 'now.duckdb'), await side(t, 'before.duckdb')];
  const dir = await tempDir(t);
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 5 }), (steps) =>
      same(t, sides, dir, 'plays', steps),
    ),
    { numRuns: 25, seed: 20261126 },
  );
  t.pass();
});

const snapshotArb: fc.Arbitrary<Partial<StatsSnapshotRow>> = fc.record({
  fetched_at: fc.constantFrom(...DAYS),
  movies_plays: fc.constantFrom(1, 2, null),
  shows_watched: fc.constantFrom(3, null),
});

test('stats snapshots: an unchanged snapshot is still not a new row, as before', async (t) => {
  const sides: [Side, Side] = [await side(t, 'now.duckdb'), await side(t, 'before.duckdb')];
  const dir = await tempDir(t);
  const steps = fc.array(
    fc.record({
      mirror: fc.array(snapshotArb, { maxLength: 3 }),
      movies: fc.constant<object[]>([]),
      scope: fc.constant<Scope>({ kind: 'snapshot' }),
    }),
    { minLength: 1, maxLength: 5 },
  );
  await fc.assert(
    fc.asyncProperty(steps, (s) => same(t, sides, dir, 'stats_snapshots', s)),
    { numRuns: 15, seed: 20261126 },
  );
  t.pass();
});

test('a first load, a reload of the same rows and a changed reload log exactly as before', async (t) => {
  const sides: [Side, Side] = [await side(t, 'now.duckdb'), await side(t, 'before.duckdb')];
  const dir = await tempDir(t);
  const movies: MovieRow[] = [1, 2, 3].map((id) => ({
    trakt_id: id,
    slug: `m-${id}`,
    title: `Movie ${id}`,
    year: 2000 + id,
    imdb_id: null,
    tmdb_id: null,
    runtime_min: 90 + id,
    released: '2010-12-16',
    genres: ['drama'],
    certification: null,
    country: null,
    language: null,
    community_rating: 7.25,
    votes: 10,
  }));
  const plays = [1, 2, 3, 4].map((id) => play(id));
  const first: Step = { mirror: plays, movies, scope: { kind: 'all' } };
  const changed: Step = {
    mirror: [play(1), play(2, { action: 'checkin' }), play(5)],
    movies: [{ ...movies[0], title: 'Renamed', runtime_min: null }],
    scope: { kind: 'all' },
  };
  t.true(await same(t, sides, dir, 'plays', [first, first, changed, changed]));
  const ops = await sides[0].duck.all(
    `SELECT run_id, table_name, op, count(*)::INTEGER AS n FROM change_log GROUP BY ALL ORDER BY ALL`,
  );
  t.deepEqual(ops, [
    { run_id: 1n, table_name: 'movies', op: 'insert', n: 3 },
    { run_id: 1n, table_name: 'plays', op: 'insert', n: 4 },
    { run_id: 3n, table_name: 'movies', op: 'update', n: 1 },
    { run_id: 3n, table_name: 'plays', op: 'delete', n: 2 },
    { run_id: 3n, table_name: 'plays', op: 'insert', n: 1 },
    { run_id: 3n, table_name: 'plays', op: 'update', n: 1 },
  ]);
});

test('a range load into a table with rows outside the range but none inside it: staged keys found outside update, nothing outside is deleted', async (t) => {
  const sides: [Side, Side] = [await side(t, 'now.duckdb'), await side(t, 'before.duckdb')];
  const dir = await tempDir(t);
  const january: Step = { mirror: [play(1), play(2), play(3)], movies: [], scope: { kind: 'all' } };
  const february: Step = {
    // Play 2 was backdated into February; play 9 is new.
    mirror: [
      play(2, { watched_at: '2024-02-02T00:00:00.000Z' }),
      play(9, { watched_at: '2024-02-03T00:00:00.000Z' }),
    ],
    movies: [],
    scope: {
      kind: 'range',
      column: 'watched_at',
      from: '2024-02-01T00:00:00.000Z',
      to: '2024-02-28T00:00:00.000Z',
    },
  };
  t.true(await same(t, sides, dir, 'plays', [january, february]));
  const log = await sides[0].duck.all(
    `SELECT op, key, CAST(old_row AS VARCHAR) AS old_row, CAST(new_row AS VARCHAR) AS new_row
     FROM change_log WHERE run_id = 2 ORDER BY key`,
  );
  t.deepEqual(log, [
    {
      op: 'update',
      key: '2',
      old_row: JSON.stringify(play(2)),
      new_row: JSON.stringify(play(2, { watched_at: '2024-02-02T00:00:00.000Z' })),
    },
    {
      op: 'insert',
      key: '9',
      old_row: null,
      new_row: JSON.stringify(play(9, { watched_at: '2024-02-03T00:00:00.000Z' })),
    },
  ]);
  const left = await sides[0].duck.all('SELECT history_id::INTEGER AS id FROM plays ORDER BY 1');
  t.deepEqual(
    left.map((r) => r['id']),
    [1, 2, 3, 9],
  );
});
