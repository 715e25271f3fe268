import type { TakeResult } from './budget-window.ts';
import type { RateLimitHeader } from './headers.ts';

/**
 * The write budget: at most `limit` writes in ANY window of `windowMs`
 * (`--write-rate N/SECONDS`, docs/restore.md). Trakt counts
 * POST, PUT and DELETE per user, one per second (docs/trakt-api.md §2,
 * AUTHED_API_POST_LIMIT). A fixed window that opens at the first request
 * would let N writes end one window and N more start the next, 2N within
 * one span; a log of the last `limit` send times cannot. Pure and
 * synchronous, like BudgetWindow: the RateLimiter asks `take()` and reports
 * answers through `settle()`.
 *
 * An answer's `X-Ratelimit` saying nothing remains (another app of the same
 * user writes too) holds writes until its `until`, capped at two periods
 * after the send, so a server clock far ahead cannot stall us for long.
 */
export interface SlidingWindowOptions {
  limit: number;
  windowMs: number;
}

export class SlidingWindow {
  readonly #limit: number;
  readonly #windowMs: number;
  /** Send times still inside a window, oldest first (at most `limit`). */
  #sent: number[] = [];
  #heldUntil = 0;
  #inFlight = 0;

  constructor(options: SlidingWindowOptions) {
    this.#limit = positiveInt(options.limit, 'limit');
    this.#windowMs = positiveInt(options.windowMs, 'windowMs');
  }

  get limit(): number {
    return this.#limit;
  }
  get windowMs(): number {
    return this.#windowMs;
  }
  get inFlight(): number {
    return this.#inFlight;
  }
  /** Send times of the writes that still count against the window. */
  get sent(): readonly number[] {
    return this.#sent;
  }

  /** Takes a slot for a write leaving now, or says when to ask again. */
  take(now: number): TakeResult {
    if (now < this.#heldUntil) return { ok: false, until: this.#heldUntil };
    // A write sent at t occupies [t, t + windowMs).
    while (this.#sent.length > 0 && (this.#sent[0] as number) + this.#windowMs <= now) this.#sent.shift();
    if (this.#sent.length >= this.#limit) {
      return { ok: false, until: (this.#sent[0] as number) + this.#windowMs };
    }
    this.#sent.push(now);
    this.#inFlight += 1;
    return { ok: true };
  }

  /**
   * A write taken with `take()` is over (answered or given up on); its slot
   * stays spent either way. Returns true when the hold moved, so a waiter
   * should look again.
   */
  settle(header?: RateLimitHeader, sentAt?: number): boolean {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (header === undefined || header.remaining - this.#inFlight > 0) return false;
    const until = Date.parse(header.until);
    if (Number.isNaN(until)) return false;
    const period = header.period !== undefined && header.period > 0 ? header.period * 1000 : this.#windowMs;
    const capped = sentAt === undefined ? until : Math.min(until, sentAt + 2 * period);
    if (capped <= this.#heldUntil) return false;
    this.#heldUntil = capped;
    return true;
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be at least 1, got ${value}`);
  return Math.floor(value);
}
