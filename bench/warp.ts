import { type Clock, systemClock } from '../src/clock.ts';

/**
 * Scaled time. The simulator and the client both run on a clock that moves
 * `factor` times faster than the wall clock from `origin` on, so Trakt's
 * real budget (500 GETs per 300 s, docs/trakt-api.md §2 #909) and every constant tied to
 * it (the client's 1 s margin after a window, Retry-After seconds, the
 * lockout) shrink together: at 60x a 300 s window lasts 5 s of wall time and
 * the 1 s margin 17 ms. Scaling only the budget (`--rate-limit 500/5`) would
 * leave the margin and the whole-second Retry-After at full size, a 20%
 * distortion of every window that the real service does not have.
 */
export interface Warp {
  origin: number;
  factor: number;
}

export function warpedNow(warp: Warp, wallMs: number): number {
  return warp.origin + (wallMs - warp.origin) * warp.factor;
}

export function warpedClock(warp: Warp): Clock {
  return {
    now: () => warpedNow(warp, Date.now()),
    sleep: (ms, signal) => systemClock.sleep(ms / warp.factor, signal),
  };
}

/** Wall milliseconds until the next window of `windowMs` (warped) opens, aligned to the epoch as Trakt's are. */
export function wallMsToNextWindow(warp: Warp, windowMs: number, wallMs: number): number {
  const now = warpedNow(warp, wallMs);
  const next = Math.ceil(now / windowMs) * windowMs;
  return (next - now) / warp.factor;
}
