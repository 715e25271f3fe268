import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-options.ts';
import { simulatorCommand } from './simulator.ts';

/** Every command, in the order `--help` lists them. */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their own argument types.
export const commands: CommandModule<GlobalArgs, any>[] = [simulatorCommand];
