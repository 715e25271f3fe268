import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import type { Simulator } from '../../src/simulator/index.ts';

/** The repository root: every spawn runs there, as `npx traktdb` would in a checkout. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO, 'bin', 'traktdb.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary home for one test: its own XDG_CONFIG_HOME, database and archive, removed afterwards. */
export interface Sandbox {
  dir: string;
  configHome: string;
  /** `<configHome>/traktdb`, where the token file and the config file live. */
  configDir: string;
  tokenFile: string;
  db: string;
  archive: string;
  /** The environment every spawn gets: nothing of the user's own traktdb setup. */
  env: NodeJS.ProcessEnv;
}

export async function sandbox(t: ExecutionContext, env: Record<string, string> = {}): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'traktdb-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return sandboxAt(dir, env);
}

/** A sandbox in `dir`, which need not exist for commands that write nothing (`--help`). */
export function sandboxAt(dir: string, env: Record<string, string> = {}): Sandbox {
  const configHome = join(dir, 'config');
  const configDir = join(configHome, 'traktdb');
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // Never the user's real configuration or tokens.
    if (!/^(TRAKT|TRAKTDB)_/.test(name) && name !== 'XDG_CONFIG_HOME') clean[name] = value;
  }
  return {
    dir,
    configHome,
    configDir,
    tokenFile: join(configDir, 'token.json'),
    db: join(dir, 'trakt.duckdb'),
    archive: join(dir, 'raw'),
    env: { ...clean, XDG_CONFIG_HOME: configHome, HOME: dir, LANG: 'C', ...env },
  };
}

/** The simulator's address and app credentials, as a user would export them. */
export function simEnv(sim: Simulator): Record<string, string> {
  return {
    TRAKT_API_URL: sim.url,
    TRAKT_AUTH_URL: sim.url,
    TRAKT_CLIENT_ID: sim.clientId,
    TRAKT_CLIENT_SECRET: sim.clientSecret,
  };
}

/** Runs `node bin/traktdb.js ...args` in the repository and waits for it to exit. */
export function run(box: Sandbox, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO, env: { ...box.env, ...extraEnv }, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A running traktdb whose stderr can be waited on line by line (for `auth login`). */
export interface Running {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves with the match in the first stderr line matching, as it arrives; `input` is the whole line. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<CliResult>;
}

export function start(box: Sandbox, args: string[], extraEnv: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env: { ...box.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = err
        .split('\n')
        .reduce<RegExpMatchArray | null>((found, line) => found ?? line.match(waiter.pattern), null);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    check();
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: out, stderr: err }));
  });
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no stderr line matched ${pattern} within ${timeoutMs} ms; stderr was:\n${err}`),
            ),
          timeoutMs,
        );
        const done = (m: RegExpMatchArray) => {
          clearTimeout(timer);
          resolve(m);
        };
        waiters.push({ pattern, resolve: done });
        check();
        void exited.then(() => {
          if (waiters.some((w) => w.resolve === done)) {
            clearTimeout(timer);
            reject(new Error(`traktdb exited before a stderr line matched ${pattern}; stderr was:\n${err}`));
          }
        });
      });
    },
  };
}

/** Stores a token pair the way `auth login` does, for tests that start signed in. */
export async function storeToken(
  box: Sandbox,
  tokens: { access_token: string; refresh_token: string },
  /** When it expires, in seconds from now; the pair is a week-long one issued a week before that. */
  expiresInSeconds = 7 * 86_400,
): Promise<void> {
  await mkdir(box.configDir, { recursive: true });
  const lifetime = 7 * 86_400;
  const body = {
    ...tokens,
    expires_in: lifetime,
    created_at: Math.floor(Date.now() / 1000) - lifetime + expiresInSeconds,
    token_type: 'bearer',
    scope: 'public',
  };
  await writeFile(box.tokenFile, `${JSON.stringify(body)}\n`, { mode: 0o600 });
}

/** The contract's error shape: one line on stderr, `traktdb: ` and a sentence, and no stack trace. */
export function assertOneSentence(t: ExecutionContext, stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  t.is(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  t.regex(lines[0] ?? '', /^traktdb: \S.*[.?]$/, `not one sentence: ${stderr}`);
  assertNoStack(t, stderr);
}

export function assertNoStack(t: ExecutionContext, text: string): void {
  t.false(/^ {4}at /m.test(text), `a stack trace leaked:\n${text}`);
}

/** GET /users/settings straight at the simulator with a given bearer token; returns the status. */
export async function settingsStatus(sim: Simulator, token: string): Promise<number> {
  const response = await fetch(`${sim.url}/users/settings`, {
    headers: {
      'User-Agent': 'traktdb-test',
      'trakt-api-key': sim.clientId,
      'trakt-api-version': '2',
      Authorization: `Bearer ${token}`,
    },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Runs `fn` over `items`, `width` at a time: the build machine has two cores. */
export async function eachLimited<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}
