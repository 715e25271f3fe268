import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { Workspace } from '../../helpers/backup.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../../bin/traktdb.js', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  startedAt: number;
  exited: Promise<Exit>;
  stderr(): string;
}

/** The environment a user would set for the simulator: nothing of this machine's own traktdb setup. */
export function cliEnv(
  ws: Workspace,
  sim: Simulator | undefined,
  extra: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(TRAKT|TRAKTDB)_/.test(name) && name !== 'XDG_CONFIG_HOME' && name !== 'NODE_OPTIONS') {
      env[name] = value;
    }
  }
  Object.assign(env, { XDG_CONFIG_HOME: ws.configHome, LANG: 'C' });
  if (sim !== undefined) {
    Object.assign(env, {
      TRAKT_API_URL: sim.url,
      TRAKT_AUTH_URL: sim.url,
      TRAKT_CLIENT_ID: sim.clientId,
      TRAKT_CLIENT_SECRET: sim.clientSecret,
      TRAKT_ACCESS_TOKEN: sim.accessToken,
    });
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** `--db`, `--archive` and a budget the simulator's compressed window allows. */
export function storageArgs(ws: Workspace): string[] {
  return ['--db', ws.db, '--archive', ws.archive, '--rate-limit', '1000/1'];
}

/** Starts `node bin/traktdb.js ...args` as a user would. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): Running {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - startedAt }),
    );
  });
  if (child.pid === undefined) throw new Error('could not spawn the traktdb CLI');
  return { child, pid: child.pid, startedAt, exited, stderr: () => stderr };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return startCli(args, env).exited;
}

/** A one-line summary of an exit for assertion messages. */
export function describeExit(exit: Exit): string {
  return `exit ${exit.code ?? exit.signal} after ${exit.ms} ms; stderr:\n${exit.stderr.slice(-2000)}`;
}
