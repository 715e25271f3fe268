import { rm, rmdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AuthError } from '../errors.ts';
import { createTraktClient } from '../http/create-client.ts';
import { missingClientId, missingClientSecret } from '../http/errors.ts';
import { CONNECT_TIMEOUT_MS, reachable } from '../http/reachable.ts';
import { tokenExpiresAt } from '../http/token-set.ts';
import { FileTokenStore } from '../http/token-store.ts';
import { tokenPath } from '../runs/client.ts';

/**
 * What must hold before a backup or sync may touch the database or the
 * archive (docs/sync.md, "A run that cannot start leaves nothing behind"): a
 * run that cannot start creates no `.duckdb` file, records no run and leaves
 * no archive folder.
 *
 * Checked without spending the request budget. First the credentials, locally
 * (checkCredentials): a client id; a token from the environment or the token
 * file; the secret, when that token has expired and must be refreshed. Then,
 * once an existing --db has been opened (a bad one is still refused first,
 * exit 2), the connection (checkConnection): a TCP connection to the API host,
 * no HTTP request (a GET here would be one more request per run, a third of
 * what a sync with nothing to do costs), and the refresh of an expired token,
 * which the run would have made first anyway, so a refused refresh is exit 3
 * before anything is recorded. A database the run created is removed again
 * when the connection fails (removeCreated). What this cannot see, an access
 * token revoked at trakt.tv before it expires, is found by the run's first
 * request, and that run is recorded as failed.
 */
export async function checkCredentials(
  config: Config,
  options: { clock: Clock },
): Promise<{ expired: boolean }> {
  if (config.clientId.value === undefined) throw missingClientId();
  if (config.accessToken.value !== undefined) return { expired: false };
  const path = tokenPath(config);
  const tokens = await new FileTokenStore(path).load();
  if (tokens === undefined) {
    throw new AuthError(
      `Not signed in to Trakt: no token is stored at ${path}; run \`traktdb auth login\` (or set TRAKT_ACCESS_TOKEN).`,
    );
  }
  const expired = options.clock.now() >= tokenExpiresAt(tokens);
  if (expired && config.clientSecret.value === undefined)
    throw missingClientSecret('refresh the expired token');
  return { expired };
}

/** The API host answers a TCP connection; an expired stored token is refreshed (and the new pair saved). */
export async function checkConnection(
  config: Config,
  options: { clock: Clock; expired: boolean; signal?: AbortSignal; connectTimeoutMs?: number },
): Promise<void> {
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  await reachable(config.apiUrl.value, 'API', timeoutMs);
  const clientId = config.clientId.value;
  const clientSecret = config.clientSecret.value;
  if (!options.expired || config.accessToken.value !== undefined) return;
  if (clientId === undefined || clientSecret === undefined) return;
  await reachable(config.authUrl.value, 'OAuth', timeoutMs);
  const { tokens } = createTraktClient({
    apiUrl: config.apiUrl.value,
    authUrl: config.authUrl.value,
    clientId,
    clientSecret,
    tokenStore: new FileTokenStore(tokenPath(config)),
    clock: options.clock,
    maxRetries: 2,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  // Refreshes (and saves the rotated pair) or throws exit 3; the run then loads the new pair.
  await tokens.current();
}

/** Both checks, for callers that open nothing in between. */
export async function preflight(
  config: Config,
  options: { clock: Clock; signal?: AbortSignal; connectTimeoutMs?: number },
): Promise<void> {
  const { expired } = await checkCredentials(config, options);
  await checkConnection(config, { ...options, expired });
}

/** The database file and those of its folders that do not exist yet, the file first. */
export async function absentPaths(db: string): Promise<string[]> {
  if (db === ':memory:') return [];
  const absent: string[] = [];
  let path = resolve(db);
  while (!(await exists(path))) {
    absent.push(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  return absent;
}

/**
 * Removes what opening a new database made: the file with DuckDB's companions
 * (`.wal`, the `.tmp` spill folder, traktdb's `.staging`), then the folders made
 * for it, deepest first, each only if empty. Nothing that was there before.
 */
export async function removeCreated(absent: readonly string[]): Promise<void> {
  const [file, ...folders] = absent;
  if (file === undefined) return;
  for (const path of [file, `${file}.wal`, `${file}.tmp`, `${file}.staging`]) {
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
  for (const folder of folders) await rmdir(folder).catch(() => undefined);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR',
  );
}
