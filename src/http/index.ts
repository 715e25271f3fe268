/** The HTTP layer: the only code in traktdb that touches the network. */
export { type DeviceCode, pollDeviceToken, refreshToken, requestDeviceCode, revokeToken } from './auth.ts';
export { BudgetWindow } from './budget-window.ts';
export {
  type ClientStats,
  DEFAULTS,
  type HttpEvent,
  type PostOptions,
  TraktClient,
  type TraktClientOptions,
  type TraktResponse,
} from './client.ts';
export { type CreateClientOptions, createTraktClient } from './create-client.ts';
export * from './errors.ts';
export {
  type Pagination,
  parsePagination,
  parseRateLimit,
  parseRetryAfter,
  type RateLimitHeader,
} from './headers.ts';
export { type BudgetKind, RateLimiter } from './rate-limit.ts';
export { displayPath } from './redact.ts';
export { decide, type Failure, type RetryPolicy } from './retry.ts';
export { parseTokenSet, type TokenSet, tokenExpiresAt } from './token-set.ts';
export { TokenSource, type TokenSourceOptions } from './token-source.ts';
export { defaultTokenPath, FileTokenStore, MemoryTokenStore, type TokenStore } from './token-store.ts';
