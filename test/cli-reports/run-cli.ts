import { type CliResult, cleanEnv, runCli, spawnCli } from '../helpers/cli.ts';

/**
 * The report tests' old CLI runner, kept so tests written against it still import; new tests
 * use test/helpers/cli.ts (docs/testing.md, "Running the CLI"). A run is in-process, with a
 * clean traktdb environment; one with its own working directory is a real process, since an
 * in-process run shares this process's.
 */
export type { CliResult };

export type RunCli = (args: string[], options?: { cwd?: string }) => Promise<CliResult>;

/** `concurrency` is kept for callers; in-process runs need no limit. */
export function cliRunner(_concurrency = 2): RunCli {
  return (args, options = {}) =>
    options.cwd === undefined || options.cwd === process.cwd()
      ? runCli(args, { env: cleanEnv() })
      : spawnCli(args, { cwd: options.cwd, env: cleanEnv() });
}
