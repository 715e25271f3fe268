import type { CommandModule } from 'yargs';
import { resolveConfig } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../reports/format/index.ts';
import { formatReportList, reportListRows } from '../../reports/format/list.ts';
import {
  checkReportRequest,
  OPTION_NAMES,
  OPTION_SPECS,
  openForReading,
  type RawOptions,
  REPORTS,
  runReport,
} from '../../reports/index.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';

interface ReportArgs extends GlobalArgs {
  name?: string;
  list?: boolean;
  format: OutputFormat;
  [option: string]: unknown;
}

export function terminalWidth(): number {
  return process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report [name]',
  describe: 'Run a viewing report (`report --list` names every report)',
  builder: (yargs) => {
    let y = yargs
      .positional('name', { type: 'string', describe: 'the report, e.g. watch-time, top-shows, streaks' })
      .option('list', { type: 'boolean', describe: 'list every report with its options and columns' })
      .option('format', {
        choices: OUTPUT_FORMATS,
        default: 'table' as OutputFormat,
        describe: 'output format',
      });
    // Values stay strings here so that "2024; drop table plays" is refused by
    // the report's own validation instead of being coerced by yargs.
    for (const name of OPTION_NAMES) {
      y = y.option(name, { type: 'string', describe: OPTION_SPECS[name].describe });
    }
    return y
      .example('$0 report --list', 'every report with a one-line description')
      .example('$0 report watch-time --by week --year 2024', 'plays and minutes per ISO week of 2024')
      .example('$0 report top-shows --limit 10 --format json', 'the ten shows watched longest, as JSON')
      .example('$0 report streaks --tz Europe/Berlin', 'streaks counted in Berlin days')
      .example('$0 report year-in-review --year 2024 --format markdown', 'one year in one row') as never;
  },
  handler: async (argv) => {
    if (argv.list) {
      out(
        argv.format === 'table'
          ? formatReportList(REPORTS, terminalWidth())
          : formatRows(argv.format, ['report', 'options', 'columns', 'description'], reportListRows(REPORTS)),
      );
      return;
    }
    if (argv.name === undefined || argv.name === '') {
      throw new UsageError(
        'Name a report (for example `traktdb report watch-time`) or use `traktdb report --list`.',
      );
    }
    const raw: RawOptions = {};
    for (const name of OPTION_NAMES) if (argv[name] !== undefined) raw[name] = argv[name];
    // Refuse an unknown report or a bad option before touching the database.
    checkReportRequest(argv.name, raw);
    const duck = await openForReading(resolveConfig(argv).db.value, {
      ensureModels: true,
      warn: (m) => err(`traktdb: ${m}`),
      ...(argv.quiet ? {} : { notice: (m: string) => err(`traktdb: ${m}`) }),
    });
    try {
      const result = await runReport(duck, argv.name, raw);
      out(formatRows(argv.format, result.columns, result.rows, { width: terminalWidth() }));
    } finally {
      duck.close();
    }
  },
};
