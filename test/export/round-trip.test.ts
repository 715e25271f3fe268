import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { UsageError } from '../../src/errors.ts';
import { exportTables } from '../../src/export/index.ts';
import { Duck } from '../../src/load/duck.ts';
import { migrate } from '../../src/load/migrate.ts';

// Titles that break naive CSV writers: delimiters, quotes, line breaks,
// spreadsheet formulas, non-ASCII text, and the empty string next to null.
const HOSTILE_MOVIES = `
INSERT INTO movies (trakt_id, slug, title, year, runtime_min, released, genres, certification, community_rating, votes) VALUES
  (1, 'comma', 'Crouching Tiger, Hidden Dragon', 2000, 120, '2000-07-06', ['action', 'drama'], 'PG-13', 7.9, 1000),
  (2, 'quotes', 'The "Quoted" Movie', 2001, NULL, NULL, ['say "hi"', 'a,b'], NULL, 0.1, NULL),
  (3, 'newline', E'Line one\\nLine two\\r\\nLine three', 2002, 0, NULL, [], '', 8.123456789012, 0),
  (4, 'formula', '=HYPERLINK("http://example.com")', 2003, 90, NULL, NULL, NULL, NULL, 5),
  (5, 'unicode', 'Amélie 🎬 千と千尋の神隠し עברית', 2004, 95, '2001-04-25', ['romance', 'ドラマ'], 'R', 10.0, 9007199254740991),
  (6, 'empty', '', NULL, NULL, NULL, [''], NULL, -0.5, NULL),
  (7, 'null-title', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (8, 'plus', '+1 555 0100', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (9, 'minus', '-Minus, the Movie', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (10, 'at', '@handle', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (11, 'carriage-return', E'cr\\ronly', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO plays VALUES
  (9007199254740993, '2024-01-30 20:00:00.123+00', 'watch', 'movie', 1, NULL, NULL),
  (2, '2024-03-10 07:30:00.000001+00', 'checkin', 'episode', NULL, 10, 11);
INSERT INTO comments (comment_id, parent_id, created_at, body, spoiler, review, likes, media_type, trakt_id) VALUES
  (1, NULL, '2024-01-01 00:00:00+00', 'Great, "really"\ngreat', true, false, 3, 'movie', 1),
  (2, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO change_log (run_id, table_name, op, key, old_row, new_row, changed_at) VALUES
  (1, 'movies', 'insert', '1', NULL, '{"title": "A, \\"b\\"", "genres": ["x"]}', '2024-01-01 00:00:00+00');
`;

async function database(t: ExecutionContext): Promise<{ duck: Duck; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-export-'));
  const duck = await Duck.open(join(dir, 'trakt.duckdb'));
  t.teardown(() => {
    duck.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(duck);
  await duck.run(HOSTILE_MOVIES);
  return { duck, dir };
}

/**
 * Rows of `table` that are not in `other`, both ways: 0 when the two are
 * equal as multisets. JSON columns compare as JSON (whitespace aside).
 */
async function differences(duck: Duck, table: string, other: string): Promise<number> {
  const columns = await duck.all<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position`,
    { t: table },
  );
  const list = columns.map((c) => (c.type === 'JSON' ? `json("${c.name}")` : `"${c.name}"`)).join(', ');
  const row = await duck.one<{ n: bigint }>(
    `SELECT (SELECT count(*) FROM (SELECT ${list} FROM ${table} EXCEPT ALL SELECT ${list} FROM ${other}))
          + (SELECT count(*) FROM (SELECT ${list} FROM ${other} EXCEPT ALL SELECT ${list} FROM ${table})) AS n`,
  );
  return Number(row?.n);
}

/** DuckDB's column spec for read_csv/read_json, lists read as JSON text first. */
async function columnSpec(duck: Duck, table: string): Promise<{ spec: string; select: string }> {
  const columns = await duck.all<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position`,
    { t: table },
  );
  const spec = columns.map((c) => `'${c.name}': '${c.type.endsWith('[]') ? 'VARCHAR' : c.type}'`).join(', ');
  const select = columns
    .map((c) =>
      c.type.endsWith('[]') ? `CAST(CAST("${c.name}" AS JSON) AS ${c.type}) AS "${c.name}"` : `"${c.name}"`,
    )
    .join(', ');
  return { spec: `{${spec}}`, select };
}

for (const table of ['movies', 'plays', 'comments', 'change_log']) {
  test(`CSV of ${table} reads back into DuckDB equal to the table`, async (t) => {
    const { duck, dir } = await database(t);
    const out = join(dir, 'csv');
    const [exported] = await exportTables(duck, { format: 'csv', outDir: out, tables: [table] });
    t.is(exported?.file, join(out, `${table}.csv`));
    const { spec, select } = await columnSpec(duck, table);
    // allow_quoted_nulls=false: "" is an empty string, an empty field is null.
    await duck.run(
      `CREATE TABLE back AS SELECT ${select} FROM read_csv('${exported?.file}', header = true, columns = ${spec},
         allow_quoted_nulls = false, auto_detect = false, delim = ',', quote = '"', escape = '"')`,
    );
    t.is(await differences(duck, table, 'back'), 0);
    const count = await duck.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`);
    t.is(exported?.rows, Number(count?.n));
  });

  test(`JSON lines of ${table} read back equal to the table`, async (t) => {
    const { duck, dir } = await database(t);
    const [exported] = await exportTables(duck, {
      format: 'json',
      outDir: join(dir, 'json'),
      tables: [table],
    });
    const lines = readFileSync(exported?.file ?? '', 'utf8')
      .trimEnd()
      .split('\n');
    t.is(lines.length, exported?.rows ?? -1);
    for (const line of lines) t.notThrows(() => JSON.parse(line));
    const columns = await duck.all<{ name: string; type: string }>(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position`,
      { t: table },
    );
    const spec = `{${columns.map((c) => `'${c.name}': '${c.type}'`).join(', ')}}`;
    await duck.run(
      `CREATE TABLE back AS SELECT * FROM read_json('${exported?.file}', format = 'newline_delimited', columns = ${spec})`,
    );
    t.is(await differences(duck, table, 'back'), 0);
  });

  test(`Parquet of ${table} reads back equal to the table`, async (t) => {
    const { duck, dir } = await database(t);
    const [exported] = await exportTables(duck, {
      format: 'parquet',
      outDir: join(dir, 'pq'),
      tables: [table],
    });
    await duck.run(`CREATE TABLE back AS SELECT * FROM read_parquet('${exported?.file}')`);
    t.is(await differences(duck, table, 'back'), 0);
  });
}

test('CSV is RFC 4180: header row, quoted fields, doubled quotes, ISO timestamps, arrays as JSON', async (t) => {
  const { duck, dir } = await database(t);
  await exportTables(duck, { format: 'csv', outDir: join(dir, 'csv'), tables: ['movies', 'plays'] });
  const movies = readFileSync(join(dir, 'csv', 'movies.csv'), 'utf8');
  t.true(movies.startsWith('trakt_id,slug,title,year,imdb_id,tmdb_id,runtime_min,released,genres,'));
  t.true(
    movies.includes(
      '1,comma,"Crouching Tiger, Hidden Dragon",2000,,,120,2000-07-06,"[""action"",""drama""]",',
    ),
  );
  t.true(movies.includes('"The ""Quoted"" Movie"'));
  t.true(movies.includes('"Line one\nLine two\r\nLine three"'));
  t.true(movies.includes('Amélie 🎬 千と千尋の神隠し עברית'));
  t.true(movies.includes('6,empty,"",'), 'an empty title is "" while a null is an empty field');
  t.true(movies.includes('\n7,null-title,,'), 'a null title is an empty field');
  // Text that a spreadsheet would take for a formula is data: written as it is, quoted only where CSV needs it.
  t.true(movies.includes('\n4,formula,"=HYPERLINK(""http://example.com"")",'));
  t.true(movies.includes('\n8,plus,+1 555 0100,'));
  t.true(movies.includes('\n9,minus,"-Minus, the Movie",'));
  t.true(movies.includes('\n10,at,@handle,'));
  t.true(movies.includes('\n11,carriage-return,"cr\ronly",'), 'a lone carriage return is quoted too');
  const plays = readFileSync(join(dir, 'csv', 'plays.csv'), 'utf8');
  t.true(plays.includes('2,2024-03-10T07:30:00.000001Z,checkin,episode,,10,11'));
  t.true(plays.includes('9007199254740993,2024-01-30T20:00:00.123Z,watch,movie,1,,'));
});

test('with no --tables every contract table present is exported; models only on request', async (t) => {
  const { duck, dir } = await database(t);
  const { buildModels } = await import('../../src/models/build.ts');
  await buildModels(duck);
  const exported = await exportTables(duck, { format: 'json', outDir: join(dir, 'all') });
  const names = exported.map((e) => e.table);
  for (const table of ['movies', 'shows', 'plays', 'ratings', 'stats_snapshots', 'sync_runs', 'change_log']) {
    t.true(names.includes(table), table);
  }
  t.false(names.includes('fct_plays'));
  t.false(names.includes('model_builds'));
  t.deepEqual(readdirSync(join(dir, 'all')).sort(), names.map((n) => `${n}.jsonl`).sort());
  const [fct] = await exportTables(duck, { format: 'csv', outDir: join(dir, 'fct'), tables: ['fct_plays'] });
  t.is(fct?.rows, 2);
});

test('refuses a non-empty directory without --force, an unknown table, and .. out of the working directory', async (t) => {
  const { duck, dir } = await database(t);
  const busy = join(dir, 'busy');
  mkdirSync(busy);
  writeFileSync(join(busy, 'keep.txt'), 'mine');
  await t.throwsAsync(exportTables(duck, { format: 'csv', outDir: busy }), {
    instanceOf: UsageError,
    message: /is not empty; .*--force/,
  });
  t.deepEqual(readdirSync(busy), ['keep.txt']);
  const forced = await exportTables(duck, { format: 'csv', outDir: busy, tables: ['movies'], force: true });
  t.is(forced.length, 1);
  t.deepEqual(readdirSync(busy).sort(), ['keep.txt', 'movies.csv']);
  await t.throwsAsync(
    exportTables(duck, { format: 'csv', outDir: join(dir, 'x'), tables: ['movies', 'nope'] }),
    {
      instanceOf: UsageError,
      message: /no table "nope" to export; choose from movies, /,
    },
  );
  await t.throwsAsync(exportTables(duck, { format: 'csv', outDir: '../../escape', cwd: dir }), {
    instanceOf: UsageError,
    message: /leaves the working directory/,
  });
  await t.throwsAsync(exportTables(duck, { format: 'csv', outDir: join(busy, 'keep.txt') }), {
    instanceOf: UsageError,
    message: /is a file/,
  });
});

test('a large table streams out with every row', async (t) => {
  const { duck, dir } = await database(t);
  await duck.run(
    `INSERT INTO plays SELECT 100 + i, TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_minutes(i), 'watch', 'movie', i % 7, NULL, NULL FROM range(200000) r(i)`,
  );
  const [csv] = await exportTables(duck, { format: 'csv', outDir: join(dir, 'big'), tables: ['plays'] });
  t.is(csv?.rows, 200002);
  const back = await duck.one<{ n: bigint }>(
    `SELECT count(*) AS n FROM read_csv('${csv?.file}', header = true)`,
  );
  t.is(back?.n, 200002n);
});
