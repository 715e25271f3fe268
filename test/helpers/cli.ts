import { AsyncLocalStorage } from 'node:async_hooks';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import type { ExecutionContext } from 'ava';
import type { Simulator } from '../../src/simulator/index.ts';
import type { Workspace } from './backup.ts';
import { tempDir } from './env.ts';

/**
 * The one way the tests run traktdb (docs/testing.md, "Running the CLI"):
 *
 * - `runCli` runs a command line in this process, through the same `runCli` that
 *   bin/traktdb.js calls, with its own environment, stdout and stderr. It costs
 *   milliseconds where a spawn costs about a second of CPU (tsx, yargs, DuckDB's
 *   native module), so it is the default.
 * - `spawnCli` / `startCli` start `node bin/traktdb.js` as a user would. Only for
 *   what needs a real process: its exit code as the shell sees it, signals,
 *   SIGKILL at a chosen moment, file locks between processes, EPIPE.
 */

/** The repository root: every spawn runs there, as `npx traktdb` would in a checkout. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO, 'bin', 'traktdb.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The signal that ended the process, if one did (never for an in-process run). */
  signal: NodeJS.Signals | null;
  ms: number;
}

/**
 * This machine's environment without any traktdb setup of its own (TRAKT_*, TRAKTDB_*,
 * XDG_CONFIG_HOME, NODE_OPTIONS), then `extra` (`undefined` removes a name). The config
 * home defaults to a directory that does not exist, so no user's config file or token is read.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(realEnv())) {
    if (!/^(TRAKT|TRAKTDB)_/.test(name) && name !== 'XDG_CONFIG_HOME' && name !== 'NODE_OPTIONS') {
      env[name] = value;
    }
  }
  Object.assign(env, { XDG_CONFIG_HOME: '/nonexistent-traktdb-config', LANG: 'C' });
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * The environment of a user who points traktdb at the simulator (when given) with a token in
 * TRAKT_ACCESS_TOKEN, and keeps the config in the workspace; `extra` last.
 */
export function cliEnv(
  ws: Workspace,
  sim: Simulator | undefined,
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  return cleanEnv({
    XDG_CONFIG_HOME: ws.configHome,
    ...(sim === undefined ? {} : { ...simEnv(sim), TRAKT_ACCESS_TOKEN: sim.accessToken }),
    ...extra,
  });
}

/** `--db`, `--archive` and a budget the simulator's compressed window allows. */
export function storageArgs(ws: Workspace): string[] {
  return ['--db', ws.db, '--archive', ws.archive, '--rate-limit', '1000/1'];
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

// ---------------------------------------------------------------------------------------------
// In-process runs.

/** What one in-process run sees as its process: environment, stdout, stderr. */
interface RunContext {
  env: NodeJS.ProcessEnv;
  stdout: Capture;
  stderr: Capture;
}

class Capture extends Writable {
  text = '';
  // Not a terminal, as for a spawn with piped output: no progress bars, 80 columns.
  readonly isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

const current = new AsyncLocalStorage<RunContext>();
let processEnv: NodeJS.ProcessEnv | undefined;

function realEnv(): NodeJS.ProcessEnv {
  return processEnv ?? process.env;
}

/**
 * Points `process.env`, `process.stdout`, `process.stderr` and the console at the run whose
 * async context reads them, and at the real ones everywhere else (the test itself, the
 * simulator, other tests of the file). Runs of one file overlap, so this is per async
 * context, not a swap: each run sees only its own environment and output.
 */
function installOnce(): void {
  if (processEnv !== undefined) return;
  const real = process.env;
  processEnv = real;
  const env = () => current.getStore()?.env ?? real;
  process.env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, name) => (typeof name === 'string' ? env()[name] : undefined),
    set: (_target, name, value) => {
      if (typeof name === 'string') env()[name] = String(value);
      return true;
    },
    has: (_target, name) => typeof name === 'string' && Object.hasOwn(env(), name),
    deleteProperty: (_target, name) => (typeof name === 'string' ? delete env()[name] : true),
    ownKeys: () => Object.keys(env()),
    defineProperty: (_target, name, descriptor) => {
      if (typeof name === 'string') env()[name] = String(descriptor.value);
      return true;
    },
    getOwnPropertyDescriptor: (_target, name) => {
      const values = env();
      if (typeof name !== 'string' || !Object.hasOwn(values, name)) return undefined;
      return { value: values[name], writable: true, enumerable: true, configurable: true };
    },
  });
  for (const name of ['stdout', 'stderr'] as const) {
    const original = Object.getOwnPropertyDescriptor(process, name);
    const realStream = original?.get ?? (() => original?.value);
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: original?.enumerable ?? true,
      get: () => current.getStore()?.[name] ?? realStream.call(process),
    });
  }
  // The console keeps the streams it first saw; yargs prints help through it.
  const route = (method: 'log' | 'info' | 'warn' | 'error' | 'debug', stream: 'stdout' | 'stderr') => {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const run = current.getStore();
      if (run === undefined) original(...args);
      else run[stream].write(`${format(...args)}\n`);
    };
  };
  route('log', 'stdout');
  route('info', 'stdout');
  route('debug', 'stdout');
  route('warn', 'stderr');
  route('error', 'stderr');
}

let main: Promise<typeof import('../../src/cli/main.ts')> | undefined;

/**
 * Runs `traktdb ...args` in this process, as bin/traktdb.js would in its own: the exit code
 * it would set, and everything it printed. `env` is the whole environment the run sees
 * (default: `cleanEnv()`); relative paths resolve against this process's directory, the
 * repository root, as they do for `spawnCli`.
 */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  installOnce();
  // Loaded outside any run, so the module's own setup (io.ts's EPIPE handler) binds the real stdout.
  main ??= import('../../src/cli/main.ts');
  const { runCli: run } = await main;
  const context: RunContext = {
    env: { ...(options.env ?? cleanEnv()) },
    stdout: new Capture(),
    stderr: new Capture(),
  };
  const startedAt = Date.now();
  const code = await current.run(context, () => run(args));
  return {
    code,
    stdout: context.stdout.text,
    stderr: context.stderr.text,
    signal: null,
    ms: Date.now() - startedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Real processes.

/** A running `node bin/traktdb.js`. */
export interface Running {
  child: ChildProcess;
  pid: number;
  startedAt: number;
  exited: Promise<CliResult>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the match in the first stderr line matching, as it arrives; `input` is the whole line. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export interface SpawnOptions {
  /** The whole environment (default: `cleanEnv()`). */
  env?: NodeJS.ProcessEnv;
  /** Default: the repository root. */
  cwd?: string;
}

/** Starts `node bin/traktdb.js ...args` as a user would. */
export function startCli(args: string[], options: SpawnOptions = {}): Running {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: options.env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the traktdb CLI');
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = stderr
        .split('\n')
        .reduce<RegExpMatchArray | null>((found, line) => found ?? line.match(waiter.pattern), null);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code: code ?? 1, signal, stdout, stderr, ms: Date.now() - startedAt }),
    );
  });
  return {
    child,
    pid: child.pid,
    startedAt,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no stderr line matched ${pattern} within ${timeoutMs} ms; stderr was:\n${stderr}`),
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
            reject(
              new Error(`traktdb exited before a stderr line matched ${pattern}; stderr was:\n${stderr}`),
            );
          }
        });
      });
    },
  };
}

/** Runs `node bin/traktdb.js ...args` in its own process and waits for it to exit. */
export function spawnCli(args: string[], options: SpawnOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** A one-line summary of an exit for assertion messages. */
export function describeExit(exit: CliResult): string {
  return `exit ${exit.signal ?? exit.code} after ${exit.ms} ms; stderr:\n${exit.stderr.slice(-2000)}`;
}

// ---------------------------------------------------------------------------------------------
// Sandboxes and assertions.

/** A temporary home for one test: its own config home, database and archive, removed afterwards. */
export interface Sandbox {
  dir: string;
  configHome: string;
  /** `<configHome>/traktdb`, where the token file and the config file live. */
  configDir: string;
  tokenFile: string;
  db: string;
  archive: string;
  /** The environment every run gets: nothing of the user's own traktdb setup. */
  env: NodeJS.ProcessEnv;
}

export async function sandbox(t: ExecutionContext, env: Record<string, string> = {}): Promise<Sandbox> {
  return sandboxAt(await tempDir(t, 'traktdb-cli-'), env);
}

/** A sandbox in `dir`, which need not exist for commands that write nothing (`--help`). */
export function sandboxAt(dir: string, env: Record<string, string> = {}): Sandbox {
  const configHome = join(dir, 'config');
  const configDir = join(configHome, 'traktdb');
  return {
    dir,
    configHome,
    configDir,
    tokenFile: join(configDir, 'token.json'),
    db: join(dir, 'trakt.duckdb'),
    archive: join(dir, 'raw'),
    env: cleanEnv({ XDG_CONFIG_HOME: configHome, HOME: dir, ...env }),
  };
}

/** `traktdb ...args` in the sandbox, in-process; `extraEnv` adds to the sandbox's environment. */
export function run(box: Sandbox, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { env: { ...box.env, ...extraEnv } });
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

/** Runs `fn` over `items`, `width` at a time. */
export async function eachLimited<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}
