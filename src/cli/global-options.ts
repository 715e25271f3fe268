import type { Options } from 'yargs';
import type { ConfigFlags } from '../config.ts';

// requiresArg: `--db` with no value is an error, not a silent fall back to the default.
/** Options every command accepts (docs/configuration.md). */
export const globalOptions = {
  db: {
    type: 'string',
    requiresArg: true,
    describe: 'DuckDB file [env TRAKTDB_DB] (default data/trakt.duckdb)',
  },
  archive: {
    type: 'string',
    requiresArg: true,
    describe: 'raw response archive directory [env TRAKTDB_ARCHIVE] (default data/raw)',
  },
  'api-url': { type: 'string', requiresArg: true, describe: 'Trakt API base URL [env TRAKT_API_URL]' },
  'auth-url': { type: 'string', requiresArg: true, describe: 'Trakt OAuth base URL [env TRAKT_AUTH_URL]' },
  'client-id': { type: 'string', requiresArg: true, describe: 'Trakt app client id [env TRAKT_CLIENT_ID]' },
  user: { type: 'string', requiresArg: true, describe: 'whose data: a user slug or me [env TRAKTDB_USER]' },
  'rate-limit': {
    type: 'string',
    requiresArg: true,
    describe: 'GET budget N/SECONDS before Trakt says otherwise (default 500/300)',
  },
  // A string, so that a bad value is quoted as typed (a number option turns "abc" into NaN).
  concurrency: { type: 'string', requiresArg: true, describe: 'requests in flight at most (default 4)' },
  verbose: { type: 'boolean', default: false, describe: 'show details and stack traces of errors' },
  quiet: { type: 'boolean', default: false, describe: 'print only errors (for cron)' },
  'log-format': {
    choices: ['text', 'json'] as const,
    default: 'text',
    describe: 'progress as text or JSON lines',
  },
} satisfies Record<string, Options>;

export interface GlobalArgs extends ConfigFlags {
  verbose: boolean;
  quiet: boolean;
  logFormat: 'text' | 'json';
}
