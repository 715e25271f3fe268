import { join } from 'node:path';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AuthError } from '../errors.ts';
import type { HttpEvent, TraktClient, TraktClientOptions } from '../http/client.ts';
import { createTraktClient } from '../http/create-client.ts';
import { missingClientId } from '../http/errors.ts';
import { FileTokenStore } from '../http/token-store.ts';

/** Where `auth login` keeps the token pair (docs/configuration.md). */
export function tokenPath(config: Config): string {
  return join(config.configDir, 'token.json');
}

/**
 * The API client for a run: the configured hosts and budget, and a bearer
 * token from TRAKT_ACCESS_TOKEN (used as is) or from the token file (refreshed
 * and rotated as Trakt requires).
 */
export async function createClient(
  config: Config,
  deps: {
    clock: Clock;
    onEvent: (event: HttpEvent) => void;
    fetch?: typeof fetch | undefined;
    signal?: AbortSignal | undefined;
    http?: Partial<TraktClientOptions> | undefined;
  },
): Promise<TraktClient> {
  const clientId = config.clientId.value;
  if (clientId === undefined) throw missingClientId();
  const staticToken = config.accessToken.value;
  const tokenStore = staticToken === undefined ? new FileTokenStore(tokenPath(config)) : undefined;
  if (tokenStore !== undefined && (await tokenStore.load()) === undefined) {
    throw new AuthError('Not signed in to Trakt: run `traktdb auth login` (or set TRAKT_ACCESS_TOKEN).');
  }
  const { client } = createTraktClient({
    apiUrl: config.apiUrl.value,
    authUrl: config.authUrl.value,
    clientId,
    ...(config.clientSecret.value === undefined ? {} : { clientSecret: config.clientSecret.value }),
    ...(staticToken === undefined ? {} : { staticToken }),
    ...(tokenStore === undefined ? {} : { tokenStore }),
    rateLimit: config.rateLimit.value,
    clock: deps.clock,
    onEvent: deps.onEvent,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...deps.http,
  });
  return client;
}
