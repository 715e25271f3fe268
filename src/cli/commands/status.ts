import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { resolveConfig } from '../../config.ts';
import { DatabaseError } from '../../errors.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';

export const statusCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'status',
  describe: 'Show the last runs, how fresh the data is, and rows per table',
  builder: (yargs) => yargs.example('$0 status', 'what the default database holds'),
  handler: async (argv) => {
    const config = resolveConfig(argv);
    if (!existsSync(config.db.value)) {
      throw new DatabaseError(
        `There is no database at ${config.db.value} yet; run \`traktdb backup\` first.`,
      );
    }
    const { Store } = await import('../../load/store.ts');
    const store = await Store.open(config.db.value, {
      readOnly: true,
      memoryLimit: config.memoryLimit.value,
    });
    try {
      const runs = await store.lastRuns(5);
      const counts = await store.tableCounts();
      out(`Database: ${config.db.value}`);
      const last = runs.find((run) => run.status === 'succeeded' || run.status === 'incomplete');
      out(
        last
          ? `Last successful pull: ${last.finishedAt} (${last.mode}, run ${last.runId})`
          : 'No successful pull yet.',
      );
      out('');
      out('Recent runs:');
      for (const run of runs) {
        out(
          `  ${String(run.runId).padStart(4)}  ${run.mode.padEnd(9)}  ${run.status.padEnd(11)}  ${run.startedAt}  ` +
            `${run.requests ?? 0} requests, ${run.rowsChanged ?? 0} rows changed${run.error ? `  (${run.error})` : ''}`,
        );
      }
      out('');
      out('Rows per table:');
      const width = Math.max(...Object.keys(counts).map((t) => t.length));
      for (const [table, count] of Object.entries(counts))
        out(`  ${table.padEnd(width)}  ${String(count).padStart(9)}`);
    } finally {
      await store.close();
    }
  },
};
