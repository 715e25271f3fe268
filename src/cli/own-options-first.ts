import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from './global-options.ts';

/**
 * A command whose `--help` lists its own options first and the global ones
 * after them. yargs prints option groups in the order they were made, and the
 * global group is made once at the top; an empty "Options:" group made first
 * thing in the command's builder takes the command's options and comes
 * before it.
 */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their own argument types.
export function ownOptionsFirst<T extends CommandModule<GlobalArgs, any>>(command: T): T {
  const builder = command.builder;
  if (typeof builder !== 'function') return command;
  return {
    ...command,
    builder: (yargs: Argv<GlobalArgs>) => builder(yargs.group([], 'Options:')),
  };
}
