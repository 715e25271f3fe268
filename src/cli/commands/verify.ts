import type { CommandModule } from 'yargs';
import { IncompleteError } from '../../errors.ts';
import { formatRows, OUTPUT_FORMATS, type OutputFormat } from '../../reports/format/index.ts';
import { runReport } from '../../reports/run-report.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { lazyOpenForReading } from '../lazy-open-for-reading.ts';
import { loadConfig } from '../load-config.ts';
import { terminalWidth } from './report.ts';

interface VerifyArgs extends GlobalArgs {
  format: OutputFormat;
}

export const verifyCommand: CommandModule<GlobalArgs, VerifyArgs> = {
  command: 'verify',
  describe: "Compare local totals with Trakt's own /users/{id}/stats (exit 4 when they differ)",
  builder: (yargs) =>
    yargs
      .option('format', {
        choices: OUTPUT_FORMATS,
        default: 'table' as OutputFormat,
        describe: 'output format',
      })
      .example('$0 verify', 'plays, watched items, minutes and ratings: local, Trakt, difference')
      .example('$0 verify --format json', 'the same as JSON rows') as never,
  handler: async (argv) => {
    const config = loadConfig(argv);
    const duck = await lazyOpenForReading(config.db.value, {
      memoryLimit: config.memoryLimit.value,
      ensureModels: true,
      warn: (m) => err(`traktdb: ${m}`),
      ...(argv.quiet ? {} : { notice: (m: string) => err(`traktdb: ${m}`) }),
    });
    try {
      const result = await runReport(duck, 'verify');
      out(formatRows(argv.format, result.columns, result.rows, { width: terminalWidth() }));
      const differing = result.rows.filter(
        (r) => typeof r['difference'] === 'number' && r['difference'] !== 0,
      );
      if (differing.length > 0) {
        throw new IncompleteError(
          `verify found ${differing.length} total(s) that differ from Trakt's stats (${differing
            .map((r) => r['metric'])
            .join(', ')}); run \`traktdb sync --full\` and verify again.`,
        );
      }
    } finally {
      duck.close();
    }
  },
};
