import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { type CliResult, runCli, spawnCli } from '../helpers/cli.ts';
import { createFixtureDatabase, type Fixture } from '../reports/fixture.ts';

/** In-process, except where the working directory is what is tested (a run's cwd is this process's). */
const traktdb = (args: string[], options: { cwd?: string } = {}): Promise<CliResult> =>
  options.cwd === undefined ? runCli(args) : spawnCli(args, { cwd: options.cwd });

let fixture: Fixture;

test.before(async () => {
  fixture = await createFixtureDatabase();
});

test.after.always(() => fixture?.cleanup());

const db = () => ['--db', fixture.path];

test('query reads tables and models', async (t) => {
  const { code, stdout, stderr } = await traktdb([
    'query',
    'select media_type, count(*) as plays, sum(minutes) as minutes from fct_plays group by all order by 1',
    '--format',
    'json',
    ...db(),
  ]);
  t.is(code, 0, stderr);
  t.deepEqual(JSON.parse(stdout), [
    { media_type: 'episode', plays: 9, minutes: 287 },
    { media_type: 'movie', plays: 5, minutes: 540 },
  ]);
});

const writes = [
  'DELETE FROM plays',
  'DROP TABLE plays',
  "ATTACH '/tmp/traktdb-attach-test.duckdb' AS other",
  `COPY plays TO '${'/tmp/traktdb-copy-test.csv'}'`,
  'SELECT 1; DROP TABLE plays',
];

for (const sql of writes) {
  test(`query refuses ${sql.split(' ').slice(0, 2).join(' ')} with exit 2`, async (t) => {
    const { code, stdout, stderr } = await traktdb(['query', sql, ...db()]);
    t.is(code, 2);
    t.is(stdout, '');
    t.regex(stderr, /^traktdb: .*(read-only|one statement)/);
  });
}

test('refused queries changed nothing and wrote no file', async (t) => {
  await traktdb(['query', "COPY plays TO '/tmp/traktdb-copy-test.csv'", ...db()]);
  t.false(existsSync('/tmp/traktdb-copy-test.csv'));
  t.false(existsSync('/tmp/traktdb-attach-test.duckdb'));
  const duck = await Duck.open(fixture.path, { readOnly: true });
  try {
    t.is((await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM plays'))?.n, 14n);
  } finally {
    duck.close();
  }
});

test('export writes one file per table and refuses a non-empty directory without --force', async (t) => {
  const out = join(fixture.dir, 'csv');
  const first = await traktdb([
    'export',
    '--format',
    'csv',
    '--out',
    out,
    '--tables',
    'movies,plays',
    ...db(),
  ]);
  t.is(first.code, 0, first.stderr);
  t.deepEqual(readdirSync(out).sort(), ['movies.csv', 'plays.csv']);
  t.regex(first.stdout, /plays +14 rows/);
  t.true(readFileSync(join(out, 'plays.csv'), 'utf8').startsWith('history_id,watched_at,action,media_type,'));
  const again = await traktdb(['export', '--format', 'csv', '--out', out, ...db()]);
  t.is(again.code, 2);
  t.regex(again.stderr, /not empty; .*--force/);
  const forced = await traktdb([
    'export',
    '--format',
    'parquet',
    '--out',
    out,
    '--tables',
    'ratings',
    '--force',
    ...db(),
  ]);
  t.is(forced.code, 0, forced.stderr);
  t.true(existsSync(join(out, 'ratings.parquet')));
  const unknown = await traktdb([
    'export',
    '--format',
    'json',
    '--out',
    join(fixture.dir, 'j'),
    '--tables',
    'plays,secrets',
    ...db(),
  ]);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /no table "secrets"/);
  t.false(existsSync(join(fixture.dir, 'j', 'plays.jsonl')), 'nothing written when a name is wrong');
  const outside = await traktdb(['export', '--format', 'csv', '--out', '../../outside', ...db()], {
    cwd: fixture.dir,
  });
  t.is(outside.code, 2);
  t.regex(outside.stderr, /leaves the working directory/);
  const badFormat = await traktdb(['export', '--format', 'xlsx', '--out', join(fixture.dir, 'x'), ...db()]);
  t.is(badFormat.code, 2);
});

test('verify prints the comparison and exits 4 when a total differs', async (t) => {
  const { code, stdout, stderr } = await traktdb(['verify', '--format', 'json', ...db()]);
  t.is(code, 4);
  const rows = JSON.parse(stdout) as { metric: string; difference: number | null }[];
  // A total Trakt did not send (null: the fixture has no network numbers) is no difference.
  t.deepEqual(
    rows.filter((r) => r.difference !== null && r.difference !== 0).map((r) => r.metric),
    ['episodes_plays'],
  );
  t.regex(stderr, /1 total\(s\) that differ from Trakt's stats \(episodes_plays\)/);
});

test('verify exits 0 when everything agrees, and 1 with advice when there is no snapshot', async (t) => {
  const agreeing = await createFixtureDatabase(
    "UPDATE stats_snapshots SET episodes_plays = 9 WHERE fetched_at = '2024-07-01 00:00:00+00'",
  );
  const empty = await createFixtureDatabase('DELETE FROM stats_snapshots');
  t.teardown(() => {
    agreeing.cleanup();
    empty.cleanup();
  });
  const ok = await traktdb(['verify', '--db', agreeing.path]);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /^episodes_plays +9 +9 +0$/m);
  const none = await traktdb(['verify', '--db', empty.path]);
  t.is(none.code, 1);
  t.regex(none.stderr, /no Trakt stats snapshot yet.*traktdb backup/);
});
