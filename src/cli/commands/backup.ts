import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-options.ts';
import { runPull } from '../run-pull.ts';

export const backupCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'backup',
  describe: 'Pull every resource of the account into the database and the raw archive, then build the models',
  builder: (yargs) =>
    yargs
      .option('with', {
        type: 'string',
        describe:
          'also fetch opt-in extras: credits (one request per played movie and show; docs/credits.md)',
      })
      .example('$0 backup', 'back up your own account into data/trakt.duckdb')
      .example(
        'TRAKT_API_URL=http://127.0.0.1:8787 TRAKT_ACCESS_TOKEN=... $0 backup --db /tmp/t.duckdb',
        'back up from a running simulator',
      )
      .example(
        '$0 backup --with credits',
        'also fetch who made and played in every title you watched',
      ) as never,
  handler: async (argv) => {
    await runPull(argv, 'backup');
  },
};
