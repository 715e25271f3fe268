import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import { EXPORT_FORMATS, type ExportFormat, exportTables } from '../../export/index.ts';
import { exportLetterboxd, watchlistPathFor } from '../../export/letterboxd.ts';
import { discoverModels } from '../../models/discover.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { lazyOpenForReading } from '../lazy-open-for-reading.ts';
import { loadConfig } from '../load-config.ts';

interface ExportArgs extends GlobalArgs {
  format: ExportFormat | 'letterboxd';
  out: string;
  tables?: string | string[];
  force: boolean;
}

export const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export',
  describe:
    'Write tables to a directory as CSV, JSON lines or Parquet, one file per table; or the movie diary and watchlist for Letterboxd',
  builder: (yargs) =>
    yargs
      .option('format', {
        choices: [...EXPORT_FORMATS, 'letterboxd'] as const,
        demandOption: true,
        describe: 'file format',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe:
          'directory to write (created if missing); with letterboxd, the diary file FILE.csv (the watchlist goes to FILE-watchlist.csv)',
      })
      .option('tables', {
        type: 'string',
        describe:
          'comma-separated tables (default: every contract table; models such as fct_plays on request)',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'write into a directory that is not empty (letterboxd: replace the files)',
      })
      .example('$0 export --format csv --out export/', 'every table as CSV')
      .example('$0 export --format parquet --out pq/ --tables plays,movies,shows', 'three tables as Parquet')
      .example('$0 export --format json --out json/ --force', 'JSON lines, replacing an earlier export')
      .example(
        '$0 export --format letterboxd --out letterboxd.csv',
        'movie diary for Letterboxd import, plus letterboxd-watchlist.csv',
      ) as never,
  handler: async (argv) => {
    if (argv.format === 'letterboxd') return letterboxd(argv);
    if (typeof argv.out !== 'string' || argv.out.trim() === '')
      throw new UsageError('--out needs a directory.');
    const tables = [argv.tables ?? []]
      .flat()
      .flatMap((t) => String(t).split(','))
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
    if (argv.tables !== undefined && tables.length === 0)
      throw new UsageError('--tables needs at least one table name.');
    // Models (fct_plays, dim_*) are exported only when named; bring them up to date first.
    const models = new Set(discoverModels().map((m) => m.name));
    const config = loadConfig(argv);
    const duck = await lazyOpenForReading(config.db.value, {
      memoryLimit: config.memoryLimit.value,
      ensureModels: tables.some((t) => models.has(t)),
      warn: (m) => err(`traktdb: ${m}`),
      ...(argv.quiet ? {} : { notice: (m: string) => err(`traktdb: ${m}`) }),
    });
    try {
      const exported = await exportTables(duck, {
        format: argv.format,
        outDir: argv.out,
        force: argv.force,
        ...(tables.length > 0 ? { tables } : {}),
      });
      if (!argv.quiet) {
        const width = Math.max(...exported.map((e) => e.table.length));
        for (const e of exported)
          out(
            `${e.table.padEnd(width)}  ${String(e.rows).padStart(9)} ${e.rows === 1 ? 'row ' : 'rows'}  ${e.file}`,
          );
        out(`Exported ${exported.length} table(s) as ${argv.format}.`);
      }
    } finally {
      duck.close();
    }
  },
};

/** `--format letterboxd`: the diary to --out, the watchlist beside it (src/export/letterboxd.ts). */
async function letterboxd(argv: ExportArgs): Promise<void> {
  if (typeof argv.out !== 'string' || argv.out.trim() === '')
    throw new UsageError('--out needs a file name for the Letterboxd diary, such as letterboxd.csv.');
  if (argv.tables !== undefined) throw new UsageError('--tables does not apply to --format letterboxd.');
  const config = loadConfig(argv);
  const duck = await lazyOpenForReading(config.db.value, {
    memoryLimit: config.memoryLimit.value,
    warn: (m) => err(`traktdb: ${m}`),
  });
  try {
    const result = await exportLetterboxd(duck, { out: argv.out, force: argv.force });
    if (!argv.quiet) {
      out(`diary      ${String(result.diary.rows).padStart(9)} rows  ${result.diary.file}`);
      out(
        `watchlist  ${String(result.watchlist.rows).padStart(9)} rows  ${watchlistPathFor(result.diary.file)}`,
      );
      out(`Exported for Letterboxd (dates in ${result.timezone}).`);
    }
  } finally {
    duck.close();
  }
}
