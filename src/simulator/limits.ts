/**
 * Account limits (docs/trakt-api.md §5, "Updating Trakt limits for 2026"): going over
 * one answers 420 with X-Account-Limit, X-VIP-User and X-Upgrade-URL
 * (docs/trakt-api.md §2). A write that would take the account past a limit is refused
 * whole: nothing of it is applied (docs/trakt-api.md is silent on partial adds).
 */
export interface AccountLimits {
  /** Plays in the watch history. */
  history: number;
  ratings: number;
  watchlist: number;
  /** Items on one personal list. */
  listItems: number;
  /** Items across all personal lists. */
  listItemsTotal: number;
  /** Personal lists. */
  lists: number;
  /** docs/trakt-api.md §5: 50 for every user, per the add endpoint (UNCERTAIN). */
  favorites: number;
}

// docs/trakt-api.md §5 table: free / VIP.
export const FREE_LIMITS: AccountLimits = {
  history: 100_000,
  ratings: 10_000,
  watchlist: 250,
  listItems: 250,
  listItemsTotal: 1_000,
  lists: 5,
  favorites: 50,
};

export const VIP_LIMITS: AccountLimits = {
  history: 100_000,
  ratings: 20_000,
  watchlist: 5_000,
  listItems: 5_000,
  listItemsTotal: 100_000,
  lists: 100,
  favorites: 50,
};

export function limitsFor(vip: boolean, overrides: Partial<AccountLimits> = {}): AccountLimits {
  const limits = { ...(vip ? VIP_LIMITS : FREE_LIMITS) };
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(limits, key)) throw new Error(`unknown account limit "${key}"`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw new Error(`account limit "${key}" must be a whole number of 0 or more`);
    limits[key as keyof AccountLimits] = value;
  }
  return limits;
}
