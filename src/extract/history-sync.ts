import { fetchPaged, type JobOutcome } from './fetch-paged.ts';
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
 * --full` re-verifies everything. The resource's state (the activities seen)
 * is saved only after every window committed, so a run killed halfway is
 * redone by the next one; the mirror itself is the cursor.
 */
export async function syncHistory(
  job: Job,
  run: RunContext,
  countLocal: LocalCounter,
  newestLocal: () => Promise<string | undefined>,
): Promise<JobOutcome> {
  const column = job.scope.kind === 'range' ? job.scope.column : 'watched_at';
  const total: JobOutcome = {
    key: job.key,
    complete: true,
    rows: 0,
    expected: 0,
    requests: 0,
    merge: zero(),
  };
  const add = (outcome: JobOutcome) => {
    total.complete &&= outcome.complete;
    total.rows += outcome.rows;
    total.expected += outcome.expected;
    total.requests += outcome.requests;
    total.merge.inserted += outcome.merge.inserted;
    total.merge.updated += outcome.merge.updated;
    total.merge.deleted += outcome.merge.deleted;
    total.merge.mediaUpserted += outcome.merge.mediaUpserted;
    if (outcome.reason !== undefined) total.reason = outcome.reason;
  };
  const windowJob = (from: string, to: string): Job => {
    const { state: _state, ...rest } = job;
    return {
      ...rest,
      query: { ...job.query, start_at: from, end_at: to },
      scope: { kind: 'range', column, from, to },
    };
  };

  const newest = await newestLocal();
  const recentFrom = iso(Date.parse(newest ?? EPOCH) - OVERLAP_MS);
  add(await fetchPaged(windowJob(recentFrom, run.runStart), run));

  const olderTo = iso(Date.parse(recentFrom) - 1);
  const remoteOlder = await remoteCount(job, run, undefined, olderTo);
  total.requests += 1;
  if (remoteOlder !== (await countLocal(undefined, olderTo))) {
    const stack: [string, string][] = [[EPOCH, olderTo]];
    while (stack.length > 0) {
      const [from, to] = stack.pop() as [string, string];
      const remote = await remoteCount(job, run, from, to);
      total.requests += 1;
      if (remote === (await countLocal(from, to))) continue;
      const span = Date.parse(to) - Date.parse(from);
      if (remote <= LEAF_ITEMS || span < 1000) {
        add(await fetchPaged(windowJob(from, to), run));
        continue;
      }
      const middle = Date.parse(from) + Math.floor(span / 2);
      stack.push([iso(middle), to], [from, iso(middle - 1)]);
    }
  }

  // Every window is in: record what was seen, in a commit of its own.
  if (total.complete) {
    const stage = await run.store.stage(job.table);
    await stage.commit({
      runId: run.runId,
      at: run.runStart,
      scope: { kind: 'upsert' },
      ...(job.state === undefined ? {} : { state: job.state }),
    });
  }
  return total;
}

/** Trakt's count of plays in [from, to], from the pagination headers of a one-item page. */
async function remoteCount(job: Job, run: RunContext, from: string | undefined, to: string): Promise<number> {
  const response = await run.queue.add(() =>
    run.fetcher.get(
      job.path,
      { ...job.query, ...(from === undefined ? {} : { start_at: from }), end_at: to, page: 1, limit: 1 },
      run.signal === undefined ? {} : { signal: run.signal },
    ),
  );
  if (response.pagination === undefined) {
    throw new Error(
      `${response.method} ${response.path} sent no X-Pagination-Item-Count; cannot count history.`,
    );
  }
  return response.pagination.itemCount;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function zero() {
  return { inserted: 0, updated: 0, deleted: 0, mediaUpserted: 0 };
}
