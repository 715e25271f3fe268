/**
 * The scrub: a little verification in every sync, so that what counts and
 * timestamps cannot see (a backdated and a removed play of one item in one
 * window, a rating swapped for another of the same value, a list item
 * swapped for another, a change in the same second as the one a sync saw)
 * is re-read and repaired within the scrub period (docs/sync.md "Rolling
 * verification").
 *
 * Pure: which parts of the account are due, decided from the rotation's
 * saved state, the time since the last scrub and the budget share; tested
 * on its own (test/extract/scrub.property.test.ts). scrub-run.ts carries it out.
 *
 * The account is cut into parts in a fixed order that wraps around: history
 * windows of at most WINDOW_PLAYS plays, oldest first; the ratings of each
 * media type; every other paged resource a complete load replaces (watchlist,
 * favorites, collection, watched, ...); each list's items. A pass costs the
 * pages of all its parts; the scrub spends that cost evenly over the period:
 * `credit` grows by passCost x elapsed / period, is capped at the budget
 * share, and pays for the parts in order.
 */

/** A history window holds at most this many plays: 10 pages of 250. */
export const WINDOW_PLAYS = 2500;
/** Items per page Trakt gives (docs/trakt-api.md §2, #925). */
export const PAGE_ITEMS = 250;
/**
 * No scrub sooner than this share of the period after the last one: two
 * syncs in a row make no scrub request, whatever credit is left over
 * (about 10 minutes at the default 7 days).
 */
export const MIN_GAP_SHARE = 1 / 1000;

/** What a run's scrub did, for the run summary ("scrub: 10 requests, 1 difference repaired"). */
export interface ScrubSummary {
  requests: number;
  /** Rows inserted, updated or deleted by the scrub's loads: differences the sync had missed. */
  repaired: number;
  /** Parts verified. */
  parts: number;
}

/** The scrub's settings for a run (config: --scrub-period, the budget share). */
export interface ScrubSettings {
  /** The time within which the whole account is verified again; null: off. */
  periodMs: number | null;
  /** Requests one sync's scrub may spend at most. */
  cap: number;
  /** The mirror's `column` value of the `n`-th row (1-based, ascending) at or after `from`. */
  nthAfter(table: string, column: string, from: string, n: number): Promise<string | undefined>;
}

/** One part of the rotation, in rotation order. */
export interface ScrubPart {
  /** Where it sits in the rotation: segments in a fixed order, then a number within (a list id). */
  order: readonly [number, number];
  /** `plays`, `ratings:movie`, `watchlist`, `list_items:42`. */
  key: string;
  /** Requests it costs: its pages. */
  cost: number;
}

/** What the rotation keeps in sync_state (resource `scrub`, in `cursor`). */
export interface ScrubCursor {
  /** When the credit was last counted (a scrub ran, or the rotation began). */
  at: string;
  /** Requests the scrub may still spend, carried over. */
  credit: number;
  /** The next part: its rotation order; for history, the window's start too. */
  next: { order: [number, number]; from?: string };
  /** When the current pass began. */
  passStartedAt: string;
  /** The requests a whole pass cost when last counted. */
  passCost: number;
  /** Each part's key and when it was last verified (history: by `plays`, with `historyUpTo`). */
  verified: Record<string, string>;
  /** Requests spent on the current pass so far. */
  spent?: number;
  /** History is verified from its oldest play up to this time in the current pass. */
  historyUpTo?: string;
}

export interface ScrubInput {
  /** The rotation as the mirror stands (history as one `plays` part costing all its windows). */
  parts: readonly ScrubPart[];
  cursor: ScrubCursor | undefined;
  /** ms since the epoch. */
  now: number;
  periodMs: number;
  /** Requests one sync's scrub may spend at most (the budget share). */
  cap: number;
  /** When the rotation stands in history: the cost of its windows still to verify in this pass. */
  historyLeft?: number;
}

export interface ScrubPlan {
  /** Parts due now, in order (history: `plays` with the cost of one window). */
  due: ScrubPart[];
  /** Credit before paying for them. */
  credit: number;
  passCost: number;
  /** The cursor when nothing is due and none is stored yet (the rotation's beginning); undefined otherwise. */
  start?: ScrubCursor;
}

/** Segment numbers of the rotation's fixed order. */
export const SEGMENT = { plays: 0, ratings: 1, resources: 2, lists: 3 } as const;

export function compareOrder(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function pagesOf(items: number): number {
  return Math.max(1, Math.ceil(items / PAGE_ITEMS));
}

/**
 * The parts due now: none when the scrub ran less than MIN_GAP_SHARE of
 * the period ago; else as many as the credit pays for, in rotation order
 * from the stored position, wrapping at most once. History is one part per
 * window: `plays` repeats while history windows remain (`windowCost` each).
 */
export function planScrub(input: ScrubInput, windowCost = pagesOf(WINDOW_PLAYS)): ScrubPlan {
  const parts = [...input.parts].sort((a, b) => compareOrder(a.order, b.order));
  const passCost = parts.reduce((n, p) => n + p.cost, 0);
  const { cursor, now, periodMs, cap } = input;
  if (cursor === undefined) {
    const at = new Date(now).toISOString();
    const first = parts[0]?.order ?? [0, 0];
    return {
      due: [],
      credit: 0,
      passCost,
      start: { at, credit: 0, next: { order: [...first] }, passStartedAt: at, passCost, verified: {} },
    };
  }
  const elapsed = now - Date.parse(cursor.at);
  if (!(elapsed >= periodMs * MIN_GAP_SHARE) || parts.length === 0 || passCost === 0) {
    return { due: [], credit: cursor.credit, passCost };
  }
  const credit = Math.min(cap, cursor.credit + (passCost * elapsed) / periodMs);
  // From the stored position: the first part at or after it (a list deleted since is passed over).
  let start = parts.findIndex((p) => compareOrder(p.order, cursor.next.order) >= 0);
  if (start < 0) start = 0;
  const due: ScrubPart[] = [];
  let left = credit;
  for (let k = 0; k < parts.length; k += 1) {
    const part = parts[(start + k) % parts.length] as ScrubPart;
    const isHistory = part.key === 'plays';
    // History's windows left in this pass (all of them when the pass is not there yet).
    const historyCost =
      isHistory && k === 0 && input.historyLeft !== undefined ? input.historyLeft : part.cost;
    const windows = isHistory ? Math.max(1, Math.ceil(historyCost / windowCost)) : 1;
    const each = isHistory ? Math.min(windowCost, part.cost) : part.cost;
    let stop = false;
    for (let w = 0; w < windows; w += 1) {
      // A part dearer than the cap is paid when the credit is full, or it would never be.
      if (each > left && !(left >= cap && due.length === 0)) {
        stop = true;
        break;
      }
      due.push({ ...part, cost: each });
      left -= each;
    }
    if (stop) break;
  }
  return { due, credit, passCost };
}

/** The time a pass completes by at the current pace: what is left of it, paid for at passCost per period. */
export function passCompletesBy(cursor: ScrubCursor, periodMs: number): number {
  const rate = cursor.passCost / periodMs;
  if (!(rate > 0)) return Date.parse(cursor.at);
  const remaining = Math.max(0, cursor.passCost - (cursor.spent ?? 0));
  return Date.parse(cursor.at) + Math.max(0, remaining - cursor.credit) / rate;
}
