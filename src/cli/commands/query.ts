import type { CommandModule } from 'yargs';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../reports/format/index.ts';
import { lockDownSession, runReadOnlyQuery } from '../../reports/query.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { lazyOpenForReading } from '../lazy-open-for-reading.ts';
import { loadConfig } from '../load-config.ts';
import { terminalWidth } from './report.ts';

interface QueryArgs extends GlobalArgs {
  sql: string;
  format: OutputFormat;
}

export const queryCommand: CommandModule<GlobalArgs, QueryArgs> = {
  command: 'query <sql>',
  describe: 'Run one read-only SQL statement against the database (tables and models such as fct_plays)',
  builder: (yargs) =>
    yargs
      .positional('sql', { type: 'string', describe: 'one SELECT (or WITH, FROM, DESCRIBE, SHOW) statement' })
      .option('format', {
        choices: OUTPUT_FORMATS,
        default: 'table' as OutputFormat,
        describe: 'output format',
      })
      .example('$0 query "select media_type, count(*) from plays group by all"', 'plays per media type')
      .example(
        '$0 query "from fct_plays order by minutes desc limit 5" --format json',
        'the longest plays as JSON',
      )
      .example('$0 query "show tables"', 'every table and model') as never,
  handler: async (argv) => {
    const config = loadConfig(argv);
    const duck = await lazyOpenForReading(config.db.value, {
      memoryLimit: config.memoryLimit.value,
      ensureModels: true,
      warn: (m) => err(`traktdb: ${m}`),
      ...(argv.quiet ? {} : { notice: (m: string) => err(`traktdb: ${m}`) }),
    });
    try {
      await lockDownSession(duck);
      const result = await runReadOnlyQuery(duck, String(argv.sql));
      out(formatRows(argv.format, result.columns, result.rows, { width: terminalWidth() }));
    } finally {
      duck.close();
    }
  },
};
