import { commitState } from './commit-state.ts';
import { fetchPaged, type JobOutcome, noChange } from './fetch-paged.ts';
import { remoteItemCount } from './item-count.ts';
import type { Job, RunContext } from './job.ts';

/** Counts local rows of the job's table with `column` in [from, to] (inclusive; open ends allowed). */
export type LocalCounter = (from: string | undefined, to: string | undefined) => Promise<number>;

/** Plays this far before the cursor are fetched again: late scrobbles and clock skew land there. */
export const OVERLAP_MS = 24 * 3600 * 1000;
/** A window with at most this many remote plays is fetched rather than split further (2 pages of 250). */
export const LEAF_ITEMS = 500;
const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * Incremental history.
 *
 * 1. New plays: the window from the newest local play (less an overlap) to
 *    the run's start is fetched and replaces that range of the mirror: about
 *    1 + ceil(N/250) requests for N new plays.
 * 2. Backdated and removed plays elsewhere: one `limit=1` request gives
 *    Trakt's count of everything older (X-Pagination-Item-Count). When it
 *    equals the local count, nothing older changed. Otherwise the range is
 *    bisected, comparing remote and local counts per half, and only halves
 *    that differ are followed, down to windows small enough to fetch whole.
 *
 * A count can hide an addition and a removal in the same window; `sync
 * --full` re-verifies everything. A count answered without its header
 * (docs/tolerance.md) proves nothing: that window is fetched whole. The resource's state (the activities seen)
 * is saved only after every window committed, so a run killed halfway is
 * redone by the next one; the mirror itself is the cursor.
 */
export interface LocalHistory {
  count: LocalCounter;
  newest: () => Promise<string | undefined>;
  /** The median local watched_at in [from, to]: splitting there keeps the bisection balanced. */
  median: (from: string, to: string) => Promise<string | undefined>;
}

export async function syncHistory(job: Job, run: RunContext, local: LocalHistory): Promise<JobOutcome> {
  const countLocal = local.count;
  const column = job.scope.kind === 'range' ? job.scope.column : 'watched_at';
  const total: JobOutcome = {
    key: job.key,
    complete: true,
    rows: 0,
    expected: 0,
    requests: 0,
    merge: noChange(),
    rejected: 0,
  };
  const add = (outcome: JobOutcome) => {
    total.complete &&= outcome.complete;
    total.rows += outcome.rows;
    total.rejected += outcome.rejected;
    // The worst problem of its windows is the history's: rejected items outrank a short count.
    if (outcome.problem !== undefined && total.problem !== 'rejected') total.problem = outcome.problem;
    total.expected += outcome.expected;
    total.requests += outcome.requests;
    total.merge.inserted += outcome.merge.inserted;
    total.merge.updated += outcome.merge.updated;
    total.merge.deleted += outcome.merge.deleted;
    total.merge.mediaUpserted += outcome.merge.mediaUpserted;
    if (outcome.reason !== undefined) total.reason = outcome.reason;
  };
  const windowJob = (from: string, to: string): Job => {
    // A window is part of the history: the whole history's count (stats) is not its count.
    const { state: _state, expectedCount: _whole, ...rest } = job;
    return {
      ...rest,
      query: { ...job.query, start_at: from, end_at: to },
      scope: { kind: 'range', column, from, to },
    };
  };

  const newest = await local.newest();
  const recentFrom = iso(Date.parse(newest ?? EPOCH) - OVERLAP_MS);
  add(await fetchPaged(windowJob(recentFrom, run.runStart), run));

  const olderTo = iso(Date.parse(recentFrom) - 1);
  const remoteOlder = await remoteCount(job, run, undefined, olderTo);
  total.requests += 1;
  if (remoteOlder === undefined) {
    add(await fetchPaged(windowJob(EPOCH, olderTo), run));
  } else if (remoteOlder !== (await countLocal(undefined, olderTo))) {
    // Each window carries Trakt's count for it; a split asks only for the left half's count,
    // the right half's is the difference, so a level of the bisection costs one request.
    const stack: { from: string; to: string; remote: number }[] = [
      { from: EPOCH, to: olderTo, remote: remoteOlder },
    ];
    while (stack.length > 0) {
      const { from, to, remote } = stack.pop() as { from: string; to: string; remote: number };
      if (remote === (await countLocal(from, to))) continue;
      const span = Date.parse(to) - Date.parse(from);
      if (remote <= LEAF_ITEMS || span < 1000) {
        add(await fetchPaged(windowJob(from, to), run));
        continue;
      }
      // Split at the local median: windows then halve the plays, not the years (history starts in 1970).
      const median = await local.median(from, to);
      const medianMs = median === undefined ? Number.NaN : Date.parse(median);
      const middle = iso(
        medianMs > Date.parse(from) && medianMs <= Date.parse(to)
          ? medianMs
          : Date.parse(from) + Math.floor(span / 2),
      );
      const beforeMiddle = iso(Date.parse(middle) - 1);
      const left = await remoteCount(job, run, from, beforeMiddle);
      total.requests += 1;
      if (left === undefined) {
        add(await fetchPaged(windowJob(from, to), run));
        continue;
      }
      stack.push({ from: middle, to, remote: remote - left }, { from, to: beforeMiddle, remote: left });
    }
  }

  // Every window is in: record what was seen, in a commit of its own.
  if (total.complete && job.state !== undefined) await commitState(job, run, job.state);
  return total;
}

/** Trakt's count of plays in [from, to]. */
function remoteCount(
  job: Job,
  run: RunContext,
  from: string | undefined,
  to: string,
): Promise<number | undefined> {
  return remoteItemCount(job, run, { ...(from === undefined ? {} : { start_at: from }), end_at: to });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
