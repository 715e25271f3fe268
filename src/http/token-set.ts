import { TokenError } from './errors.ts';

/** Trakt's token response (docs/trakt-api.md §4; C `oauth/schema/response/tokenResponseSchema.ts`). */
export interface TokenSet {
  access_token: string;
  refresh_token: string;
  /** Seconds from created_at. */
  expires_in: number;
  /** Unix seconds. */
  created_at: number;
  token_type: string;
  scope: string;
}

/**
 * When the access token stops working, in ms since the epoch. docs/trakt-api.md §4: the
 * lifetime has been 3 months, 7 days and 24 hours at different times, so it is
 * always computed from created_at + expires_in, never assumed.
 */
export function tokenExpiresAt(tokens: TokenSet): number {
  return (tokens.created_at + tokens.expires_in) * 1000;
}

/**
 * Checks a parsed token response or token file. The message names where it
 * came from and never echoes the values.
 */
export function parseTokenSet(value: unknown, where: string): TokenSet {
  const bad = (what: string) =>
    new TokenError(`${where} is not a usable Trakt token (${what}). Run \`traktdb auth login\`.`);
  if (typeof value !== 'object' || value === null) throw bad('not a JSON object');
  const v = value as Record<string, unknown>;
  for (const key of ['access_token', 'refresh_token'] as const) {
    if (typeof v[key] !== 'string' || v[key] === '') throw bad(`no ${key}`);
  }
  for (const key of ['expires_in', 'created_at'] as const) {
    if (typeof v[key] !== 'number' || !Number.isFinite(v[key])) throw bad(`no numeric ${key}`);
  }
  return {
    access_token: v['access_token'] as string,
    refresh_token: v['refresh_token'] as string,
    expires_in: v['expires_in'] as number,
    created_at: v['created_at'] as number,
    token_type: typeof v['token_type'] === 'string' ? v['token_type'] : 'bearer',
    scope: typeof v['scope'] === 'string' ? v['scope'] : 'public',
  };
}
