import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { Store } from '../../src/load/store.ts';
import { assertNoStack, assertOneSentence, eachLimited, run, sandbox } from './cli.ts';

interface Case {
  args: string[];
  env?: Record<string, string>;
  /** The whole stderr line after `traktdb: `. */
  message: string | RegExp;
}

// Bad usage and bad values: exit 2, one sentence naming what is wrong, no stack trace, and nothing
// written (every case points --db and --archive into the sandbox and checks they are still absent).
const CASES: Case[] = [
  { args: ['bogus'], message: 'Unknown command "bogus"; see `traktdb --help`.' },
  {
    args: ['backpu'],
    message: 'Unknown command "backpu" (did you mean `traktdb backup`?); see `traktdb --help`.',
  },
  { args: ['backup', '--bogus'], message: 'Unknown option --bogus; see `traktdb backup --help`.' },
  {
    args: ['backup', 'now'],
    message: 'Unexpected argument "now" for `traktdb backup`; see `traktdb backup --help`.',
  },
  {
    args: ['backup', '--concurrency', 'abc'],
    message: '--concurrency must be a whole number of 1 or more, not "abc".',
  },
  {
    args: ['backup', '--concurrency', '0'],
    message: '--concurrency must be a whole number of 1 or more, not "0".',
  },
  {
    args: ['sync', '--concurrency', '2.5'],
    message: '--concurrency must be a whole number of 1 or more, not "2.5".',
  },
  { args: ['backup', '--concurrency'], message: '--concurrency needs a value; see `traktdb backup --help`.' },
  {
    args: ['backup', '--rate-limit', 'x'],
    message: '--rate-limit must look like N/SECONDS (for example 500/300), not "x".',
  },
  {
    args: ['sync', '--rate-limit', '0/300'],
    message: '--rate-limit must look like N/SECONDS (for example 500/300), not "0/300".',
  },
  {
    args: ['backup'],
    env: { TRAKTDB_RATE_LIMIT: 'lots' },
    message: 'TRAKTDB_RATE_LIMIT must look like N/SECONDS (for example 500/300), not "lots".',
  },
  {
    args: ['backup', '--api-url', 'api.trakt.tv'],
    message: '--api-url must be an http(s) URL, not "api.trakt.tv".',
  },
  {
    args: ['auth', 'login'],
    env: { TRAKT_AUTH_URL: 'ftp://auth.trakt.tv' },
    message: 'TRAKT_AUTH_URL must be an http(s) URL, not "ftp://auth.trakt.tv".',
  },
  { args: ['status', '--db'], message: '--db needs a value; see `traktdb status --help`.' },
  {
    args: ['backup', '--log-format', 'xml'],
    message: '--log-format must be one of text, json, not "xml"; see `traktdb backup --help`.',
  },
  {
    args: ['auth'],
    message: 'Name an auth command: `traktdb auth login`, `auth status` or `auth logout`.',
  },
  {
    args: ['auth', 'logni'],
    message: 'Unknown command "logni" (did you mean `traktdb auth login`?); see `traktdb auth --help`.',
  },
  { args: ['query'], message: '`traktdb query` needs <sql>; see `traktdb query --help`.' },
  {
    args: ['export', '--format', 'csv'],
    message: '--out is required by `traktdb export`; see `traktdb export --help`.',
  },
  {
    args: ['config', '--format', 'yaml'],
    message: '--format must be one of table, json, not "yaml"; see `traktdb config --help`.',
  },
  // Missing app credentials are exit 3 (authentication needed) at every step: test/cli/unattended.test.ts.
];

// One test per case, run one after another: each spawns node, and the build machine has two cores.
for (const c of CASES) {
  const label = `traktdb ${c.args.join(' ')}${c.env ? ` with ${Object.keys(c.env).join(', ')}` : ''}`;
  test.serial(`${label}: exit 2, one sentence, nothing written`, async (t) => {
    const box = await sandbox(t);
    const where = ['--db', box.db, '--archive', box.archive];
    // Flags go after the command; a case ending in a flag that misses its value keeps that flag last.
    const args = c.args.at(-1)?.startsWith('--')
      ? [...c.args.slice(0, 1), ...where, ...c.args.slice(1)]
      : [...c.args, ...where];
    const result = await run(box, args, c.env ?? {});
    t.is(result.code, 2, result.stderr);
    t.is(result.stdout, '');
    assertOneSentence(t, result.stderr);
    const line = result.stderr.trimEnd().replace(/^traktdb: /, '');
    if (typeof c.message === 'string') t.is(line, c.message);
    else t.regex(line, c.message);
    t.false(existsSync(box.db), 'no database was created');
    t.false(existsSync(box.archive), 'no archive was created');
  });
}

test.serial(
  'a config file that is not JSON: exit 2, one sentence, and its contents never quoted',
  async (t) => {
    const box = await sandbox(t);
    await mkdir(box.configDir, { recursive: true });
    const file = join(box.configDir, 'traktdb.config.json');
    await writeFile(file, 'clientSecret = "s3cr3t-from-a-bad-file"\n');
    for (const args of [['config'], ['backup'], ['auth', 'status']]) {
      const result = await run(box, args);
      t.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      t.is(result.stderr, `traktdb: The config file ${file} is not valid JSON; fix it or remove it.\n`);
      t.false(result.stderr.includes('s3cr3t'));
    }
    await writeFile(file, '["db", "x.duckdb"]\n');
    const array = await run(box, ['config']);
    t.is(array.code, 2);
    t.is(array.stderr, `traktdb: The config file ${file} must hold one JSON object; fix it or remove it.\n`);
    await writeFile(file, JSON.stringify({ concurrency: 'many' }));
    const value = await run(box, ['config']);
    t.is(value.code, 2);
    t.is(
      value.stderr,
      'traktdb: "concurrency" in traktdb.config.json must be a whole number of 1 or more, not "many".\n',
    );
  },
);

test.serial(
  '--db that is a directory, a text file, of a newer schema or in an unwritable place: one sentence, no stack, file untouched',
  async (t) => {
    const box = await sandbox(t, { TRAKT_CLIENT_ID: 'id', TRAKT_ACCESS_TOKEN: 'token' });
    const text = join(box.dir, 'notes.txt');
    await writeFile(text, 'my notes, not a database\n');
    const future = join(box.dir, 'future.duckdb');
    const store = await Store.open(future);
    await store.duck.run("INSERT INTO schema_version (version, name) VALUES (7, '007_future.sql')");
    await store.close();
    const futureBytes = await readFile(future);
    // A copy for the reader: two cases run at once, and DuckDB lets no writer open a file a reader holds.
    const futureToRead = join(box.dir, 'future-read.duckdb');
    await writeFile(futureToRead, futureBytes);
    // As root a 0555 directory is still writable; sysfs refuses new files to everyone.
    let unwritable = '/sys/traktdb-test.duckdb';
    if (process.getuid?.() !== 0) {
      const locked = join(box.dir, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o555);
      t.teardown(() => chmod(locked, 0o755));
      unwritable = join(locked, 'trakt.duckdb');
    }
    // Bad input (exit 2): --db names something that is not a traktdb database. Failure (exit 1): it cannot be written.
    const cases: [string, string[], RegExp, number][] = [
      [box.dir, ['backup'], /is a directory, not a database file/, 2],
      [box.dir, ['status'], /is a directory, not a database file/, 2],
      [text, ['backup'], /is not a DuckDB database/, 2],
      [text, ['query', 'select 1'], /is not a DuckDB database/, 2],
      [future, ['sync'], /was written by a newer traktdb \(schema 7\); upgrade traktdb/, 2],
      [futureToRead, ['report', 'watch-time'], /was written by a newer traktdb/, 2],
      [unwritable, ['backup'], /permission denied|cannot open database/, 1],
    ];
    await eachLimited(cases, 2, async ([db, args, pattern, code]) => {
      const result = await run(box, [...args, '--db', db, '--archive', box.archive]);
      const label = `${args.join(' ')} --db ${db}`;
      t.is(result.code, code, `${label}: ${result.stderr}`);
      t.regex(result.stderr, /^traktdb: .*\n$/, label);
      t.regex(result.stderr, pattern, label);
      t.true(result.stderr.includes(db), `${label}: names the path`);
      assertNoStack(t, result.stderr);
    });
    t.is(await readFile(text, 'utf8'), 'my notes, not a database\n');
    t.true((await readFile(future)).equals(futureBytes), 'the newer database is untouched');
    t.true((await readFile(futureToRead)).equals(futureBytes), 'the newer database is untouched by a reader');
    t.false(existsSync(box.archive));
  },
);

test.serial('--verbose adds the stack trace that is otherwise withheld', async (t) => {
  const box = await sandbox(t);
  const plain = await run(box, ['backup', '--rate-limit', 'x']);
  const verbose = await run(box, ['backup', '--rate-limit', 'x', '--verbose']);
  t.is(plain.code, 2);
  t.is(verbose.code, 2);
  assertNoStack(t, plain.stderr);
  t.regex(verbose.stderr, /^ {4}at /m);
  t.is(verbose.stderr.split('\n')[0], plain.stderr.trimEnd());
});
