import { writeFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { systemClock } from '../../clock.ts';
import { IncompleteError, TraktdbError } from '../../errors.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';
import { loadConfig } from '../load-config.ts';

interface DoctorArgs extends GlobalArgs {
  out?: string;
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
        describe: 'also write the differences with sample items (redacted) to FILE, for a bug report',
      })
      .example('$0 doctor', 'one line per difference; nothing is written anywhere')
      .example(
        '$0 doctor --out trakt-doctor.json',
        'the same, and a file to attach to a bug report',
      ) as never,
  handler: async (argv) => {
    const config = loadConfig(argv);
    const [{ catalog }, { createClient }, { normalizeItem }, { doctor }, { reportFile }] = await Promise.all([
      import('../../../pipelines/catalog.ts'),
      import('../../jobs/client.ts'),
      import('../../extract/normalizers.ts'),
      import('../../doctor/doctor.ts'),
      import('../../doctor/report-file.ts'),
    ]);
    const client = await createClient(config, { clock: systemClock, onEvent: () => {} });
    const report = await doctor({
      catalog,
      fetcher: client,
      user: config.user.value,
      normalize: normalizeItem,
      now: () => new Date(systemClock.now()).toISOString(),
    });
    for (const d of report.differences) out(`${d.resource}: ${d.message}`);
    if (argv.out !== undefined) {
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
      await writeFile(argv.out, text, { mode: 0o600 }).catch((error: unknown) => {
        throw new TraktdbError(`Could not write ${argv.out}: ${(error as Error).message}.`, { cause: error });
      });
    }
    const summary = `${report.checked.length} resources checked with ${report.requests} requests`;
    if (report.differences.length === 0) {
      if (!argv.quiet) err(`traktdb doctor: no differences (${summary}).`);
      return;
    }
    throw new IncompleteError(
      `doctor found ${report.differences.length} difference(s) between what Trakt sends and what traktdb expects (${summary})` +
        `${argv.out === undefined ? '; run it with --out FILE for a report to attach to a bug report' : `; the report is in ${argv.out}`}.`,
    );
  },
};
