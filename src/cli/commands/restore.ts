import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { DatabaseError, IncompleteError, InterruptedError, TraktdbError, UsageError } from '../../errors.ts';
import type { MediaLabel } from '../../load/account-state.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../reports/format/index.ts';
import type { ReportRow } from '../../reports/values.ts';
import { ROW_COLUMNS } from '../../restore/apply.ts';
import { parseAsOf, parseOnly, RESTORE_RESOURCES } from '../../restore/model.ts';
import type { RestoreReport } from '../../restore/restore.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { createWriteReporter, describeBudget } from '../write-progress.ts';
import { terminalWidth } from './report.ts';

interface RestoreArgs extends GlobalArgs {
  only?: string;
  asOf?: string;
  apply: boolean;
  batchSize?: string;
  allowOtherAccount: boolean;
  format: OutputFormat;
}

export const WRITE_RATE_OPTION = {
  type: 'string',
  requiresArg: true,
  describe:
    'write budget N/SECONDS: at most N writes in any window of SECONDS [env TRAKTDB_WRITE_RATE] (default 1/1)',
} as const;

/** restore and dedupe read a backup: they never create an empty database where none is. */
export function requireDatabase(path: string): void {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new DatabaseError(
      `there is no database at ${path}; run traktdb backup first (or point --db at one).`,
    );
  }
}

/** `--batch-size`: items per request body. */
export function parseBatchSize(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new UsageError(`--batch-size must be a whole number from 1 to 1000, not "${raw}".`);
  }
  return n;
}

export const restoreCommand: CommandModule<GlobalArgs, RestoreArgs> = {
  command: 'restore',
  describe:
    'Put back on Trakt what the backup has and the account lacks (dry run unless --apply; never removes anything)',
  builder: (yargs) =>
    yargs
      .option('only', {
        type: 'string',
        requiresArg: true,
        describe: `restore only these, comma-separated: ${RESTORE_RESOURCES.join(', ')} (default all)`,
      })
      .option('as-of', {
        type: 'string',
        requiresArg: true,
        describe: 'restore the account as it stood at this ISO 8601 instant, rebuilt from the change log',
      })
      .option('apply', {
        type: 'boolean',
        default: false,
        describe: 'write to Trakt; without it nothing is written (a dry run)',
      })
      .option('batch-size', {
        type: 'string',
        requiresArg: true,
        describe: 'items per request (default 100)',
      })
      .option('allow-other-account', {
        type: 'boolean',
        default: false,
        describe: "restore into an account that is not the backup's own (a migration)",
      })
      .option('write-rate', WRITE_RATE_OPTION)
      .option('format', {
        choices: OUTPUT_FORMATS,
        default: 'table' as OutputFormat,
        describe: 'output format of the result rows',
      })
      .example(
        '$0 restore',
        'dry run: read the account, print what would be written per resource, write nothing',
      )
      .example('$0 restore --apply', 'write it; run it again and it writes nothing')
      .example(
        '$0 restore --only history --as-of 2026-03-01T18:00:00Z --apply',
        'undo a removal: put back the plays the history had at that instant',
      )
      .example(
        '$0 restore --allow-other-account --apply',
        "migrate: restore this backup into the account signed in now, which is not the backup's",
      )
      .epilog(
        [
          'Dry run: without --apply, restore reads the account, compares it with the backup and prints one row per resource (planned, already_there, written, not_found, refused) and a sample of the items by title. It sends no write at all.',
          '',
          'What counts as missing: a play is the same movie or episode watched in the same minute (two plays of one item at different times are two plays); a rating that is missing or has another value; watchlist, favorites and collection items by type and id; your own lists by name and their items. Restore only adds: nothing on the account is removed or changed back.',
          '',
          '--as-of TIME restores the account as the database knew it at that instant, rebuilt from the change log: plays that a sync saw disappear come back with a restore as of a time before that sync.',
          '',
          "Migration guard: restoring a backup of one account into another (the signed-in profile differs from the backup's) is refused with exit 2 unless --allow-other-account is given.",
          '',
          "Writes keep to --write-rate (default 1/1, Trakt's limit of one write per second): 100,000 plays in batches of 100 take about 17 minutes, and restore says so before it starts. Each batch is recorded in the database before it is sent, so a restore that is killed and run again never adds a play twice.",
          '',
          'Exit 0 when every planned item is on the account (a dry run: when the plan was made), 4 when some were not found or refused (420: an account limit), 3 when authentication failed, 2 for bad usage or a refused migration, 1 otherwise.',
        ].join('\n'),
      ) as never,
  handler: async (argv) => {
    const only = parseOnly(argv.only);
    const asOf = argv.asOf === undefined ? undefined : parseAsOf(argv.asOf);
    const batchSize = parseBatchSize(argv.batchSize);
    const config = loadConfig(argv);
    requireDatabase(config.db.value);
    const { restore } = await import('../../restore/restore.ts');
    const { Store } = await import('../../load/store.ts');
    const reporter = createWriteReporter({
      quiet: argv.quiet,
      format: argv.logFormat,
      budget: describeBudget(config.writeRate.value),
    });
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals) =>
      controller.abort(
        new InterruptedError(
          `restore stopped by ${signal}; run it again: it writes only what is still missing.`,
        ),
      );
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const store = await Store.open(config.db.value, { memoryLimit: config.memoryLimit.value });
    let report: RestoreReport;
    try {
      report = await restore({
        config,
        store,
        clock: systemClock,
        apply: argv.apply,
        only,
        asOf,
        batchSize,
        allowOtherAccount: argv.allowOtherAccount,
        onEvent: (event) => reporter.onEvent(event),
        onHttp: (event) => reporter.onHttp(event),
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await store.close();
    }
    printReport(report, argv.format, argv.apply, argv.quiet);
    exitFor(report, argv.apply);
  },
};

function printReport(report: RestoreReport, format: OutputFormat, apply: boolean, quiet: boolean): void {
  out(formatRows(format, ROW_COLUMNS, report.rows as unknown as ReportRow[], { width: terminalWidth() }));
  // The rows are the data; the sample and the not-found list go with them in a table, else to stderr.
  const say = format === 'table' ? out : err;
  // --quiet keeps the sample out of stderr; what was not found is a problem, and is always said.
  if (!apply && report.sample.length > 0 && !(quiet && format !== 'table')) {
    say('');
    say('A sample of what --apply would write:');
    for (const line of report.sample) {
      say(
        `  ${line.resource}: ${line.item === undefined ? '' : `${name(line.label, line.item)} `}${line.detail}`,
      );
    }
  }
  if (report.notFound.length > 0) {
    say('');
    say(
      `Trakt does not know ${report.notFound.length} item${report.notFound.length === 1 ? '' : 's'} any more (merged or deleted); they were not restored:`,
    );
    for (const item of report.notFound) {
      say(
        `  ${name(item.label, item)} [${item.mediaType}; ${ids(item.label, item.traktId)}] in ${item.resources.join(', ')}`,
      );
    }
  }
}

/** The exit code a finished restore means (docs/restore.md): 0 all there, 4 some not found or refused, 1 otherwise. */
export function exitCodeFor(report: RestoreReport, apply: boolean): 0 | 1 | 4 {
  if (!apply) return 0;
  if (report.unaccounted.length > 0) return 1;
  return report.rows.some((r) => r.not_found + r.refused > 0) ? 4 : 0;
}

function exitFor(report: RestoreReport, apply: boolean): void {
  const code = exitCodeFor(report, apply);
  if (code === 1) {
    throw new TraktdbError(
      `restore wrote what it could, but ${report.unaccounted
        .map((u) => `${u.units} ${u.resource} item${u.units === 1 ? '' : 's'}`)
        .join(', ')} planned are still not on the account, and Trakt gave no reason. Run restore again.`,
    );
  }
  if (code === 4) {
    const short = report.rows.filter((r) => r.not_found + r.refused > 0);
    throw new IncompleteError(
      `restore finished, but ${short
        .map((r) =>
          [
            r.not_found > 0 ? `${r.not_found} ${r.resource} not found` : '',
            r.refused > 0 ? `${r.refused} ${r.resource} refused (account limit)` : '',
          ]
            .filter(Boolean)
            .join(', '),
        )
        .join('; ')}; everything else is on the account.`,
    );
  }
}

/** A title safe for a terminal: control characters (newlines in titles) shown, not obeyed. */
function name(label: MediaLabel | undefined, item: { mediaType: string; traktId: number }): string {
  const title = label?.title ?? `${item.mediaType} ${item.traktId}`;
  return title.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '␊' : ' '));
}

function ids(label: MediaLabel | undefined, traktId: number): string {
  const all = label?.ids ?? { trakt: traktId };
  return Object.entries(all)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
