/**
 * Trakt's rate budget (docs/trakt-api.md §2 Rate limits): fixed windows per user, one
 * bucket for GET and one for writes, an X-Ratelimit JSON header, and a
 * lockout of every request of that user once a limit trips (#827).
 */

export interface Limit {
  limit: number;
  windowMs: number;
}

export type BucketKind = 'get' | 'write';

export interface Verdict {
  ok: boolean;
  reason?: 'budget' | 'lockout';
  /** Integer seconds, rounded up, at least 1 (Trakt sends seconds: #219). */
  retryAfter?: number;
  header: string;
}

interface Window {
  start: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly get: Limit,
    private readonly write: Limit,
    private readonly lockoutMs: number,
  ) {}

  /**
   * Counts one request of `subject` (a user, or the app for unauthenticated
   * calls) and says whether it may proceed.
   */
  take(subject: string, kind: BucketKind, authed: boolean, now: number): Verdict {
    const spec = kind === 'get' ? this.get : this.write;
    // Windows are aligned to the epoch, so `until` is the same for every request in one window.
    const start = Math.floor(now / spec.windowMs) * spec.windowMs;
    const until = start + spec.windowMs;
    const key = `${subject}|${kind}`;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(key, window);
    }
    const name =
      kind === 'write' ? 'AUTHED_API_POST_LIMIT' : authed ? 'AUTHED_API_GET_LIMIT' : 'UNAUTHED_API_GET_LIMIT';
    const header = (remaining: number, end: number) =>
      JSON.stringify({
        name,
        period: spec.windowMs / 1000,
        limit: spec.limit,
        remaining,
        until: new Date(end).toISOString().replace('.000Z', 'Z'),
      });
    const locked = this.lockedUntil.get(subject);
    if (locked !== undefined && now < locked) {
      return {
        ok: false,
        reason: 'lockout',
        retryAfter: retryAfter(locked - now),
        header: header(0, locked),
      };
    }
    window.used++;
    if (window.used <= spec.limit) return { ok: true, header: header(spec.limit - window.used, until) };
    // A trip blocks every request of the subject, across buckets, for the lockout (docs/trakt-api.md §2, #827).
    const end = this.lockoutMs > 0 ? now + this.lockoutMs : until;
    if (this.lockoutMs > 0) this.lockedUntil.set(subject, end);
    return { ok: false, reason: 'budget', retryAfter: retryAfter(end - now), header: header(0, end) };
  }
}

export function retryAfter(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
