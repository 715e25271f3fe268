import type { Clock } from '../clock.ts';
import { LOGIN_HINT, TokenError } from './errors.ts';
import { type TokenSet, tokenExpiresAt } from './token-set.ts';
import type { TokenStore } from './token-store.ts';

export interface TokenSourceOptions {
  /** Where the pair is loaded from and each rotated pair is saved to. */
  store?: TokenStore;
  /** TRAKT_ACCESS_TOKEN: used as is, never refreshed, and preferred over the store. */
  staticToken?: string;
  /** Trades a refresh token for a new pair; usually `(rt) => refreshToken(client, rt)`. */
  refresh?: (refreshToken: string) => Promise<TokenSet>;
  clock: Clock;
  /** Refresh this long before expiry, at most half the token's lifetime; default one day. */
  refreshBeforeMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * Where the bearer token comes from. Refresh tokens are single-use and rotate
 * (docs/trakt-api.md §4), so a refresh is single-flight (concurrent 401s share it) and the
 * new pair is saved to the store before anyone is given the new access token:
 * a crash after the refresh but before the save would otherwise strand the
 * account with a spent refresh token.
 */
export class TokenSource {
  readonly #store: TokenStore | undefined;
  readonly #static: string | undefined;
  readonly #refresh: ((refreshToken: string) => Promise<TokenSet>) | undefined;
  readonly #clock: Clock;
  readonly #refreshBeforeMs: number;
  #loading: Promise<TokenSet | undefined> | undefined;
  #tokens: TokenSet | undefined;
  #inFlight: Promise<TokenSet> | undefined;
  /** A proactive refresh failed; wait for a 401 before trying again. */
  #proactiveFailed = false;
  readonly #listeners = new Set<(tokens: TokenSet) => void>();
  readonly #seen = new Set<string>();

  constructor(options: TokenSourceOptions) {
    this.#store = options.store;
    this.#static = options.staticToken === '' ? undefined : options.staticToken;
    this.#refresh = options.refresh;
    this.#clock = options.clock;
    this.#refreshBeforeMs = options.refreshBeforeMs ?? DAY_MS;
    if (this.#static !== undefined) this.#seen.add(this.#static);
  }

  get isStatic(): boolean {
    return this.#static !== undefined;
  }

  /** Called after each refreshed pair is saved. Returns a function that unsubscribes. */
  onRefreshed(listener: (tokens: TokenSet) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every token value this source has handled, so messages can be scrubbed of them. */
  secrets(): string[] {
    return [...this.#seen];
  }

  /** The pair currently in use, if any (for `auth status`). */
  async tokens(): Promise<TokenSet | undefined> {
    return this.#static === undefined ? this.#load() : undefined;
  }

  /** The access token to send now, refreshed first when it is close to expiry; undefined = none. */
  async current(): Promise<string | undefined> {
    if (this.#static !== undefined) return this.#static;
    const tokens = await this.#load();
    if (tokens === undefined) return undefined;
    const now = this.#clock.now();
    const expiresAt = tokenExpiresAt(tokens);
    // Half the lifetime at most: with 24-hour tokens (docs/trakt-api.md §4) a one-day lead would refresh forever.
    const lead = Math.min(this.#refreshBeforeMs, (tokens.expires_in * 1000) / 2);
    if (now < expiresAt - lead || (this.#proactiveFailed && now < expiresAt)) return tokens.access_token;
    try {
      return (await this.#refreshOnce(tokens)).access_token;
    } catch (error) {
      if (now >= expiresAt) throw error;
      // The token still works; a 401 will try the refresh again.
      this.#proactiveFailed = true;
      return tokens.access_token;
    }
  }

  /**
   * Trakt answered 401 to a request sent with `failedToken`. Returns the token
   * to retry with: the one another request already refreshed to, or a new one.
   */
  async onUnauthorized(failedToken: string | undefined): Promise<string> {
    if (this.#static !== undefined) {
      throw new TokenError(
        'Trakt rejected the access token from TRAKT_ACCESS_TOKEN (401), and such a token cannot be refreshed. ' +
          'Set a fresh one, or unset it and run `traktdb auth login`.',
        { status: 401 },
      );
    }
    const tokens = await this.#load();
    if (tokens === undefined) {
      throw new TokenError(`Trakt needs a login (401) and no token is stored. ${LOGIN_HINT}`, {
        status: 401,
      });
    }
    if (failedToken !== undefined && tokens.access_token !== failedToken) return tokens.access_token;
    return (await this.#refreshOnce(tokens)).access_token;
  }

  #load(): Promise<TokenSet | undefined> {
    if (this.#tokens !== undefined) return Promise.resolve(this.#tokens);
    this.#loading ??= (this.#store?.load() ?? Promise.resolve(undefined)).then(
      (tokens) => {
        if (tokens !== undefined) this.#remember(tokens);
        return this.#tokens;
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  #refreshOnce(tokens: TokenSet): Promise<TokenSet> {
    if (this.#inFlight !== undefined) return this.#inFlight;
    const refresh = this.#refresh;
    const store = this.#store;
    if (refresh === undefined || store === undefined) {
      return Promise.reject(
        new TokenError(`The stored access token has expired and cannot be refreshed here. ${LOGIN_HINT}`),
      );
    }
    this.#inFlight = (async () => {
      const next = await refresh(tokens.refresh_token);
      // The old refresh token is spent now; the new pair must be on disk before it is used.
      await store.save(next);
      this.#remember(next);
      this.#proactiveFailed = false;
      for (const listener of this.#listeners) listener(next);
      return next;
    })().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  #remember(tokens: TokenSet): void {
    this.#tokens = tokens;
    this.#seen.add(tokens.access_token);
    this.#seen.add(tokens.refresh_token);
  }
}
