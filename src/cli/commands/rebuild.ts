import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import type { RebuildSummary } from '../../runs/rebuild.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { count } from '../plural.ts';
import { createReporter } from '../progress.ts';
import { changesText } from '../run-numbers.ts';

/** `1-4, 7`: run ids as ranges. */
export function idRanges(ids: readonly number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const id of ids) {
    if (start !== undefined && prev !== undefined && id === prev + 1) {
      prev = id;
      continue;
    }
    if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = id;
    prev = id;
  }
  if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
  return parts.join(', ');
}

export const rebuildCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'rebuild',
  describe: 'Recreate the database from the raw archive alone (no network)',
  builder: (yargs) =>
    yargs
      .example('$0 rebuild', 'rebuild data/trakt.duckdb from data/raw')
      .example(
        '$0 rebuild --archive /backups/trakt/raw --db /tmp/restored.duckdb',
        'restore a copy elsewhere',
      ),
  handler: async (argv) => {
    const config = loadConfig(argv);
    if (!existsSync(config.archive.value)) {
      throw new UsageError(
        `There is no archive at ${config.archive.value}; point --archive at the raw archive to rebuild from.`,
      );
    }
    const reporter = createReporter({
      quiet: argv.quiet,
      format: argv.logFormat,
      tty: process.stderr.isTTY === true,
    });
    // Build beside the target and swap it in only when complete: a failed rebuild leaves the old database.
    const target = config.db.value;
    const [{ rebuild }, { copyPathFor, lockTarget, removeDeadCopies, swapIn }, { Store }] = await Promise.all(
      [
        import('../../runs/rebuild.ts'),
        import('../../load/replace-database.ts'),
        import('../../load/store.ts'),
      ],
    );
    await removeDeadCopies(target);
    const lock = await lockTarget(target);
    const copy = copyPathFor(target);
    let summary: RebuildSummary;
    try {
      const store = await Store.open(copy, { memoryLimit: config.memoryLimit.value });
      try {
        summary = await rebuild({
          archive: config.archive.value,
          store,
          now: () => new Date().toISOString(),
          emit: (event) => reporter.onExtract(event),
        });
      } finally {
        await store.close();
      }
      await swapIn(copy, target, lock);
    } catch (error) {
      lock?.close();
      await rm(copy, { force: true });
      await rm(`${copy}.wal`, { force: true });
      throw error;
    } finally {
      reporter.finish();
    }
    if (!argv.quiet) {
      out(
        `Rebuilt ${target} from ${count(summary.runs, 'archived run')}: ${count(summary.loads, 'load')}, ${count(summary.files, 'file')}, ${count(summary.rows, 'row')}; ${changesText(summary.changes)}.`,
      );
      // Said plainly (docs/sync.md "Rebuild and the run history"): the rebuilt database's ledger
      // starts with this run; the runs it replayed are named in it, not recreated one by one.
      out(
        `The run history starts again with this rebuild (run ${summary.runId}); it replayed archived ${
          summary.replayed.length === 1 ? 'run' : 'runs'
        } ${idRanges(summary.replayed)}, named in sync_runs.replayed_runs and shown by \`traktdb status\`.`,
      );
    }
  },
};
