/**
 * Derived views cached until the account changes (Account.version), so a
 * backup paging through 100K plays sorts nothing and scans once per filter.
 */
import type { Account } from './account.ts';
import { computeStats, type Stats, type WatchedView, watchedView } from './aggregate.ts';

export class Views {
  private version = -1;
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly account: Account) {}

  /** A cached value for `key`, rebuilt after any change to the account. */
  get<T>(key: string, build: () => T): T {
    if (this.version !== this.account.version) {
      this.cache.clear();
      this.version = this.account.version;
    }
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = build();
    // A bounded cache: filtered history indexes are the only unbounded family.
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(key, value);
    return value;
  }

  watched(): WatchedView {
    return this.get('watched', () => watchedView(this.account));
  }

  stats(): Stats {
    return this.get('stats', () => computeStats(this.account));
  }
}
