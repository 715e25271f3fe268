import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * `~` and `~/...` in a path option or config value, expanded to the home
 * directory the way a shell would. Without this, `--db=~/trakt.duckdb` (which
 * the shell leaves alone) or `"db": "~/trakt.duckdb"` in the config file gave
 * two databases: DuckDB expands `~` itself, while traktdb's own files (staging,
 * archive) went to a literal `./~/` folder. `~user/...` is refused rather than
 * guessed: traktdb does not look up other users' homes.
 */
export function expandHome(raw: string, where: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!raw.startsWith('~')) return raw;
  const home = env['HOME'] || homedir();
  if (raw === '~') return home;
  if (raw.startsWith('~/')) return join(home, raw.slice(2));
  throw new UsageError(
    `${where} "${raw}": traktdb expands only ~ and ~/ (your own home directory); write the full path instead.`,
  );
}
