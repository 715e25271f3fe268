import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import { REPORTS } from '../../reports/definitions.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../reports/format/index.ts';
import { formatReportList, reportListRows } from '../../reports/format/list.ts';
import { OPTION_NAMES, OPTION_SPECS, type RawOptions } from '../../reports/options.ts';
import { checkReportRequest, emptyDatabaseNote, runReport } from '../../reports/run-report.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { lazyOpenForReading } from '../lazy-open-for-reading.ts';
import { loadConfig } from '../load-config.ts';
import { prepareOutFile, writeOutFile } from '../out-file.ts';

type ReportFormat = OutputFormat | 'html';

interface ReportArgs extends GlobalArgs {
  name?: string;
  list?: boolean;
  format: ReportFormat;
  out?: string;
  force: boolean;
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
        choices: [...OUTPUT_FORMATS, 'html'] as readonly ReportFormat[],
        default: 'table' as ReportFormat,
        describe: 'output format; html is a self-contained page with charts',
      })
      .option('out', {
        type: 'string',
        requiresArg: true,
        describe: 'write to this file instead of stdout (html: the page); missing folders are created',
      })
      .option('force', { type: 'boolean', default: false, describe: 'replace the --out file if it exists' });
    // Values stay strings here so that "2024; drop table plays" is refused by
    // the report's own validation instead of being coerced by yargs.
    for (const name of OPTION_NAMES) {
      y = y.option(name, { type: 'string', describe: OPTION_SPECS[name].describe });
    }
    return y
      .example('$0 report --list', 'every report with a one-line description')
      .example(
        '$0 report year-in-review --year 2024 --format html --out yir-2024.html',
        'a page of charts for 2024 that opens offline',
      )
      .example('$0 report watch-time --by week --year 2024', 'plays and minutes per ISO week of 2024')
      .example('$0 report top-shows --limit 10 --format json', 'the ten shows watched longest, as JSON')
      .example('$0 report streaks --tz Europe/Berlin', 'streaks counted in Berlin days')
      .example('$0 report year-in-review --year 2024 --format markdown', 'one year in one row') as never;
  },
  handler: async (argv) => {
    if (argv.list) {
      if (argv.format === 'html')
        throw new UsageError('`report --list` prints table, json, csv or markdown, not html.');
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
    const outFile =
      argv.out === undefined ? undefined : await prepareOutFile(argv.out, { force: argv.force });
    const config = loadConfig(argv);
    const duck = await lazyOpenForReading(config.db.value, {
      memoryLimit: config.memoryLimit.value,
      ensureModels: true,
      warn: (m) => err(`traktdb: ${m}`),
      ...(argv.quiet ? {} : { notice: (m: string) => err(`traktdb: ${m}`) }),
    });
    try {
      let text: string;
      if (argv.format === 'html') {
        text = await (await import('../../html/index.ts')).renderReportHtml(duck, argv.name, raw);
      } else {
        const result = await runReport(duck, argv.name, raw);
        const note = result.rows.length === 0 ? await emptyDatabaseNote(duck) : undefined;
        // Data formats stay data; the hint goes to stderr for them.
        if (note !== undefined && argv.format !== 'table' && !argv.quiet) err(`traktdb: ${note}.`);
        text = formatRows(argv.format, result.columns, result.rows, {
          width: terminalWidth(),
          ...(note === undefined ? {} : { emptyNote: note }),
        });
      }
      if (outFile === undefined) {
        out(text);
      } else {
        await writeOutFile(outFile, text);
        if (!argv.quiet) err(`Wrote ${outFile}`);
      }
    } finally {
      duck.close();
    }
  },
};
