import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { Duck } from '../../src/load/duck.ts';
import { cleanEnv, runCli, startCli } from '../helpers/cli.ts';
import { createFixtureDatabase, type Fixture } from '../reports/fixture.ts';

const traktdb = (args: string[]) => runCli(args);

let fixture: Fixture;

test.before(async () => {
  fixture = await createFixtureDatabase();
});

test.after.always(() => fixture?.cleanup());

const db = () => ['--db', fixture.path];

async function playCount(path: string): Promise<bigint | undefined> {
  const duck = await Duck.open(path, { readOnly: true });
  try {
    return (await duck.one<{ n: bigint }>('SELECT count(*) AS n FROM plays'))?.n;
  } finally {
    duck.close();
  }
}

test('report --list names every documented report', async (t) => {
  const { code, stdout } = await traktdb(['report', '--list']);
  t.is(code, 0);
  for (const name of [
    'watch-time',
    'top-shows',
    'top-movies',
    'genres',
    'ratings',
    'streaks',
    'heatmap',
    'binges',
    'show-progress',
    'rewatches',
    'duplicates',
    'year-in-review',
    'verify',
  ]) {
    t.regex(stdout, new RegExp(`^${name} `, 'm'));
  }
  t.true(stdout.split('\n').every((line) => line.length <= 80));
});

test('report --format json prints a JSON array of row objects with the documented keys', async (t) => {
  const { code, stdout, stderr } = await traktdb([
    'report',
    'watch-time',
    '--by',
    'year',
    '--format',
    'json',
    ...db(),
  ]);
  t.is(code, 0, stderr);
  t.deepEqual(JSON.parse(stdout), [
    {
      period: '2023',
      plays: 1,
      movie_plays: 1,
      episode_plays: 0,
      minutes: 90,
      estimated_minutes: 90,
      movie_minutes: 90,
      episode_minutes: 0,
    },
    {
      period: '2024',
      plays: 13,
      movie_plays: 4,
      episode_plays: 9,
      minutes: 737,
      estimated_minutes: 174,
      movie_minutes: 450,
      episode_minutes: 287,
    },
  ]);
});

test('report --format csv and markdown', async (t) => {
  const csv = await traktdb(['report', 'top-movies', '--year', '2024', '--format', 'csv', ...db()]);
  t.is(csv.code, 0, csv.stderr);
  t.is(
    csv.stdout,
    'movie_trakt_id,title,year,plays,minutes,last_watched_at\n' +
      '101,Alpha,2000,3,360,2024-06-15T23:00:00.000Z\n' +
      '102,Beta,2010,1,90,2024-02-01T12:00:00.000Z\n',
  );
  const md = await traktdb(['report', 'genres', '--format', 'markdown', ...db()]);
  t.is(
    md.stdout,
    '| genre | plays | minutes |\n| --- | ---: | ---: |\n| drama | 9 | 518 |\n| action | 3 | 360 |\n' +
      '| comedy | 7 | 248 |\n| sci-fi | 3 | 129 |\n',
  );
});

test('report table output is aligned and fits 80 columns', async (t) => {
  const { code, stdout } = await traktdb(['report', 'binges', ...db()]);
  t.is(code, 0);
  t.is(
    stdout,
    [
      ' show',
      'trakt',
      '   id  title     started_at         ended_at           episodes  minutes',
      '-----  --------  -----------------  -----------------  --------  -------',
      '  201  Show One  2024-01-30 20:00Z  2024-01-30 21:20Z         3       85',
      '  202  Show Two  2024-03-10 04:30Z  2024-03-10 08:00Z         3      129',
      '',
    ].join('\n'),
  );
  const review = await traktdb(['report', 'year-in-review', '--year', '2024', ...db()]);
  t.is(review.code, 0);
  t.true(review.stdout.split('\n').every((line) => line.length <= 80));
  t.regex(review.stdout, /^top_show +Show One$/m);
});

test('--tz changes the local day', async (t) => {
  const ny = await traktdb(['report', 'streaks', '--format', 'json', ...db()]);
  const utc = await traktdb(['report', 'streaks', '--tz', 'UTC', '--format', 'json', ...db()]);
  t.is(JSON.parse(ny.stdout)[0].longest_days, 4);
  t.is(JSON.parse(utc.stdout)[0].longest_days, 3);
});

const badUsage: [string, string[], RegExp][] = [
  ['an unknown report', ['report', 'no-such-report'], /no report named "no-such-report"/],
  [
    'SQL in --year',
    ['report', 'watch-time', '--year', '2024; drop table plays'],
    /--year must be a 4-digit year/,
  ],
  ['SQL in --tz', ['report', 'streaks', '--tz', "UTC'; drop table plays; --"], /not a known time zone/],
  [
    'SQL in --limit',
    ['report', 'top-shows', '--limit', '1; DELETE FROM plays'],
    /--limit must be a whole number/,
  ],
  [
    'SQL in --window-minutes',
    ['report', 'duplicates', '--window-minutes', '10;--'],
    /--window-minutes must be/,
  ],
  ['SQL in --by', ['report', 'watch-time', '--by', "month'); DROP TABLE plays; --"], /--by must be/],
  ['SQL in --gap-hours', ['report', 'binges', '--gap-hours', '3 OR 1=1'], /--gap-hours must be/],
  [
    'SQL in --min-episodes',
    ['report', 'binges', '--min-episodes', '3; DROP TABLE plays'],
    /--min-episodes must be/,
  ],
  ['a missing --year', ['report', 'year-in-review'], /year-in-review needs --year/],
  [
    'an option the report does not take',
    ['report', 'ratings', '--limit', '3'],
    /ratings has no option --limit/,
  ],
  ['an unknown flag', ['report', 'ratings', '--colour'], /Unknown (argument|option).*colour/i],
];

for (const [what, args, message] of badUsage) {
  test(`exit 2 with one sentence for ${what}`, async (t) => {
    const { code, stdout, stderr } = await traktdb([...args, ...db()]);
    t.is(code, 2);
    t.is(stdout, '');
    t.regex(stderr, message);
    t.false(stderr.includes('    at '), 'no stack trace');
  });
}

test('injection attempts leave the database intact', async (t) => {
  await traktdb(['report', 'watch-time', '--year', '2024; drop table plays', ...db()]);
  await traktdb(['report', 'streaks', '--tz', "UTC'; drop table plays; --", ...db()]);
  await traktdb(['report', 'watch-time', '--by', "month'); DROP TABLE plays; --", ...db()]);
  await traktdb(['report', 'binges', '--min-episodes', '3; DROP TABLE plays', ...db()]);
  t.is(await playCount(fixture.path), 14n);
});

test('a missing database is an error that says to back up first, and no file is created', async (t) => {
  const path = join(fixture.dir, 'missing', 'nothing.duckdb');
  // verify and query open the database the same way report does.
  for (const command of [
    ['report', 'ratings'],
    ['export', '--format', 'csv', '--out', join(fixture.dir, 'never')],
  ]) {
    const { code, stderr } = await traktdb([...command, '--db', path]);
    t.is(code, 1, command.join(' '));
    t.regex(stderr, /traktdb backup/);
  }
  t.false(existsSync(path));
  t.false(existsSync(join(fixture.dir, 'missing')));
});

test('report rebuilds stale models before answering', async (t) => {
  const stale = await createFixtureDatabase();
  t.teardown(() => stale.cleanup());
  const duck = await Duck.open(stale.path);
  await duck.run(
    "INSERT INTO plays VALUES (15, '2025-05-05 12:00:00+00', 'watch', 'movie', 102, NULL, NULL)",
  );
  duck.close();
  const { code, stdout, stderr } = await traktdb([
    'report',
    'watch-time',
    '--by',
    'year',
    '--format',
    'json',
    '--db',
    stale.path,
  ]);
  t.is(code, 0, stderr);
  t.deepEqual(
    JSON.parse(stdout).map((r: { period: string; plays: number }) => [r.period, r.plays]),
    [
      ['2023', 1],
      ['2024', 13],
      ['2025', 1],
    ],
  );
});

test('each command has --help with a description and examples', async (t) => {
  for (const command of ['report', 'query', 'export', 'verify']) {
    const { code, stdout } = await traktdb([command, '--help']);
    t.is(code, 0);
    t.regex(stdout, /Examples:/, command);
  }
});

test('a reader that closes the pipe early (`| head`) ends the output quietly, exit 0, no stack trace', async (t) => {
  // A real process: EPIPE is about its own stdout.
  const running = startCli(['query', 'SELECT range AS n FROM range(300000)', '--format', 'csv', ...db()]);
  const stdout = running.child.stdout;
  if (stdout === null) throw new Error('no stdout pipe');
  // Like `head -1`: read the first chunk, then close our end.
  const first = await new Promise<string>((resolve) => stdout.once('data', (c: string) => resolve(c)));
  stdout.destroy();
  const { code, stderr } = await running.exited;
  t.true(first.startsWith('n\n0\n'));
  t.is(code, 0, stderr);
  t.false(/EPIPE|\n\s+at /.test(stderr), stderr);
});

test('a bad TRAKTDB_MEMORY_LIMIT is bad input: exit 2, one sentence', async (t) => {
  const child = await runCli(['report', 'ratings', ...db()], {
    env: cleanEnv({ TRAKTDB_MEMORY_LIMIT: 'lots' }),
  });
  t.is(child.code, 2);
  t.is(child.stderr, 'traktdb: TRAKTDB_MEMORY_LIMIT must be a size such as 512MB or 2GB, not "lots".\n');
});
