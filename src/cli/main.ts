import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { VERSION } from '../version.ts';

await yargs(hideBin(process.argv))
  .scriptName('traktdb')
  .version(VERSION)
  .usage(
    '$0 <command> [options]\n\nOwn your Trakt.tv data: back it up into DuckDB, keep it in sync, and query it.',
  )
  .demandCommand(1, 'Name a command; `traktdb --help` lists them.')
  .strict()
  .help()
  .parseAsync();
