import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { IncompleteError } from '../../errors.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { prepareOutFile, writeOutFile } from '../out-file.ts';

interface DoctorArgs extends GlobalArgs {
  out?: string;
  force: boolean;
}

/**
 * `traktdb doctor` (docs/tolerance.md): what
 * this account's Trakt sends, compared with what traktdb expects, one line
 * per difference; exit 4 when anything differs. Read-only: it opens no
 * database and writes to Trakt nothing.
 */
export const doctorCommand: CommandModule<GlobalArgs, DoctorArgs> = {
  command: 'doctor',
  describe: "Compare what your account's Trakt sends with what traktdb expects (exit 4 when they differ)",
  builder: (yargs) =>
    yargs
      .option('out', {
        type: 'string',
        requiresArg: true,
        describe:
          'also write the differences with sample items (redacted) to FILE, for a bug report; missing folders are created',
      })
      .option('force', { type: 'boolean', default: false, describe: 'replace the --out file if it exists' })
      .example('$0 doctor', 'one line per difference; nothing is written anywhere')
      .example(
        '$0 doctor --out trakt-doctor.json',
        'the same, and a file to attach to a bug report',
      ) as never,
  handler: async (argv) => {
    const outFile =
      argv.out === undefined ? undefined : await prepareOutFile(argv.out, { force: argv.force });
    const config = loadConfig(argv);
    const [{ catalog }, { createClient }, { doctor }, { reportFile }] = await Promise.all([
      import('../../../pipelines/catalog.ts'),
      import('../../runs/client.ts'),
      import('../../doctor/doctor.ts'),
      import('../../doctor/report-file.ts'),
    ]);
    const client = await createClient(config, { clock: systemClock, onEvent: () => {} });
    const report = await doctor({
      catalog,
      fetcher: client,
      user: config.user.value,
      now: () => new Date(systemClock.now()).toISOString(),
    });
    for (const d of report.differences) out(`${d.resource}: ${d.message}`);
    if (outFile !== undefined) {
      const text = reportFile(report, {
        apiUrl: config.apiUrl.value,
        generatedAt: new Date(systemClock.now()).toISOString(),
        secrets: [
          config.clientId.value,
          config.clientSecret.value,
          config.accessToken.value,
          config.user.value === 'me' ? undefined : config.user.value,
        ].filter((s): s is string => s !== undefined),
      });
      // Redacted, but still the account's own data: readable by its owner only.
      await writeOutFile(outFile, text, 0o600);
    }
    const summary = `${report.checked.length} resources checked with ${report.requests} requests`;
    if (report.differences.length === 0) {
      if (!argv.quiet) err(`traktdb doctor: no differences (${summary}).`);
      return;
    }
    throw new IncompleteError(
      `doctor found ${report.differences.length} difference(s) between what Trakt sends and what traktdb expects (${summary})` +
        `${outFile === undefined ? '; run it with --out FILE for a report to attach to a bug report' : `; the report is in ${outFile}`}.`,
    );
  },
};
