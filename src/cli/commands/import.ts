import type { CommandModule } from 'yargs';
import { IncompleteError, UsageError } from '../../errors.ts';
import { expandHome } from '../../home-path.ts';
import type { ImportLimits, ImportSummary } from '../../import/index.ts';
import { parseByteSize } from '../../import/limits.ts';
import type { TableName } from '../../normalize/rows.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { createReporter } from '../progress.ts';

interface ImportArgs extends GlobalArgs {
  source: string;
  maxFileSize?: string;
  maxTotalSize?: string;
}

export const importCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import <source>',
  describe:
    "Load Trakt's own data export (a ZIP from trakt.tv, Settings, Data, or its folder): no API app needed",
  builder: (yargs) =>
    yargs
      .positional('source', {
        type: 'string',
        demandOption: true,
        describe: 'the export ZIP, or the directory it was extracted to',
      })
      .option('max-file-size', {
        type: 'string',
        describe: 'refuse a file of the export larger than this once unpacked (default 256MiB)',
      })
      .option('max-total-size', {
        type: 'string',
        describe: 'refuse an export larger than this once unpacked (default 1GiB)',
      })
      .example('$0 import ~/Downloads/trakt-export.zip', 'load the export into data/trakt.duckdb')
      .example('$0 import ./trakt-export/ --db /tmp/t.duckdb', 'load an extracted export elsewhere')
      .epilog(
        'Every file is classified by the shape of its items; files that are not recognized are ' +
          'listed, and the command exits 4 after loading everything else. An export is a snapshot: ' +
          'the import never deletes rows, and the next `sync` re-verifies what it loaded against the API.',
      ) as never,
  handler: async (argv) => {
    const config = loadConfig(argv);
    const source = expandHome(argv.source, 'FILE');
    const limits: Partial<ImportLimits> = {};
    if (argv.maxFileSize !== undefined) limits.maxFileBytes = size('--max-file-size', argv.maxFileSize);
    if (argv.maxTotalSize !== undefined) limits.maxTotalBytes = size('--max-total-size', argv.maxTotalSize);
    const reporter = createReporter({
      quiet: argv.quiet,
      format: argv.logFormat,
      tty: process.stderr.isTTY === true,
    });
    const [{ importExport }, { Store, CONTRACT_TABLES }] = await Promise.all([
      import('../../import/index.ts'),
      import('../../load/store.ts'),
    ]);
    const store = await Store.open(config.db.value, { memoryLimit: config.memoryLimit.value });
    let summary: ImportSummary;
    try {
      summary = await importExport({
        path: source,
        store,
        archive: config.archive.value,
        now: () => new Date().toISOString(),
        limits,
        emit: (event) => reporter.onExtract(event),
      });
    } finally {
      reporter.finish();
      await store.close();
    }
    if (!argv.quiet) printSummary(summary, CONTRACT_TABLES);
    if (summary.unrecognized.length > 0) {
      throw new IncompleteError(
        `import loaded everything it recognized, but ${summary.unrecognized.length} file(s) of the export were not recognized: ${summary.unrecognized.map((f) => f.name).join(', ')}. They are kept in the archive.`,
      );
    }
  },
};

function size(flag: string, text: string): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)} is not a size; write it as 256MiB, 2GB or a byte count.`,
    );
  }
  return bytes;
}

function printSummary(summary: ImportSummary, order: readonly TableName[]): void {
  const changed =
    Object.values(summary.tables).reduce((n, t) => n + t.inserted + t.updated, 0) + summary.mediaChanged;
  out(
    `import run ${summary.runId} ${summary.status}: ${summary.files} files in ${summary.source}, ` +
      `${summary.recognized.length} recognized, ${summary.skipped.length} not loaded, ` +
      `${summary.unrecognized.length} not recognized; ${changed === 1 ? '1 row' : `${changed} rows`} changed.`,
  );
  const name = (f: { name: string; files: string[] }) =>
    f.files.length > 1 ? `${f.name} (${f.files.length} parts)` : f.name;
  const rows = (list: string[][]) => {
    const widths = list[0]?.map((_, i) => Math.max(...list.map((r) => (r[i] ?? '').length))) ?? [];
    for (const r of list)
      out(`  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`);
  };
  out('');
  out('Recognized:');
  const sorted = [...summary.recognized].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  rows(sorted.map((f) => [name(f), `-> ${f.table}`, plural(f.rows, 'row')]));
  out('');
  out('Rows per table:');
  rows(
    order.flatMap((table) => {
      const t = summary.tables[table];
      return t === undefined ? [] : [[table, String(t.rows), `(${t.inserted} new, ${t.updated} updated)`]];
    }),
  );
  out(
    `  and ${plural(summary.mediaChanged, 'media row')} (movies, shows, seasons, episodes, people) new or updated`,
  );
  if (summary.skipped.length > 0) {
    out('');
    out('Not loaded (known, with no place in the schema):');
    rows(summary.skipped.map((f) => [name(f), f.reason]));
  }
  if (summary.unrecognized.length > 0) {
    out('');
    out('Not recognized:');
    rows(summary.unrecognized.map((f) => [name(f), f.reason]));
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
