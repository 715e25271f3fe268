import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { IncompleteError, InterruptedError, UsageError } from '../../errors.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../reports/format/index.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { createReporter } from '../progress.ts';
import { createWriteReporter, describeBudget } from '../write-progress.ts';
import { terminalWidth } from './report.ts';
import { parseBatchSize, requireDatabase, WRITE_RATE_OPTION } from './restore.ts';

interface DedupeArgs extends GlobalArgs {
  windowMinutes?: string;
  apply: boolean;
  batchSize?: string;
  format: OutputFormat;
}

function parseWindow(raw: string | undefined): number {
  if (raw === undefined) return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`--window-minutes must be a whole number of 0 or more, not "${raw}".`);
  }
  return n;
}

export const dedupeCommand: CommandModule<GlobalArgs, DedupeArgs> = {
  command: 'dedupe',
  describe:
    'Remove from Trakt the plays the duplicates report flags (the later play of each pair; dry run unless --apply)',
  builder: (yargs) =>
    yargs
      .option('window-minutes', {
        type: 'string',
        requiresArg: true,
        describe:
          'a play within this many minutes after an earlier play of the same item is a duplicate (default 10)',
      })
      .option('apply', {
        type: 'boolean',
        default: false,
        describe: 'remove them on Trakt; without it nothing is written (a dry run)',
      })
      .option('batch-size', {
        type: 'string',
        requiresArg: true,
        describe: 'history ids per request (default 100)',
      })
      .option('write-rate', WRITE_RATE_OPTION)
      .option('format', {
        choices: OUTPUT_FORMATS,
        default: 'table' as OutputFormat,
        describe: 'output format',
      })
      .example('$0 dedupe', 'how many plays `report duplicates` flags; nothing is written')
      .example(
        '$0 dedupe --apply',
        'sync, remove the flagged later plays on Trakt by history id, sync again so plays matches',
      )
      .example('$0 dedupe --window-minutes 2 --apply', 'only plays within two minutes of the one before')
      .epilog(
        'The earlier play of each pair stays; only the later one, the one `report duplicates` flags, is removed, by its history id. --apply syncs first, so the pairs are judged on the account as it is now, and again after, so the database matches Trakt. Output: one row, flagged and removed. Exit 4 when some flagged plays could not be removed.',
      ) as never,
  handler: async (argv) => {
    const windowMinutes = parseWindow(argv.windowMinutes);
    const batchSize = parseBatchSize(argv.batchSize);
    const config = loadConfig(argv);
    requireDatabase(config.db.value);
    const [{ dedupe, DEDUPE_COLUMNS }, { Store }] = await Promise.all([
      import('../../restore/dedupe.ts'),
      import('../../load/store.ts'),
    ]);
    const writes = createWriteReporter({
      quiet: argv.quiet,
      format: argv.logFormat,
      budget: describeBudget(config.writeRate.value),
    });
    const reads = createReporter({
      quiet: argv.quiet,
      format: argv.logFormat,
      tty: process.stderr.isTTY === true,
    });
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals) =>
      controller.abort(new InterruptedError(`dedupe stopped by ${signal}; run it again to finish.`));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const store = await Store.open(config.db.value, { memoryLimit: config.memoryLimit.value });
    try {
      const result = await dedupe({
        config,
        store,
        clock: systemClock,
        apply: argv.apply,
        windowMinutes,
        batchSize,
        onEvent: (event) => writes.onEvent(event),
        onHttp: (event) => {
          reads.onHttp(event);
        },
        onExtract: (event) => reads.onExtract(event),
        signal: controller.signal,
      });
      reads.finish();
      const row = { flagged: result.flagged, removed: result.removed };
      out(formatRows(argv.format, DEDUPE_COLUMNS, [row], { width: terminalWidth() }));
      if (argv.apply && result.removed < result.flagged) {
        throw new IncompleteError(
          `dedupe removed ${result.removed} of ${result.flagged} flagged plays; run it again to remove the rest.`,
        );
      }
    } catch (error) {
      reads.finish();
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await store.close();
    }
  },
};
