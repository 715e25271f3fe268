import {
  type CliResult,
  describeExit as describe,
  type Running as RunningCli,
  startCli as start,
} from '../../helpers/cli.ts';

/**
 * The crash tests' old CLI helper, kept so tests written against it still import; new tests use
 * test/helpers/cli.ts (docs/testing.md, "Running the CLI"). These run real processes, as the
 * crash trials need: `code` is null when a signal ended the process.
 */
export { cliEnv, storageArgs } from '../../helpers/cli.ts';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Running {
  child: RunningCli['child'];
  pid: number;
  startedAt: number;
  exited: Promise<Exit>;
  stderr(): string;
}

function asExit(result: CliResult): Exit {
  return { ...result, code: result.signal === null ? result.code : null };
}

/** Starts `node bin/traktdb.js ...args` as a user would. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): Running {
  const running = start(args, { env });
  return {
    child: running.child,
    pid: running.pid,
    startedAt: running.startedAt,
    exited: running.exited.then(asExit),
    stderr: running.stderr,
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return startCli(args, env).exited;
}

/** A one-line summary of an exit for assertion messages. */
export function describeExit(exit: Exit): string {
  return describe({ ...exit, code: exit.code ?? 1 });
}
