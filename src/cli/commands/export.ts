import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import { EXPORT_FORMATS, type ExportFormat, exportTables } from '../../export/index.ts';
import { exportLetterboxd } from '../../export/letterboxd.ts';
import { expandHome } from '../../home-path.ts';
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
          'directory to write (created if missing); with letterboxd, a directory that gets diary.csv and watchlist.csv, or a diary file FILE.csv (the watchlist goes to FILE-watchlist.csv)',
      })
      .option('tables', {
        type: 'string',
        describe:
          'comma-separated tables (default: every contract table; models such as fct_plays on request)',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe:
          'write into a directory that is not empty (letterboxd: replace diary.csv and watchlist.csv)',
      })
      .example('$0 export --format csv --out export/', 'every table as CSV')
      .example('$0 export --format parquet --out pq/ --tables plays,movies,shows', 'three tables as Parquet')
      .example('$0 export --format json --out json/ --force', 'JSON lines, replacing an earlier export')
      .example(
        '$0 export --format letterboxd --out letterboxd/',
        'letterboxd/diary.csv and letterboxd/watchlist.csv, for Letterboxd import',
      )
      .example(
        '$0 export --format letterboxd --out lb.csv',
        'the diary as lb.csv, the watchlist as lb-watchlist.csv',
      ) as never,
  handler: async (argv) => {
    if (argv.format === 'letterboxd') return letterboxd(argv);
    if (typeof argv.out !== 'string' || argv.out.trim() === '')
      throw new UsageError('--out needs a directory.');
    const outDir = expandHome(argv.out, '--out');
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
        outDir,
        force: argv.force,
        ...(tables.length > 0 ? { tables } : {}),
      });
      if (!argv.quiet) {
        const width = Math.max(...exported.map((e) => e.table.length));
        for (const e of exported) out(`${e.table.padEnd(width)}  ${rowCount(e.rows)}  ${e.file}`);
        out(`Exported ${exported.length} table${exported.length === 1 ? '' : 's'} as ${argv.format}.`);
      }
    } finally {
      duck.close();
    }
  },
};

/** `--format letterboxd`: the diary to --out, the watchlist beside it (src/export/letterboxd.ts). */
async function letterboxd(argv: ExportArgs): Promise<void> {
  if (typeof argv.out !== 'string' || argv.out.trim() === '')
    throw new UsageError('--out needs a directory (or a file name ending in .csv) for the Letterboxd files.');
  if (argv.tables !== undefined) throw new UsageError('--tables does not apply to --format letterboxd.');
  const target = expandHome(argv.out, '--out');
  const config = loadConfig(argv);
  const duck = await lazyOpenForReading(config.db.value, {
    memoryLimit: config.memoryLimit.value,
    warn: (m) => err(`traktdb: ${m}`),
  });
  try {
    const result = await exportLetterboxd(duck, { out: target, force: argv.force });
    if (!argv.quiet) {
      out(`diary      ${rowCount(result.diary.rows)}  ${result.diary.file}`);
      out(`watchlist  ${rowCount(result.watchlist.rows)}  ${result.watchlist.file}`);
      out(`Exported for Letterboxd (dates in ${result.timezone}).`);
    }
  } finally {
    duck.close();
  }
}

/** `        1 row ` / `       12 rows`: a count padded to line up, in the right number. */
function rowCount(rows: number): string {
  return `${String(rows).padStart(9)} ${rows === 1 ? 'row ' : 'rows'}`;
}
