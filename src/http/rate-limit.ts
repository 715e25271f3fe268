import Bottleneck from 'bottleneck';
import type { Clock } from '../clock.ts';
import { BudgetWindow } from './budget-window.ts';
import type { RateLimitHeader } from './headers.ts';
import { SlidingWindow } from './sliding-window.ts';

/**
 * The client's rate budget: one instance per TraktClient, nothing shared at
 * module level. Two buckets as Trakt counts them (docs/trakt-api.md §2): GETs ("read"),
 * and POST/PUT/DELETE ("write", 1 per second, kept as "at most N in any
 * window" by a SlidingWindow). On top of both, a client-wide
 * pause after any 429, because "if you trigger rate limits then all API
 * requests are blocked" (docs/trakt-api.md §2, #827).
 *
 * Bottleneck (maxConcurrent 1) queues the requests of each bucket in order,
 * retries first by priority, and admits them one at a time: the head of the
 * queue takes a token and starts its request in the same synchronous step,
 * or sleeps alone until the window reopens while the rest queue behind it.
 * Admission costs a few turns of the event loop, not budget time, so a full
 * budget of 500 lets 500 requests leave at once, bounded only by the
 * caller's concurrency. The window arithmetic lives in BudgetWindow,
 * corrected synchronously from each answer's X-Ratelimit. (Bottleneck's own
 * reservoir is updated asynchronously, a timer tick later, so a request
 * could slip past a budget an answer had just lowered; deciding in
 * BudgetWindow inside the serialized admission rules that out.)
 */
export type BudgetKind = 'read' | 'write';

export interface RateWait {
  ms: number;
  until: number;
  reason: 'budget' | 'retry-after';
}

export interface RateLimiterOptions {
  read: { limit: number; windowMs: number };
  write: { limit: number; windowMs: number };
  /** Dead time after a server-told window end before the next window (see BudgetWindow). */
  marginMs: number;
  clock: Clock;
  onWait?: (wait: RateWait) => void;
}

/** Bottleneck priorities: lower runs first; a retry should not queue behind fresh work. */
export const PRIORITY = { retry: 4, normal: 5 } as const;

export class RateLimiter {
  readonly #clock: Clock;
  readonly #onWait: ((wait: RateWait) => void) | undefined;
  readonly #budgets: { read: BudgetWindow; write: SlidingWindow };
  readonly #queues: Record<BudgetKind, Bottleneck>;
  readonly #wakers: Record<BudgetKind, AbortController | undefined> = { read: undefined, write: undefined };
  #pausedUntil = 0;
  #waitedMs = 0;

  constructor(options: RateLimiterOptions) {
    this.#clock = options.clock;
    this.#onWait = options.onWait;
    this.#budgets = {
      read: new BudgetWindow({ ...options.read, marginMs: options.marginMs }),
      // Writes are counted per second by the server; a margin of a second would halve the rate.
      write: new SlidingWindow(options.write),
    };
    this.#queues = {
      read: new Bottleneck({ maxConcurrent: 1 }),
      write: new Bottleneck({ maxConcurrent: 1 }),
    };
  }

  /** Milliseconds spent waiting for budget or a Retry-After pause. */
  get waitedMs(): number {
    return this.#waitedMs;
  }

  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  budget(kind: 'read'): BudgetWindow;
  budget(kind: 'write'): SlidingWindow;
  budget(kind: BudgetKind): BudgetWindow | SlidingWindow {
    return this.#budgets[kind];
  }

  /**
   * Sends one request of this kind as soon as the budget allows: `send` is
   * called in the same synchronous step that takes the token, so the time a
   * request leaves is the time it was counted. The caller must call
   * `settle()` once it has the answer (or gave up on one).
   */
  async run<T>(
    kind: BudgetKind,
    send: () => Promise<T>,
    options: { signal?: AbortSignal | undefined; retry?: boolean } = {},
  ): Promise<T> {
    const { signal } = options;
    // Wrapped so that Bottleneck's job ends at admission, not when the answer arrives.
    const admitted = this.#queues[kind].schedule(
      { priority: options.retry ? PRIORITY.retry : PRIORITY.normal },
      async () => {
        await this.#admit(kind, signal);
        return { sent: send() };
      },
    );
    if (signal === undefined) return (await admitted).sent;
    try {
      return (await abortable(admitted, signal)).sent;
    } catch (error) {
      // Released by the abort: if the request still went out, nobody will settle it but us.
      admitted.then(
        ({ sent }) => sent.finally(() => this.#budgets[kind].settle(undefined)).catch(() => {}),
        () => {},
      );
      throw error;
    }
  }

  /** A request sent by `run()` at `sentAt` is over; `header` is its answer's X-Ratelimit. */
  settle(kind: BudgetKind, header: RateLimitHeader | undefined, sentAt: number): void {
    if (this.#budgets[kind].settle(header, sentAt)) this.#wakers[kind]?.abort();
  }

  /**
   * After a 429: no request of any kind leaves until `now + ms`
   * (Retry-After honoured to the second, docs/trakt-api.md §2).
   */
  pause(ms: number): void {
    const now = this.#clock.now();
    const until = now + Math.max(0, ms);
    if (until <= this.#pausedUntil) return;
    this.#waitedMs += until - Math.max(now, this.#pausedUntil);
    this.#pausedUntil = until;
    this.#onWait?.({ ms: until - now, until, reason: 'retry-after' });
  }

  /** The head of a bucket's queue: leaves with a token, or waits for one. */
  async #admit(kind: BudgetKind, signal: AbortSignal | undefined): Promise<void> {
    const budget = this.#budgets[kind];
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now < this.#pausedUntil) {
        // Counted in waitedMs by pause(), once for the whole client.
        await this.#sleep(kind, this.#pausedUntil - now, signal);
        continue;
      }
      const taken = budget.take(now);
      if (taken.ok) return;
      const ms = taken.until - now;
      this.#onWait?.({ ms, until: taken.until, reason: 'budget' });
      try {
        await this.#sleep(kind, ms, signal);
      } finally {
        this.#waitedMs += Math.max(0, this.#clock.now() - now);
      }
    }
  }

  /** Sleeps on the injected clock; settle() cuts it short when an answer changes the budget. */
  async #sleep(kind: BudgetKind, ms: number, signal: AbortSignal | undefined): Promise<void> {
    const waker = new AbortController();
    this.#wakers[kind] = waker;
    try {
      await this.#clock.sleep(
        ms,
        signal === undefined ? waker.signal : AbortSignal.any([signal, waker.signal]),
      );
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      if (!waker.signal.aborted) throw error;
    } finally {
      if (this.#wakers[kind] === waker) this.#wakers[kind] = undefined;
    }
  }
}

/**
 * A queued Bottleneck job cannot be pulled out of its queue; when its turn
 * comes it sees the aborted signal and leaves without taking a token. The
 * caller is released at once.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
