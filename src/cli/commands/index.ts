import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-options.ts';
import { ownOptionsFirst } from '../own-options-first.ts';
import { authCommand } from './auth.ts';
import { backupCommand } from './backup.ts';
import { configCommand } from './config.ts';
import { dedupeCommand } from './dedupe.ts';
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { queryCommand } from './query.ts';
import { rebuildCommand } from './rebuild.ts';
import { reportCommand } from './report.ts';
import { restoreCommand } from './restore.ts';
import { simulatorCommand } from './simulator.ts';
import { statusCommand } from './status.ts';
import { syncCommand } from './sync.ts';
import { verifyCommand } from './verify.ts';

/** Every command, in the order `--help` lists them. */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their own argument types.
export const commands: CommandModule<GlobalArgs, any>[] = [
  authCommand,
  backupCommand,
  syncCommand,
  statusCommand,
  rebuildCommand,
  simulatorCommand,
  reportCommand,
  queryCommand,
  exportCommand,
  importCommand,
  verifyCommand,
  doctorCommand,
  restoreCommand,
  dedupeCommand,
  demoCommand,
  configCommand,
].map(ownOptionsFirst);
