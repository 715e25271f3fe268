import { type Clock, systemClock } from '../clock.ts';
import { InterruptedError, TraktdbError } from '../errors.ts';
import {
  AccountLimitError,
  AccountLockedError,
  ApiKeyError,
  HttpError,
  LOGIN_HINT,
  NotFoundError,
  NotJsonError,
  RateLimitedError,
  type RequestRef,
  ServerError,
  TokenError,
  TransportError,
  VipOnlyError,
  WriteOutcomeUnknownError,
} from './errors.ts';
import {
  type Pagination,
  parsePagination,
  parseRateLimit,
  parseRetryAfter,
  type RateLimitHeader,
  requestHeaders,
} from './headers.ts';
import { type BudgetKind, RateLimiter } from './rate-limit.ts';
import { displayPath, isOAuthPath, type Query, queryString, scrub } from './redact.ts';
import { decide, describeFailure, type Failure, RETRYABLE_STATUSES, type RetryPolicy } from './retry.ts';
import { tokenExpiresAt } from './token-set.ts';
import type { TokenSource } from './token-source.ts';

export interface TraktClientOptions {
  /** e.g. https://api.trakt.tv or the simulator URL. */
  apiUrl: string;
  /** e.g. https://auth.trakt.tv: all OAuth calls go there (docs/trakt-api.md §1). */
  authUrl: string;
  clientId: string;
  clientSecret?: string;
  /** Where the bearer token comes from; absent = unauthenticated. */
  tokens?: TokenSource;
  /** GET budget; default 500 per 300_000 ms (docs/trakt-api.md §2: "The GET limit is currently 500 requests per 5 minutes", #909). */
  rateLimit?: { limit: number; windowMs: number };
  /** POST/PUT/DELETE budget; default 1 per 1000 ms (docs/trakt-api.md §2: AUTHED_API_POST_LIMIT). */
  writeRateLimit?: { limit: number; windowMs: number };
  /** Dead time after a server-told window end (`X-Ratelimit.until`) before the next window; default 1000. */
  rateLimitMarginMs?: number;
  /** Per attempt, body included; default 30_000. */
  timeoutMs?: number;
  /** Default 5. */
  maxRetries?: number;
  /** Backoff base; default 1000 (tests pass ~5). */
  retryBaseMs?: number;
  /** Backoff cap; default 30_000 (docs/trakt-api.md §2: 502-504 "try again in 30s"). */
  retryMaxMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
  onEvent?: (event: HttpEvent) => void;
  /** Aborts waits and requests in flight (SIGINT). */
  signal?: AbortSignal;
}

export interface TraktResponse {
  status: number;
  method: string;
  /** Path and query WITHOUT secrets (for errors, logs and the archive manifest). */
  path: string;
  headers: Headers;
  /** Exactly as received (the archive stores it). */
  body: string;
  /** Parsed; undefined for an empty body. */
  json: unknown;
  pagination: Pagination | undefined;
  rateLimit: RateLimitHeader | undefined;
}

export type HttpEvent =
  | { type: 'request'; method: string; path: string; attempt: number }
  | { type: 'response'; method: string; path: string; status: number; ms: number }
  | { type: 'retry'; method: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: 'rate-limit-wait'; ms: number; until: number; reason: 'budget' | 'retry-after' }
  | { type: 'token-refreshed'; expiresAt: number };

export interface ClientStats {
  /** Requests sent, retries included. */
  requests: number;
  /** 429 answers received. */
  rateLimited: number;
  retries: number;
  /** Time spent waiting for budget or a Retry-After pause. */
  readonly waitedMs: number;
  refreshed: number;
}

export interface PostOptions {
  host?: 'api' | 'auth';
  /** Send the bearer token; default true on the API host, false on the auth host. */
  auth?: boolean;
  /** Statuses returned as responses instead of errors, unretried (the device flow answers with 400, 404, 409, 410, 418, 429). */
  accept?: readonly number[];
  signal?: AbortSignal;
}

export const DEFAULTS = {
  // docs/trakt-api.md §2: GET 500 per 5 minutes (#909, #922), not the 1000 the old docs say.
  rateLimit: { limit: 500, windowMs: 300_000 },
  // docs/trakt-api.md §2: AUTHED_API_POST_LIMIT, 1 call per second.
  writeRateLimit: { limit: 1, windowMs: 1000 },
  rateLimitMarginMs: 1000,
  timeoutMs: 30_000,
  maxRetries: 5,
  retryBaseMs: 1000,
  // docs/trakt-api.md §2: 502/503/504 "try again in 30s".
  retryMaxMs: 30_000,
  // A 429 with neither Retry-After nor X-Ratelimit (security systems, docs/trakt-api.md §2): wait a minute, then retry.
  rateLimitedFallbackMs: 60_000,
} as const;

interface RequestSpec {
  method: 'GET' | 'POST';
  host: 'api' | 'auth';
  path: string;
  query?: Query | undefined;
  body?: unknown;
  auth: boolean;
  accept?: readonly number[] | undefined;
  signal?: AbortSignal | undefined;
  /** A write to the API: never retried once it may have been applied (see WriteOutcomeUnknownError). */
  unsafe: boolean;
}

/**
 * Connection failures that happen before a byte of the request leaves: a
 * write that failed so was certainly not applied, and may be sent again.
 */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether a write that failed so may have been applied by Trakt. */
function outcomeUnknown(failure: Failure): boolean {
  if (failure.kind === 'rate-limited') return false;
  return !(failure.kind === 'network' && NOT_SENT.has(failure.reason));
}

type Sent =
  | {
      kind: 'response';
      response: Response;
      bytes: Uint8Array | undefined;
      bodyError: unknown;
      timedOut: boolean;
    }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown }
  | { kind: 'aborted'; reason: unknown };

type Inspected = { ok: true; text: string; json: unknown } | { ok: false; text: string; failure: Failure };

/**
 * The only code in traktdb that talks to Trakt. Adds the required headers and
 * the bearer token, keeps to the rate budget (rate-limit.ts), honours
 * Retry-After for the whole client, retries what is worth retrying
 * (retry.ts), refreshes the token once on a 401, and turns everything else
 * into a typed error (errors.ts) whose message names the request.
 */
export class TraktClient {
  readonly stats: ClientStats;
  readonly clientId: string;
  readonly #clientSecret: string | undefined;
  readonly #apiUrl: string;
  readonly #authUrl: string;
  readonly #tokens: TokenSource | undefined;
  readonly #limiter: RateLimiter;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #onEvent: ((event: HttpEvent) => void) | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #seenTokens = new Set<string>();

  constructor(options: TraktClientOptions) {
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#authUrl = options.authUrl.replace(/\/+$/, '');
    this.#tokens = options.tokens;
    this.#clock = options.clock ?? systemClock;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#onEvent = options.onEvent;
    this.#signal = options.signal;
    this.#timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.#policy = {
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      baseMs: options.retryBaseMs ?? DEFAULTS.retryBaseMs,
      capMs: options.retryMaxMs ?? DEFAULTS.retryMaxMs,
      random: options.random ?? Math.random,
    };
    this.#limiter = new RateLimiter({
      read: options.rateLimit ?? DEFAULTS.rateLimit,
      write: options.writeRateLimit ?? DEFAULTS.writeRateLimit,
      marginMs: options.rateLimitMarginMs ?? DEFAULTS.rateLimitMarginMs,
      clock: this.#clock,
      onWait: (wait) => this.#emit({ type: 'rate-limit-wait', ...wait }),
    });
    const limiter = this.#limiter;
    this.stats = {
      requests: 0,
      rateLimited: 0,
      retries: 0,
      get waitedMs() {
        return limiter.waitedMs;
      },
      refreshed: 0,
    };
    this.#tokens?.onRefreshed((tokens) => {
      this.stats.refreshed += 1;
      this.#emit({ type: 'token-refreshed', expiresAt: tokenExpiresAt(tokens) });
    });
  }

  /** The rate limiter, for inspection (tests, `--verbose`). */
  get limiter(): RateLimiter {
    return this.#limiter;
  }

  get(path: string, query?: Query, options: { signal?: AbortSignal } = {}): Promise<TraktResponse> {
    return this.#request({
      method: 'GET',
      host: 'api',
      path,
      query,
      auth: true,
      signal: options.signal,
      unsafe: false,
    });
  }

  /**
   * A POST under the write budget (`writeRateLimit`). On the API host it is a
   * write to the account: a 429 is retried after Retry-After (Trakt refused it
   * unread), a connection that never opened is retried, but a write whose
   * outcome is unknown (a reset or timeout once sent, a 5xx, a 2xx cut short)
   * is never sent again: it fails with WriteOutcomeUnknownError, for the caller
   * to settle by reading the account. A 420 is an AccountLimitError naming the
   * limit. OAuth calls (host `auth`) keep the ordinary retries.
   */
  post(path: string, body: unknown, options: PostOptions = {}): Promise<TraktResponse> {
    const host = options.host ?? 'api';
    return this.#request({
      method: 'POST',
      host,
      path,
      body,
      auth: options.auth ?? host === 'api',
      accept: options.accept,
      signal: options.signal,
      unsafe: host === 'api',
    });
  }

  /** client_id and client_secret for the OAuth bodies (auth.ts); never logged. */
  oauthCredentials(): { client_id: string; client_secret: string | undefined } {
    return { client_id: this.clientId, client_secret: this.#clientSecret };
  }

  async #request(spec: RequestSpec): Promise<TraktResponse> {
    const shown = displayPath(spec.path, spec.query);
    const ref: RequestRef = { method: spec.method, path: shown };
    const base = spec.host === 'auth' ? this.#authUrl : this.#apiUrl;
    const qs = queryString(spec.query);
    const url = base + spec.path + (qs === '' ? '' : spec.path.includes('?') ? `&${qs.slice(1)}` : qs);
    const kind: BudgetKind = spec.method === 'GET' ? 'read' : 'write';
    const signal = anySignal(this.#signal, spec.signal);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let attempt = 0;
    let failures = 0;
    let htmlFailures = 0;
    let refreshed = false;

    for (;;) {
      attempt += 1;
      const token = await this.#token(spec, ref);
      let started = 0;
      let sent: Sent;
      try {
        sent = await this.#limiter.run(
          kind,
          () => {
            this.stats.requests += 1;
            this.#emit({ type: 'request', method: spec.method, path: shown, attempt });
            started = this.#clock.now();
            return this.#send(spec.method, url, this.#headers(token), body, signal);
          },
          { signal, retry: attempt > 1 },
        );
      } catch (error) {
        throw signal?.aborted ? this.#interrupted(ref, error) : error;
      }
      this.#limiter.settle(
        kind,
        sent.kind === 'response' ? parseRateLimit(sent.response.headers) : undefined,
        started,
      );
      if (sent.kind === 'aborted') throw this.#interrupted(ref, sent.reason);

      let failure: Failure;
      let text = '';
      let status: number | undefined;
      if (sent.kind === 'response') {
        const { response } = sent;
        status = response.status;
        this.#emit({
          type: 'response',
          method: spec.method,
          path: shown,
          status,
          ms: this.#clock.now() - started,
        });
        const inspected = inspect(sent, spec.method);
        text = inspected.text;
        if (spec.accept?.includes(status))
          return this.#response(spec, shown, response, text, parseLoose(text));
        if (status >= 200 && status < 300) {
          if (inspected.ok) return this.#response(spec, shown, response, text, inspected.json);
          failure = inspected.failure;
        } else if (status === 401) {
          if (refreshed || !spec.auth || this.#tokens === undefined)
            throw this.#unauthorized(ref, spec, refreshed);
          refreshed = true;
          await this.#refreshAfter401(token, ref);
          continue;
        } else if (status === 429) {
          this.stats.rateLimited += 1;
          this.#limiter.pause(this.#retryAfterMs(response.headers));
          failure = { kind: 'rate-limited' };
        } else if (RETRYABLE_STATUSES.has(status)) {
          failure = { kind: 'status', status };
        } else {
          throw this.#statusError(ref, spec, response, text);
        }
      } else if (sent.kind === 'timeout') {
        failure = { kind: 'timeout' };
      } else {
        failure = { kind: 'network', reason: this.#scrub(networkReason(sent.error)) };
      }

      if (spec.unsafe && outcomeUnknown(failure)) {
        throw new WriteOutcomeUnknownError(
          status === undefined ? ref : { ...ref, status },
          describeFailure(failure),
          {
            ...(sent.kind === 'network' ? { cause: this.#sanitize(sent.error) } : {}),
            ...(this.#detail(spec, text) === undefined ? {} : { detail: this.#detail(spec, text) as string }),
          },
        );
      }
      failures += 1;
      if (failure.kind === 'html') htmlFailures += 1;
      // An HTML page has a smaller allowance of its own (HTML_RETRIES), counted over HTML pages
      // only: 5xx, resets and timeouts before it must not spend it (on a loaded machine they did,
      // and one maintenance page after three timeouts ended a run). The total stays bounded.
      const decision =
        failures > this.#policy.maxRetries
          ? ({ retry: false } as const)
          : decide(failure, failure.kind === 'html' ? htmlFailures : failures, this.#policy);
      if (!decision.retry) {
        throw this.#finalError(
          ref,
          spec,
          failure,
          attempt,
          status,
          text,
          sent.kind === 'network' ? sent.error : undefined,
        );
      }
      this.stats.retries += 1;
      this.#emit({
        type: 'retry',
        method: spec.method,
        path: shown,
        attempt: attempt + 1,
        delayMs: decision.delayMs,
        reason: describeFailure(failure),
      });
      if (decision.delayMs > 0) {
        try {
          await this.#clock.sleep(decision.delayMs, signal);
        } catch (error) {
          throw signal?.aborted ? this.#interrupted(ref, error) : error;
        }
      }
    }
  }

  async #send(
    method: string,
    url: string,
    headers: Headers,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Sent> {
    // A timeout guards a real socket, so it runs on a real timer, not the injected
    // clock; unlike AbortSignal.timeout() it is cleared, and it keeps the process
    // alive while it waits.
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException('The attempt timed out', 'TimeoutError')),
      this.#timeoutMs,
    );
    const combined = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
    try {
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers,
          signal: combined,
          ...(body === undefined ? {} : { body }),
        });
      } catch (error) {
        if (signal?.aborted) return { kind: 'aborted', reason: signal.reason };
        if (timeout.signal.aborted) return { kind: 'timeout' };
        return { kind: 'network', error };
      }
      try {
        const bytes = new Uint8Array(await response.arrayBuffer());
        return { kind: 'response', response, bytes, bodyError: undefined, timedOut: false };
      } catch (error) {
        if (signal?.aborted) return { kind: 'aborted', reason: signal.reason };
        return {
          kind: 'response',
          response,
          bytes: undefined,
          bodyError: error,
          timedOut: timeout.signal.aborted,
        };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  #headers(token: string | undefined): Headers {
    return requestHeaders(this.clientId, token);
  }

  async #token(spec: RequestSpec, ref: RequestRef): Promise<string | undefined> {
    if (!spec.auth || this.#tokens === undefined) return undefined;
    let token: string | undefined;
    try {
      token = await this.#tokens.current();
    } catch (error) {
      throw this.#tokenFailure(ref, error);
    }
    if (token !== undefined) this.#seenTokens.add(token);
    return token;
  }

  async #refreshAfter401(failedToken: string | undefined, ref: RequestRef): Promise<void> {
    try {
      const next = await this.#tokens?.onUnauthorized(failedToken);
      if (next !== undefined) this.#seenTokens.add(next);
    } catch (error) {
      throw this.#tokenFailure(ref, error);
    }
  }

  /** A TokenError from the token source says nothing of the request; this one does. */
  #tokenFailure(ref: RequestRef, error: unknown): unknown {
    if (error instanceof TokenError && error.path === undefined) {
      return new TokenError(
        this.#scrub(`${ref.method} ${ref.path} failed: ${lowerFirst(error.message)}`),
        { ...ref, ...(error.status === undefined ? {} : { status: error.status }) },
        { cause: error },
      );
    }
    return error;
  }

  #unauthorized(ref: RequestRef, spec: RequestSpec, afterRefresh: boolean): TokenError {
    if (afterRefresh) {
      return TokenError.failed(
        { ...ref, status: 401 },
        'Trakt rejected the access token again right after refreshing it (401)',
        LOGIN_HINT,
      );
    }
    if (spec.host === 'auth') {
      return TokenError.failed(
        { ...ref, status: 401 },
        'Trakt rejected the app credentials (401)',
        'Check --client-id / TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET.',
      );
    }
    return TokenError.failed(
      { ...ref, status: 401 },
      'Trakt needs a login for this (401)',
      'Run `traktdb auth login`, or set TRAKT_ACCESS_TOKEN.',
    );
  }

  #retryAfterMs(headers: Headers): number {
    const now = this.#clock.now();
    const retryAfter = parseRetryAfter(headers, now);
    if (retryAfter !== undefined) return retryAfter;
    const until = parseRateLimit(headers)?.until;
    const untilMs = until === undefined ? Number.NaN : Date.parse(until) - now;
    return Number.isFinite(untilMs) && untilMs > 0 ? untilMs : DEFAULTS.rateLimitedFallbackMs;
  }

  #statusError(ref: RequestRef, spec: RequestSpec, response: Response, text: string): HttpError {
    const detail = this.#detail(spec, text);
    const options = detail === undefined ? {} : { detail };
    const { status, headers } = response;
    switch (status) {
      case 403:
        return new ApiKeyError(ref, options);
      case 404:
        return new NotFoundError(ref, options);
      case 420:
        return new AccountLimitError(ref, headers, options);
      case 423:
        return new AccountLockedError(ref, headers, options);
      case 426:
        return new VipOnlyError(ref, headers, options);
      default:
        return HttpError.for(ref, status, this.#explanation(spec, text), options);
    }
  }

  #finalError(
    ref: RequestRef,
    spec: RequestSpec,
    failure: Failure,
    attempts: number,
    status: number | undefined,
    text: string,
    cause: unknown,
  ): HttpError {
    const detail = this.#detail(spec, text);
    const options = detail === undefined ? {} : { detail };
    switch (failure.kind) {
      case 'rate-limited':
        return new RateLimitedError(ref, attempts, options);
      case 'status':
        return new ServerError(ref, failure.status, attempts, options);
      case 'html':
        return new NotJsonError({ ...ref, status: status ?? 200 }, true, attempts, options);
      case 'truncated':
        return new NotJsonError({ ...ref, status: status ?? 200 }, false, attempts, {
          ...options,
          reason: failure.reason,
        });
      case 'timeout':
        return new TransportError(ref, `${formatMs(this.#timeoutMs)}`, true, attempts, options);
      case 'network':
        return new TransportError(ref, failure.reason, false, attempts, {
          ...options,
          cause: this.#sanitize(cause),
        });
    }
  }

  /** Trakt's own words about a 4xx, e.g. `error_description`; never for OAuth, whose bodies echo codes. */
  #explanation(spec: RequestSpec, text: string): string | undefined {
    if (isOAuthPath(spec.path)) return undefined;
    const json = parseLoose(text);
    if (typeof json !== 'object' || json === null) return undefined;
    const record = json as Record<string, unknown>;
    const said = record['error_description'] ?? record['error'] ?? record['message'];
    return typeof said === 'string' && said !== '' ? this.#scrub(said.slice(0, 200)) : undefined;
  }

  /** The start of the body, for --verbose; never for OAuth. */
  #detail(spec: RequestSpec, text: string): string | undefined {
    if (isOAuthPath(spec.path) || text === '') return undefined;
    return this.#scrub(`response body: ${text.slice(0, 500)}${text.length > 500 ? '…' : ''}`);
  }

  /**
   * fetch's own error, rebuilt from its name, code and scrubbed message: the
   * original's text and stack come from code we do not control.
   */
  #sanitize(error: unknown, depth = 0): unknown {
    if (!(error instanceof Error) || depth > 3)
      return error === undefined ? undefined : this.#scrub(String(error));
    const code = (error as { code?: unknown }).code;
    const cause = error.cause === undefined ? undefined : this.#sanitize(error.cause, depth + 1);
    const copy = new Error(this.#scrub(error.message), cause === undefined ? undefined : { cause });
    copy.name = error.name;
    if (typeof code === 'string') Object.assign(copy, { code });
    return copy;
  }

  #interrupted(ref: RequestRef, reason: unknown): unknown {
    if (reason instanceof TraktdbError) return reason;
    return new InterruptedError(`${ref.method} ${ref.path} was interrupted.`, { cause: reason });
  }

  #response(
    spec: RequestSpec,
    shown: string,
    response: Response,
    body: string,
    json: unknown,
  ): TraktResponse {
    return {
      status: response.status,
      method: spec.method,
      path: shown,
      headers: response.headers,
      body,
      json,
      pagination: parsePagination(response.headers),
      rateLimit: parseRateLimit(response.headers),
    };
  }

  #secrets(): string[] {
    const secrets = [...this.#seenTokens, ...(this.#tokens?.secrets() ?? [])];
    if (this.#clientSecret !== undefined) secrets.push(this.#clientSecret);
    return secrets;
  }

  #scrub(text: string): string {
    return scrub(text, this.#secrets());
  }

  #emit(event: HttpEvent): void {
    this.#onEvent?.(event);
  }
}

/**
 * Reads a 2xx body as Trakt's JSON: cut short (shorter than Content-Length,
 * or the connection closed mid-body), an HTML page (Cloudflare in the way),
 * or not JSON at all are failures worth retrying.
 */
function inspect(sent: Extract<Sent, { kind: 'response' }>, method: string): Inspected {
  const { response, bytes } = sent;
  if (bytes === undefined) {
    if (sent.timedOut) return { ok: false, text: '', failure: { kind: 'timeout' } };
    return { ok: false, text: '', failure: { kind: 'truncated', reason: 'the connection closed mid-body' } };
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const declared = response.headers.get('content-length');
  // With Content-Encoding the length counts compressed bytes; fetch hands us decoded ones.
  if (declared !== null && !response.headers.has('content-encoding') && bytes.byteLength < Number(declared)) {
    return {
      ok: false,
      text,
      failure: { kind: 'truncated', reason: `${bytes.byteLength} of ${declared} bytes` },
    };
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    if (response.status === 204 || response.status === 205 || method !== 'GET') {
      return { ok: true, text, json: undefined };
    }
    return { ok: false, text, failure: { kind: 'truncated', reason: 'empty body' } };
  }
  const type = response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type) || trimmed.startsWith('<'))
    return { ok: false, text, failure: { kind: 'html' } };
  try {
    return { ok: true, text, json: JSON.parse(text) };
  } catch {
    return { ok: false, text, failure: { kind: 'truncated', reason: 'it does not parse' } };
  }
}

function parseLoose(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** undici says "fetch failed" and puts the reason (ECONNRESET, ENOTFOUND...) in `cause`. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  for (const candidate of [cause, error]) {
    if (typeof candidate === 'object' && candidate !== null) {
      const code = (candidate as { code?: unknown }).code;
      if (typeof code === 'string' && code !== '') return code;
    }
  }
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return AbortSignal.any([a, b]);
}

/** "GET /x failed: the stored token..." but "GET /x failed: Trakt rejected...": only common words lose the capital. */
function lowerFirst(text: string): string {
  return /^(The|A|An|No) /.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
