import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import yargs, { type Argv } from 'yargs';
import { describeExpiry, span } from '../../src/cli/commands/auth-shared.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { lastPullLine } from '../../src/cli/commands/status.ts';
import { type GlobalArgs, globalOptions } from '../../src/cli/global-options.ts';
import { err, stampLines } from '../../src/cli/io.ts';
import { summaryLines } from '../../src/cli/run-pull.ts';
import { ExitCode, exitCodeOf, UsageError } from '../../src/errors.ts';
import { STYLES } from '../../src/html/styles.ts';
import { columnLabel, reportTable } from '../../src/html/table.ts';
import { TraktClient } from '../../src/http/client.ts';
import { TransportError } from '../../src/http/errors.ts';
import { Duck } from '../../src/load/duck.ts';
import type { SyncRunRow } from '../../src/load/store.ts';
import { REPORTS } from '../../src/reports/definitions.ts';
import { formatTable } from '../../src/reports/format/index.ts';
import { formatReportList } from '../../src/reports/format/list.ts';
import { runReadOnlyQuery } from '../../src/reports/query.ts';
import { checkReportRequest } from '../../src/reports/run-report.ts';
import { resolveTimezone } from '../../src/reports/timezone.ts';
import type { PullSummary } from '../../src/runs/pull.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { closest, editDistance } from '../../src/suggest.ts';
import { tempDir } from '../helpers/env.ts';
import { REPO } from './cli.ts';

/** Issue 18, finding 9: each polish item, in the order the issue lists them. */

function summary(counts: { requests: number; changed: number; retries: number }): PullSummary {
  return {
    runId: 7,
    status: 'succeeded',
    extract: {
      outcomes: [{ inserted: counts.changed, updated: 0, deleted: 0, skipped: false }],
      problems: [],
      incomplete: [],
    },
    requests: counts.requests,
    rateLimited: 0,
    waitedMs: 0,
    retries: counts.retries,
    seconds: 1.2,
    tableCounts: { plays: 1, ratings: 0 },
    changes: { account: counts.changed, media: 0, reranked: 0 },
  } as unknown as PullSummary;
}

test('"1 row", not "1 rows": counts are in the right number', (t) => {
  t.is(
    summaryLines('sync', summary({ requests: 1, changed: 1, retries: 1 }))[0],
    'sync run 7 succeeded in 1.2 s: 1 request, 0.0 s waiting for rate budget, 0 rate-limited (429), 1 retry; 1 resource fetched, 1 account row changed.',
  );
  t.regex(
    summaryLines('backup', summary({ requests: 2, changed: 3, retries: 0 }))[0] ?? '',
    /: 2 requests, .* 0 retries; 1 resource fetched, 3 account rows changed\.$/,
  );
});

test('"an ATTACH statement", "a DELETE statement"', async (t) => {
  const duck = await Duck.open(':memory:');
  t.teardown(() => duck.close());
  const attach = await t.throwsAsync(runReadOnlyQuery(duck, "ATTACH 'other.duckdb' AS other"), {
    instanceOf: UsageError,
  });
  t.regex(attach.message, /; this is an ATTACH statement\.$/);
  await duck.run('CREATE TABLE plays (id INTEGER)');
  const remove = await t.throwsAsync(runReadOnlyQuery(duck, 'DELETE FROM plays'));
  t.regex(remove?.message ?? '', /; this is a DELETE statement\.$/);
  const update = await t.throwsAsync(runReadOnlyQuery(duck, 'UPDATE plays SET id = 1'));
  t.regex(update?.message ?? '', /; this is an UPDATE statement\.$/);
});

test('auth status: a token valid for 7 days is "in 7 days", and durations round to the nearest unit', (t) => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  // Checked a minute after login.
  t.is(describeExpiry(now + 7 * 86_400_000 - 60_000, now), '2026-05-08 11:59 UTC (in 7 days)');
  t.is(describeExpiry(now - 3 * 3_600_000, now), '2026-05-01 09:00 UTC (expired 3 hours ago)');
  t.is(span(59.6 * 60_000), '1 hour');
  t.is(span(23 * 3_600_000 + 50 * 60_000), '1 day');
  t.is(span(36 * 3_600_000), '2 days');
  t.is(span(90_000), '2 minutes');
  t.is(span(61_000), '1 minute');
  t.is(span(400), 'less than a second');
});

test('did you mean: report names and time zones', async (t) => {
  const report = t.throws(() => checkReportRequest('top-show'), { instanceOf: UsageError });
  t.regex(
    report.message,
    /^There is no report named "top-show" \(did you mean top-shows\?\); choose one of /,
  );
  t.regex(t.throws(() => checkReportRequest('watchtime'))?.message ?? '', /\(did you mean watch-time\?\)/);
  t.false((t.throws(() => checkReportRequest('zzz'))?.message ?? '').includes('did you mean'));
  const duck = await Duck.open(':memory:');
  t.teardown(() => duck.close());
  const zone = await t.throwsAsync(resolveTimezone(duck, 'europe/berlin'), { instanceOf: UsageError });
  t.is(exitCodeOf(zone), ExitCode.usage);
  t.is(
    zone.message,
    '--tz "europe/berlin" is not a known time zone (did you mean Europe/Berlin?); use an IANA name such as America/New_York or UTC.',
  );
  t.regex(
    (await t.throwsAsync(resolveTimezone(duck, 'Europe/Berln')))?.message ?? '',
    /did you mean Europe\/Berlin\?/,
  );
  t.is(closest('ratelimit', ['rateLimit', 'writeRate']), 'rateLimit');
  t.is(closest('concurency', ['concurrency', 'db']), 'concurrency');
  t.is(closest('colour', ['concurrency', 'db', 'user']), undefined);
  t.is(editDistance('wacth', 'watch'), 1);
});

test("report --list shows every report's columns", (t) => {
  const text = formatReportList(REPORTS, 80);
  for (const report of REPORTS) {
    const columns = text
      .slice(text.indexOf(`${report.name} `))
      .match(/columns: ([^\n]+(?:\n {18,}[^\n]+)*)/)?.[1];
    t.truthy(columns, report.name);
    t.is(columns?.replace(/\s+/g, ' '), report.columns.join(', '), report.name);
  }
});

/** `traktdb ARGS --help`, from the same commands and options as bin/traktdb.js. */
async function help(args: string[]): Promise<string> {
  const parser = yargs(args)
    .scriptName('traktdb')
    .options(globalOptions)
    .group(Object.keys(globalOptions), 'Global options:')
    .exitProcess(false)
    .help()
    .wrap(100) as unknown as Argv<GlobalArgs>;
  for (const command of commands) parser.command(command);
  return new Promise((resolve) => {
    void parser.parse(args, {}, (_error, _argv, output) => resolve(output));
  });
}

test("a command's --help lists its own options before the global ones; simulator --help has no --db", async (t) => {
  const sync = await help(['sync', '--help']);
  const own = sync.indexOf('Options:');
  const global = sync.indexOf('Global options:');
  t.true(own > 0 && global > own, sync);
  t.true(sync.indexOf('--every') < global);
  t.true(sync.indexOf('--db') > global);
  const login = await help(['auth', 'login', '--help']);
  t.true(login.indexOf('Options:') < login.indexOf('Global options:'), login);
  const simulator = await help(['simulator', '--help']);
  t.regex(simulator, /--profile/);
  t.regex(simulator, /--rate-limit/);
  for (const ignored of ['--db', '--archive', '--api-url', '--client-id', '--concurrency']) {
    t.false(simulator.includes(ignored), `${ignored} in:\n${simulator}`);
  }
});

test('query headers that are expressions stay whole; report columns still wrap at underscores', (t) => {
  const query = formatTable(['count_star()', 'sum(minutes)'], [{ 'count_star()': 3, 'sum(minutes)': 120 }]);
  t.is(query.split('\n')[0], 'count_star()  sum(minutes)');
  const report = formatTable(['episode_plays'], [{ episode_plays: 1 }]);
  t.deepEqual(report.split('\n').slice(0, 2), ['episode', '  plays']);
});

test('sync --every: its text lines start with the time, and a run that changed nothing is one line', (t) => {
  t.deepEqual(summaryLines('sync', summary({ requests: 1, changed: 0, retries: 0 }), { scheduled: true }), [
    'sync run 7 succeeded in 1.2 s: 1 request, 0.0 s waiting for rate budget, 0 rate-limited (429), 0 retries; 1 resource fetched, 0 account rows changed.',
  ]);
  const changed = summaryLines('sync', summary({ requests: 3, changed: 2, retries: 0 }), { scheduled: true });
  t.deepEqual(changed.slice(1), ['', '  plays            1', '  ratings          0']);
  t.is(
    summaryLines('sync', summary({ requests: 1, changed: 0, retries: 0 })).length,
    4,
    'a single sync keeps its table',
  );
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    stampLines(() => Date.parse('2026-05-01T12:00:03.456Z'));
    err('Next sync at 2026-05-01T18:00:00.000Z.');
    err('line one\n\nline two');
  } finally {
    stampLines(undefined);
    process.stderr.write = write;
  }
  t.deepEqual(written, [
    '2026-05-01T12:00:03Z Next sync at 2026-05-01T18:00:00.000Z.\n',
    '2026-05-01T12:00:03Z line one\n\n2026-05-01T12:00:03Z line two\n',
  ]);
});

function output(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(t: ExecutionContext, what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) t.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('Ctrl-C between scheduled runs exits 0 through npx too (which sends it twice), the way docs/sync.md says to run it', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 9 });
  t.teardown(() => sim.close());
  const home = await tempDir(t);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TRAKT|TRAKTDB|npm)_/i.test(name) && name !== 'XDG_CONFIG_HOME') env[name] = value;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    TRAKT_API_URL: sim.url,
    TRAKT_AUTH_URL: sim.url,
    TRAKT_CLIENT_ID: sim.clientId,
    TRAKT_ACCESS_TOKEN: sim.accessToken,
    // npm runs a bin through `sh -c`; dash dies of the Ctrl-C its child survived, and npm re-raises it (130).
    npm_config_script_shell: 'bash',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  });
  // A terminal sends Ctrl-C to its whole foreground process group: npm, its shell and traktdb.
  const child = spawn(
    'npx',
    ['traktdb', 'sync', '--every', '1h', '--db', join(home, 't.duckdb'), '--archive', join(home, 'raw')],
    { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run = output(child);
  await until(t, 'the first sync to finish', () => /Next sync at/.test(run.stderr()));
  process.kill(-(child.pid ?? 0), 'SIGINT');
  const exit = await run.exited;
  t.deepEqual(exit, { code: 0, signal: null }, run.stderr());
  t.regex(run.stdout(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ sync run 1 succeeded in /);
});

test('an unknown host is one sentence after one attempt, exit 1, not six tries over 15 seconds', async (t) => {
  let calls = 0;
  const slept: number[] = [];
  const client = new TraktClient({
    apiUrl: 'https://api.trakt.invalid',
    authUrl: 'https://auth.trakt.invalid',
    clientId: 'the-app',
    fetch: async () => {
      calls += 1;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.trakt.invalid'), { code: 'ENOTFOUND' }),
      });
    },
    retryBaseMs: 1000,
    // Every back-off wait goes through the clock: recorded here rather than timed on the wall
    // clock, which a busy machine stretches past any bound.
    clock: { now: () => Date.now(), sleep: async (ms) => void slept.push(ms) },
  });
  const error = await t.throwsAsync(client.get('/users/settings'), { instanceOf: TransportError });
  t.is(calls, 1);
  t.deepEqual(slept, [], 'no back-off wait before giving up');
  t.is(exitCodeOf(error), ExitCode.failure);
  t.is(
    error.message,
    'GET /users/settings failed: the host name is unknown (ENOTFOUND). Check the network connection and --api-url, then try again.',
  );
});

test('HTML tables: headers for people, timestamps that never wrap', (t) => {
  const html = reportTable(
    ['show_trakt_id', 'title', 'first_watched_at', 'imdb_id'],
    [{ show_trakt_id: 5, title: 'Severance', first_watched_at: '2024-03-01T20:15:09.000Z', imdb_id: 'tt1' }],
  );
  t.regex(html, /<th scope="col" title="show_trakt_id">Show Trakt ID<\/th>/);
  t.regex(html, /<th scope="col" title="first_watched_at">First watched at<\/th>/);
  t.regex(
    html,
    /<td class="when"><time datetime="2024-03-01T20:15:09\.000Z">2024-03-01 20:15 UTC<\/time><\/td>/,
  );
  t.regex(STYLES, /td\.when \{ white-space: nowrap;/);
  t.is(columnLabel('imdb_id'), 'IMDb ID');
  t.is(columnLabel('busiest_day_plays'), 'Busiest day plays');
});

function runRow(runId: number, status: string, finishedAt: string | null, mode = 'sync'): SyncRunRow {
  return {
    runId,
    mode,
    startedAt: finishedAt,
    finishedAt,
    status,
    requests: 1,
    rateLimited: 0,
    rowsChanged: 0,
    error: null,
    waitedMs: 0,
    incompleteResources: [],
    unavailableResources: [],
  };
}

test('status: the last successful pull with its age', (t) => {
  const now = Date.parse('2026-05-01T14:05:00Z');
  t.is(
    lastPullLine(
      [runRow(13, 'failed', '2026-05-01T14:00:00.000Z'), runRow(12, 'succeeded', '2026-05-01T12:00:00.000Z')],
      now,
    ),
    'Last successful pull: 2026-05-01 12:00 UTC (2 hours ago; sync, run 12)',
  );
  t.is(
    lastPullLine([runRow(3, 'incomplete', '2026-05-01T14:04:30.000Z', 'backup')], now),
    'Last successful pull: 2026-05-01 14:04 UTC (just now; backup, run 3, incomplete)',
  );
  t.is(lastPullLine([runRow(1, 'failed', '2026-05-01T14:00:00.000Z')], now), 'No successful pull yet.');
});

test('traktdb simulator says how to approve a device code, and the approve route answers with a body', async (t) => {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'traktdb.js'), 'simulator', '--profile', 'tiny'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = output(child);
  t.teardown(() => child.kill('SIGINT'));
  await until(t, 'the simulator to start', () => /Press Ctrl-C/.test(run.stderr()));
  const curl = /^ {2}curl -X POST -d '\{"user_code":"CODE"\}' (http:\/\/\S+\/_sim\/device\/approve)$/m.exec(
    run.stdout(),
  );
  t.truthy(curl, run.stdout());
  const url = curl?.[1] ?? '';
  const base = url.replace(/\/_sim\/device\/approve$/, '');
  const clientId = /TRAKT_CLIENT_ID=(\S+)/.exec(run.stdout())?.[1];
  const code = (await (
    await fetch(`${base}/oauth/device/code`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: clientId }),
    })
  ).json()) as { user_code: string };
  const approved = await fetch(url, { method: 'POST', body: JSON.stringify({ user_code: code.user_code }) });
  t.is(approved.status, 200);
  t.deepEqual(await approved.json(), {
    user_code: code.user_code,
    state: 'approved',
    message: 'Approved: the next poll of POST /oauth/device/token answers with a token.',
  });
  child.kill('SIGINT');
  t.is((await run.exited).code, 0);
});
