import type { RateLimitHeader } from './headers.ts';

/**
 * One rate bucket as a fixed window, as Trakt counts it (docs/trakt-api.md §2: "N calls
 * per 5 minutes", `X-Ratelimit.until` = end of the current window). Pure and
 * synchronous: time comes in as an argument, and nothing here waits. The
 * RateLimiter (rate-limit.ts) asks `take()` whether a request may leave now and
 * reports each answer's `X-Ratelimit` through `settle()`.
 *
 * How it stays under the server's budget:
 * - Until the server has said anything about a window, assume it is fresh:
 *   `limit` tokens from our first request, ending `windowMs` later.
 * - Every `X-Ratelimit` is the truth about the window it names. Its `remaining`
 *   was computed when that request was counted; any of our other requests
 *   still in flight may not have been counted yet, so they are subtracted:
 *   tokens = remaining - othersInFlight. Within one window the budget only
 *   goes down (answers arrive out of order; the lowest is the newest).
 * - A later `until` than the window we track means the server moved on
 *   (our clock is behind): adopt it and its `remaining`.
 * - An `until` we have already rolled past is stale and ignored.
 * - A window the server told us about ends at `until`; we then hold back for
 *   `marginMs` more (until has one-second resolution, and the clocks may
 *   differ), so no request straddles the boundary, then start a fresh window.
 * - If our clock runs ahead of Trakt's, an answer names a window that by our
 *   clock had ended before the request was sent. That proves the lag, which
 *   is then added to every later `until` (learned from the send time, not
 *   the Date header, so a simulator on a fake clock cannot mislead it).
 */
export interface BudgetWindowOptions {
  limit: number;
  windowMs: number;
  /** Dead time after a server-told `until` before the next window is used. */
  marginMs: number;
}

export type TakeResult = { ok: true } | { ok: false; until: number };

// `until` has one-second resolution; two different windows are at least a period apart.
const SAME_WINDOW_MS = 1000;

export class BudgetWindow {
  #limit: number;
  #windowMs: number;
  readonly #marginMs: number;
  #tokens: number;
  /** End of the window in use (ms since the epoch); undefined = none open yet. */
  #end: number | undefined;
  /** Whether #end came from the server's `until` (else it is our assumption). */
  #told = false;
  /** End of the last server-told window we rolled past; answers about it are stale. */
  #lastToldEnd = Number.NEGATIVE_INFINITY;
  #inFlight = 0;
  /** How far our clock is known to run ahead of the server's. */
  #lagMs = 0;

  constructor(options: BudgetWindowOptions) {
    this.#limit = positiveInt(options.limit, 'limit');
    this.#windowMs = positiveInt(options.windowMs, 'windowMs');
    this.#marginMs = Math.max(0, options.marginMs);
    this.#tokens = this.#limit;
  }

  get limit(): number {
    return this.#limit;
  }
  get windowMs(): number {
    return this.#windowMs;
  }
  get tokens(): number {
    return this.#tokens;
  }
  get inFlight(): number {
    return this.#inFlight;
  }
  /** End of the window in use, and whether the server told us so. */
  get window(): { end: number; told: boolean } | undefined {
    return this.#end === undefined ? undefined : { end: this.#end, told: this.#told };
  }
  get lagMs(): number {
    return this.#lagMs;
  }

  /** Takes one token for a request leaving now, or says when to ask again. */
  take(now: number): TakeResult {
    if (this.#end !== undefined) {
      const reopens = this.#reopensAt();
      if (now >= reopens) {
        if (this.#told) this.#lastToldEnd = this.#end;
        this.#end = undefined;
        this.#told = false;
        this.#tokens = this.#limit;
      } else if (this.#told && now >= this.#end) {
        // The dead zone after a told window: its tokens are void, the next are not ours yet.
        return { ok: false, until: reopens };
      }
    }
    if (this.#end === undefined) {
      this.#end = now + this.#windowMs;
      this.#told = false;
    }
    if (this.#tokens <= 0) return { ok: false, until: this.#reopensAt() };
    this.#tokens -= 1;
    this.#inFlight += 1;
    return { ok: true };
  }

  /**
   * A request taken with `take()` is over: answered (with or without an
   * `X-Ratelimit`) or failed without an answer, in which case its token stays
   * spent because the server may have counted it. Returns true when the
   * budget opened up or its reopening moved, so a waiter should look again.
   */
  settle(header?: RateLimitHeader, sentAt?: number): boolean {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    return header === undefined ? false : this.observe(header, sentAt);
  }

  /**
   * Corrects the budget from an `X-Ratelimit` (see the class comment);
   * `sentAt` is when the request it answers left, by our clock.
   */
  observe(header: RateLimitHeader, sentAt?: number): boolean {
    const serverUntil = Date.parse(header.until);
    if (Number.isNaN(serverUntil)) return false;
    // Counted in a window that ended before we sent it: only a clock ahead of Trakt's does that.
    if (sentAt !== undefined && sentAt > serverUntil)
      this.#lagMs = Math.max(this.#lagMs, sentAt - serverUntil);
    const until = serverUntil + this.#lagMs;
    // The server's numbers win over the configured ones for every later window.
    if (header.limit >= 1) this.#limit = Math.floor(header.limit);
    if (header.period !== undefined && header.period > 0) this.#windowMs = Math.round(header.period * 1000);
    if (until <= this.#lastToldEnd) return false;

    const target = Math.max(0, Math.floor(header.remaining) - this.#inFlight);
    const tokensBefore = this.#tokens;
    const endBefore = this.#end;
    if (this.#end !== undefined && this.#told && Math.abs(until - this.#end) < SAME_WINDOW_MS) {
      this.#tokens = Math.min(this.#tokens, target);
    } else if (this.#end !== undefined && this.#told && until < this.#end) {
      return false;
    } else if (this.#end !== undefined && this.#told) {
      // The server is in a later window than we thought: what we spent was counted there.
      this.#lastToldEnd = this.#end;
      this.#tokens = target;
      this.#end = until;
    } else {
      // Our window was an assumption; the server's is not. Requests we sent on
      // that assumption are in `remaining` or still in flight.
      this.#tokens = Math.min(this.#tokens, target);
      this.#end = until;
      this.#told = true;
    }
    return (tokensBefore <= 0 && this.#tokens > 0) || this.#end !== endBefore;
  }

  #reopensAt(): number {
    const end = this.#end ?? 0;
    return this.#told ? end + this.#marginMs : end;
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be at least 1, got ${value}`);
  return Math.floor(value);
}
