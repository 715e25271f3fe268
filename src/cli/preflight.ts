import { connect } from 'node:net';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AuthError, TraktdbError } from '../errors.ts';
import { createTraktClient } from '../http/create-client.ts';
import { missingClientId, missingClientSecret } from '../http/errors.ts';
import { tokenExpiresAt } from '../http/token-set.ts';
import { FileTokenStore } from '../http/token-store.ts';
import { tokenPath } from '../jobs/client.ts';

/**
 * What must hold before a backup or sync touches the database or the archive
 * (docs/sync.md, "A run that cannot start leaves nothing behind"): a run that
 * cannot start creates no `.duckdb` file, records no run and leaves no empty
 * archive folder.
 *
 * Checked without spending the request budget: the credentials locally (a
 * client id; a token from the environment or the token file; an expired token
 * is refreshed here, which the run would have done first anyway, so a refused
 * refresh is exit 3 before anything is written), then the API host with a TCP
 * connection (no HTTP request: a GET here would be one more request per run,
 * a third of what a sync with nothing to do costs). What this cannot see, an
 * access token revoked at trakt.tv while not yet expired, is found by the
 * run's first request, and that run is recorded as failed.
 */
export async function preflight(
  config: Config,
  options: { clock: Clock; signal?: AbortSignal; connectTimeoutMs?: number },
): Promise<void> {
  const clientId = config.clientId.value;
  if (clientId === undefined) throw missingClientId();
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  if (config.accessToken.value !== undefined) {
    await reachable(config.apiUrl.value, 'API', timeoutMs);
    return;
  }
  const path = tokenPath(config);
  const store = new FileTokenStore(path);
  const tokens = await store.load();
  if (tokens === undefined) {
    throw new AuthError(
      `Not signed in to Trakt: no token is stored at ${path}; run \`traktdb auth login\` (or set TRAKT_ACCESS_TOKEN).`,
    );
  }
  const expired = options.clock.now() >= tokenExpiresAt(tokens);
  const clientSecret = config.clientSecret.value;
  if (expired && clientSecret === undefined) throw missingClientSecret('refresh the expired token');
  await reachable(config.apiUrl.value, 'API', timeoutMs);
  if (!expired || clientSecret === undefined) return;
  await reachable(config.authUrl.value, 'OAuth', timeoutMs);
  const { tokens: source } = createTraktClient({
    apiUrl: config.apiUrl.value,
    authUrl: config.authUrl.value,
    clientId,
    clientSecret,
    tokenStore: store,
    clock: options.clock,
    maxRetries: 2,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  // Refreshes (and saves the rotated pair) or throws exit 3; the run then loads the new pair.
  await source.current();
}

const CONNECT_TIMEOUT_MS = 10_000;

/** A TCP connection to the URL's host and port, closed at once; throws one sentence (exit 1) when none can be made. */
export async function reachable(url: string, what: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  // URL keeps the brackets of an IPv6 literal; net.connect wants the address alone.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const failure = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no connection within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(connectFailure(error, parsed.hostname, port));
    });
  });
  if (failure !== undefined) {
    throw new TraktdbError(
      `Cannot reach the Trakt ${what} at ${parsed.origin}: ${failure}; check the network connection and ` +
        `${what === 'API' ? '--api-url (TRAKT_API_URL)' : '--auth-url (TRAKT_AUTH_URL)'}. Nothing was written.`,
    );
  }
}

function connectFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'ENOTFOUND':
      return `the host name ${host} is unknown (ENOTFOUND)`;
    case 'EAI_AGAIN':
      return `the host name ${host} could not be looked up (EAI_AGAIN)`;
    case 'ECONNREFUSED':
      return `${host}:${port} refused the connection (ECONNREFUSED)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `there is no route to ${host} (${error.code})`;
    default:
      return error.code ?? error.message;
  }
}
