import type { Clock } from '../../../src/clock.ts';

export const T0 = Date.parse('2026-11-01T12:00:00.000Z');

interface Timer {
  at: number;
  ms: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Time moves only when the test says so; sleeps resolve in order of their end. */
export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  /** Every requested sleep, in ms, in order. */
  readonly requested: number[] = [];

  constructor(start = T0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.requested.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        ms,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', timer.onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Ends of the sleeps still pending, earliest first. */
  pending(): number[] {
    return this.#timers.map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves time forward, waking each due sleeper at its own time and letting it run. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  async advanceTo(target: number): Promise<void> {
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      due.signal?.removeEventListener('abort', due.onAbort);
      this.#now = Math.max(this.#now, due.at);
      due.resolve();
      await settle();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }
}

/** Sleeps end at once, moving time forward by what was asked; every request is recorded. */
export class AutoClock implements Clock {
  #now: number;
  readonly requested: number[] = [];

  constructor(start = T0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.requested.push(ms);
    signal?.throwIfAborted();
    const end = this.#now + Math.max(0, ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    this.#now = Math.max(this.#now, end);
  }
}

/**
 * Lets the event loop run until nothing is left to do but wait on the fake
 * clock. Bottleneck hops through real zero-delay timers, so this waits real
 * turns of the loop; it never waits on time the tests control.
 */
export async function settle(turns = 12): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Waits (in turns of the event loop, not clock time) until `condition` holds. */
export async function until(condition: () => boolean, what = 'condition', maxTurns = 5000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`timed out waiting for ${what}`);
}
