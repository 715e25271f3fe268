import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { CronExpressionParser } from 'cron-parser';
import { preflight } from '../../src/cli/preflight.ts';
import { systemClock } from '../../src/clock.ts';
import { resolveConfig } from '../../src/config.ts';
import { ExitCode, exitCodeOf } from '../../src/errors.ts';
import { saveAppCredentials } from '../../src/http/app-credentials.ts';
import { MissingCredentialsError } from '../../src/http/errors.ts';
import { Duck } from '../../src/load/duck.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { tempDir } from '../helpers/env.ts';
import { REPO } from './cli.ts';

/**
 * docs/sync.md, "Scheduling": its cron line, its systemd timer's service and its
 * `sync --every` service, each run exactly as written (the checkout's path for
 * /path/to/traktdb, this test's node for /usr/bin/node) in an environment as
 * empty as cron's or systemd's, after the one interactive step the page asks
 * for: the config file it gives and an `auth login` with the app's credentials
 * in the environment. Nothing else is set: the runs find the client id and the
 * secret where `auth login` stored them, and the first one must refresh an
 * expired token with them.
 */

const CHECKOUT = REPO.replace(/\/+$/, '');
const BIN = join(CHECKOUT, 'bin', 'traktdb.js');
const SYNC_MD = readFileSync(join(CHECKOUT, 'docs', 'sync.md'), 'utf8');
/** What cron gives a job (Debian's cron: PATH=/usr/bin:/bin, SHELL=/bin/sh, HOME and LOGNAME). */
const CRON_PATH = '/usr/bin:/bin';
/** systemd's own PATH for the units it starts (systemd.exec(5), "Environment variables in spawned processes"). */
const SYSTEMD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function blocks(lang: string): string[] {
  return [...SYNC_MD.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');
}

/** The page's placeholders, as a reader fills them in. */
function asWritten(text: string): string {
  return text.replaceAll('/path/to/traktdb', CHECKOUT).replaceAll('/usr/bin/node', process.execPath);
}

function execStart(unit: string): string[] {
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  if (line === undefined) throw new Error(`no ExecStart in:\n${unit}`);
  return asWritten(line.slice('ExecStart='.length)).trim().split(/\s+/);
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function started(child: ChildProcess): {
  child: ChildProcess;
  exited: Promise<Exit>;
  stderr: () => string;
  stdout: () => string;
} {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited, stderr: () => stderr, stdout: () => stdout };
}

async function until(t: ExecutionContext, what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) t.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runs(db: string): Promise<{ mode: string; status: string }[]> {
  const duck = await Duck.open(db, { readOnly: true });
  try {
    return await duck.all<{ mode: string; status: string }>(
      'SELECT mode, status FROM sync_runs ORDER BY run_id',
    );
  } finally {
    duck.close();
  }
}

async function signIn(t: ExecutionContext, sim: Simulator, home: string): Promise<void> {
  // The page's one interactive step: its config file (the simulator's address added), then auth login.
  const once = blocks('sh').find((b) => b.includes('auth login'));
  const json = /echo '(\{.*\})' > ~\/\.config\/traktdb\/traktdb\.config\.json/.exec(once ?? '')?.[1];
  if (json === undefined) throw new Error('docs/sync.md lost its config file line');
  const configDir = join(home, '.config', 'traktdb');
  await mkdir(configDir, { recursive: true });
  await writeFile(
    join(configDir, 'traktdb.config.json'),
    JSON.stringify({ ...JSON.parse(json), apiUrl: sim.url, authUrl: sim.url }),
  );
  const login = started(
    spawn(process.execPath, [BIN, 'auth', 'login', '--log-format', 'json'], {
      cwd: CHECKOUT,
      env: {
        HOME: home,
        PATH: CRON_PATH,
        TRAKT_CLIENT_ID: sim.clientId,
        TRAKT_CLIENT_SECRET: sim.clientSecret,
      },
    }),
  );
  await until(t, 'the device code', () => login.stderr().includes('"type":"device-code"'));
  const code = /"user_code":"([^"]+)"/.exec(login.stderr())?.[1] ?? '';
  t.true(sim.device.approve(code));
  const done = await login.exited;
  t.is(done.code, 0, done.stderr);
}

test('the cron, systemd timer and sync --every recipes of docs/sync.md run as written with no environment', async (t) => {
  const sim = await startSimulator({ profile: 'tiny', seed: 18, deviceIntervalSeconds: 1 });
  t.teardown(() => sim.close());
  const home = await tempDir(t, 'traktdb-home-');
  await signIn(t, sim, home);

  // auth login stored the app's credentials next to the token, both readable by their owner only.
  const configDir = join(home, '.config', 'traktdb');
  for (const file of ['token.json', 'credentials.json']) {
    t.is((await stat(join(configDir, file))).mode & 0o777, 0o600, file);
  }
  t.deepEqual(JSON.parse(await readFile(join(configDir, 'credentials.json'), 'utf8')), {
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  // A week later: the access token has expired, so the first scheduled run must refresh it.
  const tokenFile = join(configDir, 'token.json');
  const token = JSON.parse(await readFile(tokenFile, 'utf8')) as Record<string, number | string>;
  await writeFile(
    tokenFile,
    JSON.stringify({ ...token, created_at: Number(token['created_at']) - Number(token['expires_in']) - 60 }),
  );

  // cron: the schedule line's command, through /bin/sh -c, in cron's environment, from $HOME.
  const [crontab] = blocks('cron');
  const line = (crontab ?? '').split('\n').find((l) => /^[\d*]/.test(l)) ?? '';
  const [, schedule, command] = /^((?:\S+\s+){4}\S+)\s+(.*)$/.exec(line) ?? [];
  t.is(schedule, '0 */6 * * *');
  t.is(
    CronExpressionParser.parse(schedule ?? '', { currentDate: new Date('2026-05-01T01:00:00Z'), tz: 'UTC' })
      .next()
      .toISOString(),
    '2026-05-01T06:00:00.000Z',
  );
  const cron = await started(
    spawn(
      '/usr/bin/env',
      [
        '-i',
        `HOME=${home}`,
        'LOGNAME=traktdb',
        'SHELL=/bin/sh',
        `PATH=${CRON_PATH}`,
        '/bin/sh',
        '-c',
        asWritten(command ?? ''),
      ],
      { cwd: home },
    ),
  ).exited;
  t.is(cron.code, 0, cron.stderr);
  t.is(cron.stdout + cron.stderr, '', '--quiet: cron mails nothing when all is well');
  const db = join(home, 'trakt', 'trakt.duckdb');
  t.deepEqual(await runs(db), [{ mode: 'sync', status: 'succeeded' }]);
  t.true(existsSync(join(home, 'trakt', 'raw')));
  t.false(existsSync(join(home, '~')), 'the ~ of the config file was expanded');
  const refreshed = JSON.parse(await readFile(tokenFile, 'utf8')) as Record<string, unknown>;
  t.not(
    refreshed['access_token'],
    token['access_token'],
    'the expired token was refreshed with the stored secret',
  );
  t.is(sim.requests().filter((r) => r.method === 'POST' && r.path === '/oauth/token').length, 1);

  // The systemd timer's service: ExecStart as systemd runs it, no shell, systemd's PATH, from $HOME.
  const units = blocks('ini');
  const timer = units.find((u) => u.includes('[Timer]')) ?? '';
  t.regex(timer, /^OnCalendar=0\/6:00$/m);
  const oneshot = execStart(units.find((u) => u.includes('Type=oneshot')) ?? '');
  const systemd = await started(
    spawn(oneshot[0] ?? '', oneshot.slice(1), { cwd: home, env: { HOME: home, PATH: SYSTEMD_PATH } }),
  ).exited;
  t.is(systemd.code, 0, systemd.stderr);
  t.is(systemd.stdout + systemd.stderr, '');
  t.deepEqual(
    (await runs(db)).map((r) => r.status),
    ['succeeded', 'succeeded'],
  );

  // sync --every as a service: one run, its lines stamped with the time, then a stop between runs: exit 0.
  const every = execStart(units.find((u) => u.includes('--every')) ?? '');
  t.true(every.includes('--every'));
  const service = started(
    spawn(every[0] ?? '', every.slice(1), { cwd: home, env: { HOME: home, PATH: SYSTEMD_PATH } }),
  );
  await until(t, 'the next sync to be scheduled', () => /Next sync at/.test(service.stderr()));
  service.child.kill('SIGTERM');
  const stop = await service.exited;
  t.is(stop.code, 0, stop.stderr);
  const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /;
  const lines = stop.stdout.trimEnd().split('\n');
  t.is(lines.length, 1, `nothing changed since the last run: one line, no table\n${stop.stdout}`);
  t.regex(lines[0] ?? '', new RegExp(`${stamp.source}sync run 3 succeeded in `));
  t.regex(stop.stderr, new RegExp(`${stamp.source}Next sync at `, 'm'));
  t.is((await runs(db)).length, 3);
});

/** A config directory of its own, and what resolveConfig makes of it with `flags`. */
async function configIn(
  t: ExecutionContext,
  flags: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  const dir = await tempDir(t);
  const fullEnv = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), ...env };
  const configDir = join(dir, 'config', 'traktdb');
  await mkdir(configDir, { recursive: true });
  return { dir, configDir, env: fullEnv, resolve: () => resolveConfig(flags, fullEnv) };
}

/** A token pair as `auth login` stores it, expiring `expiresInSeconds` from now (negative: expired). */
async function storedToken(configDir: string, expiresInSeconds: number): Promise<void> {
  const lifetime = 7 * 86_400;
  await writeFile(
    join(configDir, 'token.json'),
    JSON.stringify({
      access_token: 'a'.repeat(32),
      refresh_token: 'r'.repeat(32),
      expires_in: lifetime,
      created_at: Math.floor(Date.now() / 1000) - lifetime + expiresInSeconds,
      token_type: 'bearer',
      scope: 'public',
    }),
    { mode: 0o600 },
  );
}

test('missing app credentials are exit 3 at every step, each with one sentence saying what to run', async (t) => {
  const noId = await configIn(t);
  const first = await t.throwsAsync(preflight(noId.resolve(), { clock: systemClock }), {
    instanceOf: MissingCredentialsError,
  });
  t.is(exitCodeOf(first), ExitCode.auth);
  t.is(
    first.message,
    'No Trakt client id: run `traktdb auth login` once with TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET set (it stores both for later runs), or set TRAKT_CLIENT_ID (--client-id).',
  );
  // The run days later whose token has expired: the refresh needs the secret (exit 2 before).
  const noSecret = await configIn(t, { clientId: 'the-app' });
  await storedToken(noSecret.configDir, -60);
  const refresh = await t.throwsAsync(preflight(noSecret.resolve(), { clock: systemClock }));
  t.is(exitCodeOf(refresh), ExitCode.auth);
  t.is(
    refresh?.message,
    'No Trakt client secret (needed to refresh the expired token): run `traktdb auth login` once with TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET set (it stores both for later runs), or set TRAKT_CLIENT_SECRET.',
  );
  // auth login itself names what it lacks.
  const { authLoginCommand } = await import('../../src/cli/commands/auth-login.ts');
  const saved = { ...process.env };
  t.teardown(() => {
    process.env = saved;
  });
  for (const name of Object.keys(process.env)) if (/^TRAKT/.test(name)) delete process.env[name];
  process.env['XDG_CONFIG_HOME'] = join(noId.dir, 'config');
  const login = await t.throwsAsync(
    (authLoginCommand.handler as (argv: object) => Promise<void>)({
      quiet: true,
      logFormat: 'text',
      clientId: 'x',
    }),
  );
  t.is(exitCodeOf(login), ExitCode.auth);
  t.is(
    login?.message,
    "`traktdb auth login` needs your Trakt API app's client secret: set TRAKT_CLIENT_ID (or --client-id) and TRAKT_CLIENT_SECRET, then run it again; it stores both next to the token for later runs.",
  );
});

test('what auth login stored is used when nothing else gives the credentials, and says where it came from', async (t) => {
  const box = await configIn(t);
  await saveAppCredentials(box.configDir, {
    client_id: 'stored-id',
    client_secret: 'stored-secret-0123456789',
  });
  const config = box.resolve();
  t.deepEqual(config.clientId, {
    value: 'stored-id',
    source: 'login',
    from: '`traktdb auth login`, credentials.json',
  });
  t.is(config.clientSecret.value, 'stored-secret-0123456789');
  t.is((await stat(join(box.configDir, 'credentials.json'))).mode & 0o777, 0o600);
  // The environment still wins, as everywhere.
  const env = resolveConfig({}, { ...box.env, TRAKT_CLIENT_ID: 'env-id' });
  t.deepEqual([env.clientId.value, env.clientId.source], ['env-id', 'env']);
  // A damaged file is no credentials, not a crash of every command.
  await writeFile(join(box.configDir, 'credentials.json'), '{not json');
  t.is(box.resolve().clientId.value, undefined);
});

test('a config file holding the secret warns while others can read it; unknown keys warn with the key meant', async (t) => {
  const box = await configIn(t);
  const file = join(box.configDir, 'traktdb.config.json');
  await writeFile(file, JSON.stringify({ clientSecret: 's3cret', ratelimit: '100/60', colour: 'blue' }));
  await chmod(file, 0o644);
  t.deepEqual(box.resolve().warnings, [
    'traktdb.config.json has the unknown key "ratelimit" (did you mean "rateLimit"?); it is ignored.',
    'traktdb.config.json has the unknown key "colour"; it is ignored.',
    `${file} holds "clientSecret" and others can read it (mode 0644); run \`chmod 600 ${file}\`, or remove the key and let \`traktdb auth login\` store it in credentials.json (mode 0600).`,
  ]);
  await chmod(file, 0o600);
  t.is(box.resolve().warnings.length, 2);
  // Printed once per process on stderr (sync --every resolves the configuration for every run), never with --quiet.
  const { loadConfig } = await import('../../src/cli/load-config.ts');
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    loadConfig({ quiet: true }, box.env);
    loadConfig({}, box.env);
    loadConfig({}, box.env);
  } finally {
    process.stderr.write = write;
  }
  t.deepEqual(written, [
    'traktdb: warning: traktdb.config.json has the unknown key "ratelimit" (did you mean "rateLimit"?); it is ignored.\n',
    'traktdb: warning: traktdb.config.json has the unknown key "colour"; it is ignored.\n',
  ]);
});
