import type { Options } from 'yargs';
import type { ConfigFlags } from '../config.ts';

/** Options every command accepts (DESIGN.md, "Configuration"). */
export const globalOptions = {
  db: { type: 'string', describe: 'DuckDB file [env TRAKTDB_DB] (default data/trakt.duckdb)' },
  archive: {
    type: 'string',
    describe: 'raw response archive directory [env TRAKTDB_ARCHIVE] (default data/raw)',
  },
  'api-url': { type: 'string', describe: 'Trakt API base URL [env TRAKT_API_URL]' },
  'auth-url': { type: 'string', describe: 'Trakt OAuth base URL [env TRAKT_AUTH_URL]' },
  'client-id': { type: 'string', describe: 'Trakt app client id [env TRAKT_CLIENT_ID]' },
  user: { type: 'string', describe: 'whose data: a user slug or me [env TRAKTDB_USER]' },
  'rate-limit': {
    type: 'string',
    describe: 'GET budget N/SECONDS before Trakt says otherwise (default 500/300)',
  },
  concurrency: { type: 'number', describe: 'requests in flight at most (default 4)' },
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
