import yargs, { type Argv } from 'yargs';
import { type ExitCode, exitCodeOf, TraktdbError, UsageError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { commands } from './commands/index.ts';
import { type GlobalArgs, globalOptions } from './global-options.ts';
import { err } from './io.ts';
import { USAGE_STRINGS, usageSentence } from './usage-message.ts';

/**
 * Runs one traktdb command line (the words after `traktdb`) and returns its exit code; it never
 * ends the process. bin/traktdb.js is this plus `process.exitCode`, so the tests can run a command
 * in-process when the process itself is not what they test (docs/testing.md).
 */
export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  try {
    await parser([...argv]).parseAsync();
    return 0;
  } catch (error) {
    return report(error, argv.includes('--verbose'));
  }
}

function report(error: unknown, verbose: boolean): ExitCode {
  if (error instanceof TraktdbError) {
    err(`traktdb: ${error.message}`);
    if (verbose) {
      if (error.detail) err(error.detail);
      if (error.cause) err(`cause: ${describeCause(error.cause)}`);
      if (error.stack) err(error.stack);
    }
  } else {
    const message = error instanceof Error ? error.message : String(error);
    err(`traktdb: unexpected error: ${message}${verbose ? '' : ' (run with --verbose for details)'}`);
    if (verbose && error instanceof Error && error.stack) err(error.stack);
  }
  return exitCodeOf(error);
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

function parser(argv: string[]): Argv<GlobalArgs> {
  const parser = yargs(argv)
    .scriptName('traktdb')
    .version(VERSION)
    .usage(
      '$0 <command> [options]\n\nOwn your Trakt.tv data: back it up into DuckDB, keep it in sync, and query it.',
    )
    .options(globalOptions)
    .group(Object.keys(globalOptions), 'Global options:')
    .demandCommand(1, 'Name a command; `traktdb --help` lists them.')
    .recommendCommands()
    .strict()
    .wrap(Math.min(100, process.stdout.columns ?? 80))
    // English always, as the rest of traktdb; bad-usage messages come as records usageSentence words.
    .locale('en')
    // @types/yargs types the values as strings; y18n also takes {one, other}, as yargs' en.json has.
    .updateStrings(USAGE_STRINGS as Record<string, string>)
    .fail((message, error) => {
      // yargs reports bad usage here (a YError from its parser, e.g. a flag without its value);
      // our own errors pass through untouched.
      if (error && error.name !== 'YError') throw error;
      const declared = commands.map((c) => String(c.command));
      throw new UsageError(usageSentence(message ?? error?.message ?? '', argv, declared));
    })
    .help()
    .alias('h', 'help')
    // After --help or --version yargs would call process.exit; the exit code is runCli's to return.
    .exitProcess(false) as unknown as Argv<GlobalArgs>;
  for (const command of commands) parser.command(command);
  return parser;
}
