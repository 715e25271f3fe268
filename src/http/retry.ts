/**
 * When to try a failed request again, as a pure function: exponential backoff
 * with full jitter (delay = random * min(cap, base * 2^retries)), at most
 * `maxRetries` retries. 4xx answers other than 429 are final; 401 is handled
 * by a token refresh in the client, not here.
 */
export type Failure =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limited' }
  | { kind: 'network'; reason: string }
  | { kind: 'timeout' }
  | { kind: 'truncated'; reason: string }
  | { kind: 'html' };

export type Decision = { retry: true; delayMs: number } | { retry: false };

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  capMs: number;
  /** In [0, 1); injected so tests and properties are deterministic. */
  random: () => number;
}

// docs/trakt-api.md §2 "Status codes": 500 server error; 502/503/504 overloaded, "try
// again in 30s"; 520/521/522 Cloudflare errors.
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504, 520, 521, 522]);

/**
 * An HTML page on a 200 is usually Cloudflare in the way (a challenge or a
 * maintenance page): worth a few tries with backoff, though fewer than a 5xx.
 * Two retries were too few: at a 10% rate, three pages in a row met one
 * request in a thousand, i.e. a backup in twenty (the fault matrix found it).
 */
export const HTML_RETRIES = 4;

/**
 * A host name the resolver says does not exist (ENOTFOUND) is a typo in
 * --api-url or a machine without DNS, not a blip: six tries over fifteen
 * seconds only delayed the one sentence that says so. A lookup that could not
 * be made (EAI_AGAIN) is temporary and is retried.
 */
const PERMANENT_NETWORK_FAILURES: ReadonlySet<string> = new Set(['ENOTFOUND']);

export function isRetryable(failure: Failure): boolean {
  if (failure.kind === 'network') return !PERMANENT_NETWORK_FAILURES.has(failure.reason);
  return failure.kind === 'status' ? RETRYABLE_STATUSES.has(failure.status) : true;
}

/**
 * `attempt` is the 1-based number of the attempt that just failed, so
 * `attempt - 1` retries have been made. A 429 retries with no delay of its
 * own: the client-wide Retry-After pause in the rate limiter does the waiting.
 */
export function decide(failure: Failure, attempt: number, policy: RetryPolicy): Decision {
  const retriesSoFar = Math.max(0, Math.floor(attempt) - 1);
  const allowed = failure.kind === 'html' ? Math.min(policy.maxRetries, HTML_RETRIES) : policy.maxRetries;
  if (!isRetryable(failure) || retriesSoFar >= allowed) return { retry: false };
  if (failure.kind === 'rate-limited') return { retry: true, delayMs: 0 };
  return { retry: true, delayMs: backoff(retriesSoFar, policy) };
}

export function backoff(
  retriesSoFar: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>,
): number {
  const cap = Math.max(0, policy.capMs);
  // The exponent is bounded so a huge attempt number cannot overflow to Infinity * 0.
  const ceiling = Math.min(cap, Math.max(0, policy.baseMs) * 2 ** Math.min(retriesSoFar, 40));
  const r = policy.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.min(cap, Math.floor(unit * ceiling));
}

export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}`;
    case 'rate-limited':
      return 'HTTP 429';
    case 'network':
      return `connection failed (${failure.reason})`;
    case 'timeout':
      return 'timed out';
    case 'truncated':
      return `body not valid JSON (${failure.reason})`;
    case 'html':
      return 'HTML where JSON was expected';
  }
}
