import type { CommandModule } from 'yargs';
import { parseRateLimit } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import type { GlobalArgs } from '../global-options.ts';
import { err, out } from '../io.ts';

interface Args extends GlobalArgs {
  port: string;
  profile: 'tiny' | 'typical' | 'heavy' | 'stress';
  seed: string;
  faults?: string;
  quirks?: string;
}

const SIMULATOR_IGNORES = [
  'db',
  'archive',
  'api-url',
  'auth-url',
  'client-id',
  'user',
  'concurrency',
  'log-format',
  'quiet',
] as const;

export const simulatorCommand: CommandModule<GlobalArgs, Args> = {
  command: 'simulator',
  describe: 'Run the local Trakt API simulator alone (for trying traktdb, curl and tests)',
  builder: (yargs) =>
    // The simulator has no database, archive or Trakt to talk to: those global options mean nothing here.
    SIMULATOR_IGNORES.reduce((y, key) => y.hide(key), yargs)
      .option('port', { type: 'string', default: '0', describe: 'port to listen on (0 picks a free one)' })
      .option('profile', {
        choices: ['tiny', 'typical', 'heavy', 'stress'] as const,
        default: 'typical' as const,
        describe: 'size of the generated account',
      })
      .option('seed', { type: 'string', default: '1', describe: 'seed of the generated account' })
      .option('faults', { type: 'string', describe: 'faults to inject, e.g. "http5xx,reset,dupes" or "all"' })
      .option('quirks', {
        type: 'string',
        describe:
          'ways real Trakt departs from its contract, e.g. "slug-only-users,notes-404" (see docs/tolerance.md)',
      })
      .example('$0 simulator --profile tiny --port 8787', 'serve a small account on port 8787')
      .example('$0 simulator --rate-limit 100/2 --faults all', 'a fast rate window and every transient fault')
      .example(
        '$0 simulator --quirks truncate-without-headers,unreadable-items',
        'list items cut at 100 without paging headers, and two items no reader accepts',
      ) as never,
  handler: async (argv) => {
    // Parsed here rather than by yargs so a bad value is quoted as typed, not as NaN.
    const port = /^\d+$/.test(argv.port) ? Number(argv.port) : Number.NaN;
    if (!(port >= 0 && port <= 65535)) {
      throw new UsageError(`--port must be a port number from 0 to 65535, not "${argv.port}".`);
    }
    const seed = /^-?\d+$/.test(argv.seed) ? Number(argv.seed) : Number.NaN;
    if (!Number.isSafeInteger(seed))
      throw new UsageError(`--seed must be a whole number, not "${argv.seed}".`);
    const { parseFaults, parseQuirks, startSimulator } = await import('../../simulator/index.ts');
    if (argv.quirks !== undefined) {
      try {
        parseQuirks(argv.quirks);
      } catch (error) {
        throw new UsageError(`--quirks: ${(error as Error).message}`);
      }
    }
    let faults: ReturnType<typeof parseFaults> | undefined;
    try {
      faults = argv.faults === undefined ? undefined : parseFaults(argv.faults);
    } catch (error) {
      throw new UsageError(`--faults: ${(error as Error).message}`);
    }
    const rateLimit = argv.rateLimit === undefined ? undefined : parseRateLimit(argv.rateLimit);
    const sim = await startSimulator({
      port,
      profile: argv.profile,
      seed,
      ...(rateLimit ? { rateLimit } : {}),
      ...(faults ? { faults } : {}),
      ...(argv.quirks === undefined ? {} : { quirks: argv.quirks }),
    });
    out(`Trakt simulator (${argv.profile} profile, seed ${argv.seed}) listening on ${sim.url}`);
    if (sim.quirks().length > 0) out(`Quirks: ${sim.quirks().join(', ')}`);
    out('');
    out(`  TRAKT_API_URL=${sim.url}`);
    out(`  TRAKT_AUTH_URL=${sim.url}`);
    out(`  TRAKT_CLIENT_ID=${sim.clientId}`);
    out(`  TRAKT_CLIENT_SECRET=${sim.clientSecret}`);
    out(`  TRAKT_ACCESS_TOKEN=${sim.accessToken}`);
    out('');
    out(`A second, empty account (${sim.second.userSlug}), for trying a migration with restore:`);
    out(`  TRAKT_ACCESS_TOKEN=${sim.second.accessToken}`);
    out('');
    out('To try `traktdb auth login` (the device flow) against it, approve the code it prints with:');
    out(`  curl -X POST -d '{"user_code":"CODE"}' ${sim.url}/_sim/device/approve`);
    out('');
    out('Try:');
    out(
      `  curl -i -H 'trakt-api-key: ${sim.clientId}' -H 'trakt-api-version: 2' -H 'User-Agent: curl' \\\n` +
        `       -H 'Authorization: Bearer ${sim.accessToken}' '${sim.url}/sync/history?limit=5'`,
    );
    err('Press Ctrl-C to stop.');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await sim.close();
  },
};
