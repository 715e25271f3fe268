import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/traktdb.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunCli = (args: string[], options?: { cwd?: string }) => Promise<CliResult>;

/**
 * Runs `node bin/traktdb.js ...args` as a user would, with a clean traktdb
 * environment. At most `concurrency` processes run at once: ava starts every
 * test of a file together, and two dozen Node processes compiling
 * TypeScript at once on a shared 2-core machine only slow each other down.
 */
export function cliRunner(concurrency = 2): RunCli {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async (args, options = {}) => {
    await acquire();
    try {
      return await spawnCli(args, options.cwd ?? process.cwd());
    } finally {
      release();
    }
  };
}

function spawnCli(args: string[], cwd: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: '/nonexistent-traktdb-config' };
  for (const name of ['TRAKTDB_DB', 'TRAKT_API_URL', 'TRAKT_ACCESS_TOKEN', 'TRAKTDB_USER']) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
