import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { doctorCommand } from '../../src/cli/commands/doctor.ts';
import { exportCommand } from '../../src/cli/commands/export.ts';
import { reportCommand } from '../../src/cli/commands/report.ts';
import type { GlobalArgs } from '../../src/cli/global-options.ts';
import { runPull } from '../../src/cli/run-pull.ts';
import { ExitCode, exitCodeOf } from '../../src/errors.ts';
import { Duck } from '../../src/load/duck.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { runAgainst, type Workspace } from '../helpers/backup.ts';
import { tempDir } from '../helpers/env.ts';

/**
 * A backup or sync that cannot start (no credentials, a refresh Trakt refuses,
 * an API it cannot reach) leaves nothing behind: no database file, no run in
 * the ledger, no archive folder (docs/sync.md, "A run that cannot start leaves
 * nothing behind"). And `--out` behaves the same in every command
 * (docs/query-and-export.md, "`--out` in every command").
 *
 * Runs in-process, through the CLI's own runPull and command handlers; every
 * test is serial because they set the process's environment and capture its
 * output.
 */

let sim: Simulator;
/** One backed-up database for the tests that read (or try to sync) it; none writes to it. */
let shared: Workspace;

test.before(async () => {
  sim = await startSimulator({ profile: 'tiny', seed: 6 });
  const dir = await mkdtemp(join(tmpdir(), 'traktdb-shared-'));
  shared = { dir, db: join(dir, 'trakt.duckdb'), archive: join(dir, 'raw'), configHome: join(dir, 'config') };
  await runAgainst(sim, shared);
});
test.after.always(async () => {
  await sim?.close();
  if (shared !== undefined) await rm(shared.dir, { recursive: true, force: true });
});

function args(extra: Partial<GlobalArgs> & Record<string, unknown>): GlobalArgs {
  return { quiet: true, verbose: false, logFormat: 'text', ...extra } as GlobalArgs;
}

/** The process as a scheduled run sees it: only `env` of traktdb's variables, config under `home`. */
function environment(t: ExecutionContext, home: string, env: Record<string, string> = {}): void {
  const saved = { ...process.env };
  t.teardown(() => {
    process.env = saved;
  });
  for (const name of Object.keys(process.env)) {
    if (/^(TRAKT|TRAKTDB)_/.test(name)) delete process.env[name];
  }
  Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ...env });
}

async function token(home: string, expiresInSeconds: number, refresh = 'r'.repeat(32)): Promise<void> {
  const dir = join(home, 'config', 'traktdb');
  await mkdir(dir, { recursive: true });
  const lifetime = 7 * 86_400;
  await writeFile(
    join(dir, 'token.json'),
    JSON.stringify({
      access_token: 'a'.repeat(32),
      refresh_token: refresh,
      expires_in: lifetime,
      created_at: Math.floor(Date.now() / 1000) - lifetime + expiresInSeconds,
      token_type: 'bearer',
      scope: 'public',
    }),
    { mode: 0o600 },
  );
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 9;
}

interface Case {
  name: string;
  setup: (home: string) => Promise<{ env?: Record<string, string>; flags?: Record<string, string> }>;
  code: ExitCode;
  message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'no client id',
    setup: async () => ({}),
    code: ExitCode.auth,
    message: /^No Trakt client id: run `traktdb auth login` once/,
  },
  {
    name: 'no token',
    setup: async () => ({ flags: { clientId: 'the-app' } }),
    code: ExitCode.auth,
    message: /^Not signed in to Trakt: no token is stored at .+token\.json; run `traktdb auth login`/,
  },
  {
    name: 'an expired token and no secret to refresh it with',
    setup: async (home) => {
      await token(home, -3600);
      return { flags: { clientId: 'the-app' } };
    },
    code: ExitCode.auth,
    message: /^No Trakt client secret \(needed to refresh the expired token\)/,
  },
  {
    name: 'an expired token whose refresh Trakt refuses',
    setup: async (home) => {
      await token(home, -3600, 'not-a-refresh-token-the-simulator-knows');
      return { env: { TRAKT_CLIENT_SECRET: sim.clientSecret }, flags: { clientId: sim.clientId } };
    },
    code: ExitCode.auth,
    message: /^POST \/oauth\/token failed: Trakt refused the refresh token \(invalid_grant\)/,
  },
  {
    name: 'an API that refuses connections',
    setup: async () => {
      const port = await closedPort();
      return {
        env: { TRAKT_ACCESS_TOKEN: sim.accessToken },
        flags: { apiUrl: `http://127.0.0.1:${port}`, clientId: sim.clientId },
      };
    },
    code: ExitCode.failure,
    message:
      /^Cannot reach the Trakt API at http:\/\/127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\); check the network connection and --api-url \(TRAKT_API_URL\)\. Nothing was written\.$/,
  },
];

for (const c of CASES) {
  test.serial(`backup that cannot start (${c.name}): exit ${c.code}, no database, no archive`, async (t) => {
    const home = await tempDir(t);
    const { env = {}, flags = {} } = await c.setup(home);
    environment(t, home, env);
    const db = join(home, 'data', 'trakt.duckdb');
    const archive = join(home, 'data', 'raw');
    const error = await t.throwsAsync(
      runPull(args({ db, archive, apiUrl: sim.url, authUrl: sim.url, ...flags }), 'backup'),
    );
    t.is(exitCodeOf(error), c.code, error?.message);
    t.regex(error?.message ?? '', c.message);
    t.false(existsSync(join(home, 'data')), 'neither the database nor the archive was touched');
  });
}

test.serial(
  'a sync of an existing database that cannot reach the API records no run and makes no folder',
  async (t) => {
    const ws = shared;
    const before = readdirSync(ws.archive).sort();
    environment(t, await tempDir(t), { TRAKT_ACCESS_TOKEN: sim.accessToken });
    const port = await closedPort();
    const error = await t.throwsAsync(
      runPull(
        args({ db: ws.db, archive: ws.archive, apiUrl: `http://127.0.0.1:${port}`, clientId: sim.clientId }),
        'sync',
      ),
    );
    t.is(exitCodeOf(error), ExitCode.failure);
    t.deepEqual(readdirSync(ws.archive).sort(), before);
    const duck = await Duck.open(ws.db, { readOnly: true });
    try {
      t.deepEqual(await duck.all('SELECT mode, status FROM sync_runs ORDER BY run_id'), [
        { mode: 'backup', status: 'succeeded' },
      ]);
    } finally {
      duck.close();
    }
  },
);

/** Runs a command handler, its stdout and stderr captured. */
async function handle(
  command: { handler: unknown },
  argv: Record<string, unknown>,
): Promise<{ stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => {
    captured.stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    captured.stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await (command.handler as (a: object) => Promise<void>)({ ...args({}), ...argv });
    return captured;
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

/** A backed-up database (shared), and a fresh place to write to. */
async function reading(t: ExecutionContext): Promise<{ db: string; dir: string }> {
  const dir = await tempDir(t);
  environment(t, dir);
  return { db: shared.db, dir };
}

test.serial(
  'report --out (also html): missing folders are created, an existing file needs --force',
  async (t) => {
    const { db, dir } = await reading(t);
    const file = join(dir, 'missing', 'folders', 'watch-time.csv');
    const first = await handle(reportCommand, {
      db,
      name: 'watch-time',
      format: 'csv',
      out: file,
      force: false,
      quiet: false,
    });
    t.is(first.stderr, `Wrote ${file}\n`);
    t.regex(await readFile(file, 'utf8'), /^period,plays,movie_plays,/);
    const again = await t.throwsAsync(
      handle(reportCommand, { db, name: 'watch-time', format: 'csv', out: file, force: false }),
    );
    t.is(exitCodeOf(again), ExitCode.usage);
    t.is(again?.message, `${file} exists; choose another --out or add --force to replace it.`);
    await writeFile(file, 'old');
    await handle(reportCommand, { db, name: 'watch-time', format: 'json', out: file, force: true });
    t.regex(await readFile(file, 'utf8'), /^\[\n {2}\{\n {4}"period"/);
    // --format html, and ~ in --out.
    await handle(reportCommand, {
      db,
      name: 'ratings',
      format: 'html',
      out: '~/pages/ratings.html',
      force: false,
    });
    t.regex(await readFile(join(dir, 'pages', 'ratings.html'), 'utf8'), /^<!doctype html>/i);
    const folder = await t.throwsAsync(
      handle(reportCommand, { db, name: 'ratings', format: 'csv', out: dir, force: true }),
    );
    t.is(folder?.message, `--out ${dir} is a directory; give a file name.`);
  },
);

test.serial('doctor --out refuses an existing file before it asks Trakt anything', async (t) => {
  const { dir } = await reading(t);
  const file = join(dir, 'doctor.json');
  await writeFile(file, 'an earlier report');
  sim.clearRequests();
  const error = await t.throwsAsync(
    handle(doctorCommand, { out: file, force: false, apiUrl: sim.url, clientId: sim.clientId }),
  );
  t.is(exitCodeOf(error), ExitCode.usage);
  t.is(error?.message, `${file} exists; choose another --out or add --force to replace it.`);
  t.is(sim.requests().length, 0);
  t.is(await readFile(file, 'utf8'), 'an earlier report');
});

test.serial(
  'letterboxd --out DIR writes diary.csv and watchlist.csv into it; a .csv name still works',
  async (t) => {
    const { db, dir } = await reading(t);
    const out = join(dir, 'lb');
    const result = await handle(exportCommand, { db, format: 'letterboxd', out, force: false, quiet: false });
    const diary = await readFile(join(out, 'diary.csv'), 'utf8');
    const watchlist = await readFile(join(out, 'watchlist.csv'), 'utf8');
    t.is(diary.split('\n')[0], 'Title,Year,imdbID,tmdbID,WatchedDate,Rating10,Rewatch');
    t.is(watchlist.split('\n')[0], 'Title,Year,imdbID,tmdbID');
    const rows = (text: string) => text.trimEnd().split('\n').length - 1;
    const noun = (n: number) => (n === 1 ? 'row ' : 'rows');
    t.is(
      result.stdout,
      `diary      ${String(rows(diary)).padStart(9)} ${noun(rows(diary))}  ${join(out, 'diary.csv')}\n` +
        `watchlist  ${String(rows(watchlist)).padStart(9)} ${noun(rows(watchlist))}  ${join(out, 'watchlist.csv')}\n` +
        'Exported for Letterboxd (dates in America/New_York).\n',
    );
    const again = await t.throwsAsync(handle(exportCommand, { db, format: 'letterboxd', out, force: false }));
    t.is(
      again?.message,
      `${join(out, 'diary.csv')} exists; choose another --out or add --force to replace it.`,
    );
    await handle(exportCommand, { db, format: 'letterboxd', out, force: true });
    t.deepEqual(readdirSync(out).sort(), ['diary.csv', 'watchlist.csv']);
    // A .csv name is the diary, the watchlist beside it, in a folder made for them.
    await handle(exportCommand, {
      db,
      format: 'letterboxd',
      out: join(dir, 'new', 'mine.csv'),
      force: false,
    });
    t.deepEqual(readdirSync(join(dir, 'new')).sort(), ['mine-watchlist.csv', 'mine.csv']);
    // An existing file without .csv is neither.
    await writeFile(join(dir, 'notes'), 'x');
    const file = await t.throwsAsync(
      handle(exportCommand, { db, format: 'letterboxd', out: join(dir, 'notes'), force: true }),
    );
    t.is(exitCodeOf(file), ExitCode.usage);
    t.regex(
      file?.message ?? '',
      /is a file; give a directory \(diary\.csv and watchlist\.csv go into it\) or a file name ending in \.csv\.$/,
    );
  },
);

test.serial(
  'export --out: ~ expanded, missing folders created, a folder with files refused without --force',
  async (t) => {
    const { db, dir } = await reading(t);
    const first = await handle(exportCommand, {
      db,
      format: 'csv',
      out: '~/a/b',
      tables: 'ratings',
      force: false,
      quiet: false,
    });
    const file = join(dir, 'a', 'b', 'ratings.csv');
    const rows = (await readFile(file, 'utf8')).trimEnd().split('\n').length - 1;
    t.is(first.stdout, `ratings  ${String(rows).padStart(9)} rows  ${file}\nExported 1 table as csv.\n`);
    const again = await t.throwsAsync(
      handle(exportCommand, { db, format: 'csv', out: '~/a/b', tables: 'ratings', force: false }),
    );
    t.is(exitCodeOf(again), ExitCode.usage);
    t.regex(again?.message ?? '', /is not empty; choose an empty directory or add --force/);
  },
);
