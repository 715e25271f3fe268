import { systemClock } from '../clock.ts';
import { refreshToken } from './auth.ts';
import { TraktClient, type TraktClientOptions } from './client.ts';
import { TokenSource } from './token-source.ts';
import type { TokenStore } from './token-store.ts';

export interface CreateClientOptions extends Omit<TraktClientOptions, 'tokens'> {
  /** Where the token pair is kept (FileTokenStore(defaultTokenPath()) in the CLI). */
  tokenStore?: TokenStore;
  /** TRAKT_ACCESS_TOKEN: used as is, never refreshed, preferred over the store. */
  staticToken?: string;
  /** Refresh this long before expiry (at most half the lifetime); default one day. */
  refreshBeforeMs?: number;
}

/**
 * The client and its token source, wired both ways: the source refreshes
 * through the client's auth host, and the client asks the source for the
 * bearer token. The refresh function closes over the client, which exists
 * by the time anything is refreshed.
 */
export function createTraktClient(options: CreateClientOptions): {
  client: TraktClient;
  tokens: TokenSource;
} {
  const { tokenStore, staticToken, refreshBeforeMs, ...clientOptions } = options;
  let client: TraktClient | undefined;
  const tokens = new TokenSource({
    clock: options.clock ?? systemClock,
    refresh: (rt) => {
      if (client === undefined) throw new Error('the Trakt client is not built yet');
      return refreshToken(client, rt);
    },
    ...(tokenStore === undefined ? {} : { store: tokenStore }),
    ...(staticToken === undefined ? {} : { staticToken }),
    ...(refreshBeforeMs === undefined ? {} : { refreshBeforeMs }),
  });
  client = new TraktClient({ ...clientOptions, tokens });
  return { client, tokens };
}
