/**
 * The shapes shared by the server and the route handlers.
 */
import type { Account } from './account.ts';
import type { AuthStore } from './auth.ts';
import type { FaultEngine, FaultName } from './faults.ts';
import type { AccountLimits } from './limits.ts';
import type { Mutations } from './mutations.ts';
import type { Quirks } from './quirks.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Views } from './views.ts';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: number;
  /** First 6 characters of the bearer token, never more. */
  token?: string;
  rateLimited?: 'budget' | 'lockout' | 'fault';
  fault?: FaultName;
  /** The status a quirk answered with instead of the route (404, 405). */
  quirk?: string;
  items?: number;
}

export interface SimState {
  account: Account;
  views: Views;
  auth: AuthStore;
  limiter: RateLimiter;
  faults: FaultEngine;
  /** Departures from the published contract, on request (quirks.ts). */
  quirks: Quirks;
  clock: () => number;
  clientId: string;
  clientSecret: string;
  log: RequestLogEntry[];
  /** API requests served since start: the fault dice are keyed on it. */
  counter: number;
  /** Adds or removes one backdated play (the `drift` fault); returns what it did. */
  drift: (counter: number) => string;
  /** This account's mutations (the write routes make their changes through them). */
  mutate: Mutations;
  /** What a non-VIP account gets from the VIP-only saved filters (docs/trakt-api.md §9: 403, 404 or 426). */
  vipRefusal: 403 | 404 | 426;
  /** This account's limits (docs/trakt-api.md §5): a write past one answers 420. */
  limits: AccountLimits;
  /** The state as seen by a token's owner: the same server, that owner's account. */
  accountOf: (token: string | undefined) => SimState;
}

export interface Ctx {
  s: SimState;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  extended: Set<string>;
  /** extended includes `full`. */
  full: boolean;
  /** Set when the `dupes` fault scrambles ties for this request. */
  shuffleSeed: number | null;
  /** Set when a quirk makes this endpoint ignore paging: how many items it sends, with no X-Pagination headers. */
  unpaged?: number;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A field every item carries, which the `missingField` fault may drop. */
  required?: string;
}

/** `required`: a valid bearer token; `user`: the {id} user must exist, and a token is needed when that profile is private. */
export type AuthMode = 'required' | 'user' | 'none';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: string;
  auth: AuthMode;
  /** `{user}` may also name another user the account knows (their public profile), not only the account. */
  otherUsers?: boolean;
  handle: (ctx: Ctx) => Reply;
}
