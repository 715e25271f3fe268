import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { runPull } from '../../src/cli/run-pull.ts';
import { resolveConfig } from '../../src/config.ts';
import { ExitCode, exitCodeOf, UsageError } from '../../src/errors.ts';
import { expandHome } from '../../src/home-path.ts';
import { Duck } from '../../src/load/duck.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { tempDir } from '../helpers/env.ts';

const HOME = '/home/viewer';

test('~ and ~/ are the home directory; other paths are left alone; ~user is refused with exit 2', (t) => {
  const env = { HOME };
  t.is(expandHome('~', '--db', env), HOME);
  t.is(expandHome('~/trakt.duckdb', '--db', env), '/home/viewer/trakt.duckdb');
  t.is(expandHome('~/a/../b/x', '--db', env), '/home/viewer/b/x');
  t.is(expandHome('data/~/x', '--db', env), 'data/~/x');
  const error = t.throws(() => expandHome('~bob/x.duckdb', '--db', env), { instanceOf: UsageError });
  t.is(exitCodeOf(error), ExitCode.usage);
  t.is(
    error?.message,
    '--db "~bob/x.duckdb": traktdb expands only ~ and ~/ (your own home directory); write the full path instead.',
  );
  fc.assert(
    fc.property(fc.string(), (rest) => {
      if (!rest.startsWith('~')) t.is(expandHome(rest, '--out', env), rest);
      return expandHome(`~/${rest}`, '--out', env) === join(HOME, rest);
    }),
  );
});

test('--db, --archive, TRAKTDB_DB and the config file all expand ~, each naming where it came from', async (t) => {
  const dir = await tempDir(t);
  const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
  const flags = resolveConfig({ db: '~/x.duckdb', archive: '~/raw' }, env);
  t.is(flags.db.value, join(dir, 'x.duckdb'));
  t.is(flags.archive.value, join(dir, 'raw'));
  t.is(resolveConfig({}, { ...env, TRAKTDB_DB: '~/env.duckdb' }).db.value, join(dir, 'env.duckdb'));
  await mkdir(join(dir, 'config', 'traktdb'), { recursive: true });
  await writeFile(
    join(dir, 'config', 'traktdb', 'traktdb.config.json'),
    JSON.stringify({ db: '~/trakt/file.duckdb', archive: '~/trakt/raw' }),
  );
  const file = resolveConfig({}, env);
  t.is(file.db.value, join(dir, 'trakt', 'file.duckdb'));
  t.is(file.archive.value, join(dir, 'trakt', 'raw'));
  const refused = t.throws(() => resolveConfig({ archive: '~root/raw' }, env), { instanceOf: UsageError });
  t.regex(refused?.message ?? '', /^--archive "~root\/raw": traktdb expands only ~ and ~\//);
});

test('a backup with --db=~/x.duckdb writes one database, in $HOME, and no ./~ folder', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 21 });
  t.teardown(() => sim.close());
  const home = await tempDir(t);
  const work = await tempDir(t);
  const saved = { ...process.env };
  const cwd = process.cwd();
  t.teardown(() => {
    process.env = saved;
    process.chdir(cwd);
  });
  for (const name of Object.keys(process.env)) if (/^TRAKT/.test(name)) delete process.env[name];
  Object.assign(process.env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    TRAKT_ACCESS_TOKEN: sim.accessToken,
  });
  // Where the literal ./~/ folder appeared before: the working directory.
  process.chdir(work);
  const summary = await runPull(
    {
      db: '~/x.duckdb',
      archive: '~/raw',
      apiUrl: sim.url,
      authUrl: sim.url,
      clientId: sim.clientId,
      rateLimit: '1000/1',
      quiet: true,
      verbose: false,
      logFormat: 'text',
    },
    'backup',
  );
  t.is(summary.status, 'succeeded');
  t.deepEqual(readdirSync(work), [], 'nothing in the working directory');
  t.true(existsSync(join(home, 'raw')));
  const duck = await Duck.open(join(home, 'x.duckdb'), { readOnly: true });
  try {
    const [row] = await duck.all<{ n: bigint }>('SELECT count(*) AS n FROM plays');
    t.is(Number(row?.n), summary.tableCounts['plays'] ?? -1);
    t.true(Number(row?.n) > 0);
  } finally {
    duck.close();
  }
});
