import { ShapeError } from '../normalize/shape-error.ts';
import type { Job, RunContext } from './job.ts';
import { rowKeys } from './keys.ts';
import { normalizeItems } from './normalize-items.ts';
import type { CommittedLoad, MergeResult, Page, Scope, StageArea, StateUpdate } from './ports.ts';
import { queued } from './queued.ts';

export interface JobOutcome {
  key: string;
  complete: boolean;
  /** Unique rows received for the job's table. */
  rows: number;
  expected: number;
  requests: number;
  merge: MergeResult;
  reason?: string;
}

/**
 * Pages through one resource completely, or says it could not.
 *
 * Page 1 tells the page and item counts (FACTS §2, X-Pagination-*); the other
 * pages are then fetched in parallel through the run's queue. Items are
 * deduplicated on the table's key, because Trakt repeats items at page
 * boundaries (FACTS §2, #451, #760). The job is complete when the unique keys
 * received equal X-Pagination-Item-Count and every page reported the same
 * count. If keys are missing (unstable order among ties), the pages are
 * fetched again and the union is kept; if the count moved while paging (page
 * drift) or more keys than the count came back, the job starts over. After
 * `maxPasses` it is incomplete: what was received is upserted (nothing
 * deleted, nothing lost) and the run will exit 4 naming it.
 */
export async function fetchPaged(job: Job, run: RunContext): Promise<JobOutcome> {
  return commitPaged(run, await pageThrough(job, run));
}

/** A resource paged through and staged, not yet committed. */
export interface Paged {
  job: Job;
  /** What was staged; undefined when nothing is left to commit (incomplete after a start over). */
  stage: StageArea | undefined;
  /** Archived response files of the staged pages. */
  files: string[];
  complete: boolean;
  /** Unique rows received. */
  rows: number;
  expected: number;
  requests: number;
  reason?: string;
}

/** Everything fetchPaged does but the commit: page, verify, re-page, up to `maxPasses`. */
export async function pageThrough(job: Job, run: RunContext): Promise<Paged> {
  let requests = 0;
  let stage: StageArea | undefined;
  let keys = new Set<string>();
  let files: string[] = [];
  let expected = 0;
  let reason = '';

  for (let pass = 1; pass <= run.maxPasses; pass += 1) {
    if (stage === undefined) {
      stage = await run.store.stage(job.table);
      keys = new Set();
      files = [];
    }
    const counts = new Set<number>();
    let first: Pick<Page, 'pagination'>;
    try {
      first = await fetchPage(job, run, 1, stage, keys, files);
    } catch (error) {
      await stage.discard();
      throw error;
    }
    requests += 1;
    const pageCount = first.pagination?.pageCount ?? 1;
    expected = first.pagination?.itemCount ?? keys.size;
    counts.add(expected);
    const rest: Promise<Pick<Page, 'pagination'>>[] = [];
    for (let page = 2; page <= pageCount; page += 1) {
      rest.push(fetchPage(job, run, page, stage, keys, files));
    }
    // Wait for every page before judging, so no append lands in a stage that is being thrown away.
    const settled = await Promise.allSettled(rest);
    requests += settled.length;
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) {
      await stage.discard();
      throw failed.reason;
    }
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value.pagination)
        counts.add(result.value.pagination.itemCount);
    }

    if (counts.size === 1 && keys.size === expected) {
      // Paged: until it commits (with other lists, maybe later), the stage holds nothing in memory.
      await stage.rest();
      return { job, stage, files, complete: true, rows: keys.size, expected, requests };
    }
    if (counts.size > 1 || keys.size > expected) {
      reason =
        counts.size > 1
          ? `the item count moved while paging (${[...counts].join(' -> ')})`
          : `received ${keys.size} unique items, more than the ${expected} announced`;
      await stage.discard();
      stage = undefined;
    } else {
      reason = `received ${keys.size} of ${expected} items`;
    }
    if (pass < run.maxPasses) run.emit({ type: 'resource-retry', resource: job.key, pass: pass + 1, reason });
  }

  await stage?.rest();
  return {
    job,
    stage,
    files,
    complete: false,
    rows: stage === undefined ? 0 : keys.size,
    expected,
    requests,
    reason,
  };
}

const NO_CHANGE: MergeResult = { inserted: 0, updated: 0, deleted: 0, mediaUpserted: 0 };

/** The scope a paged load commits with: its own when complete; else upsert, deleting nothing. */
function scopeOf(paged: Paged): Scope {
  return paged.complete ? paged.job.scope : { kind: 'upsert' };
}

/** Its state moves only when complete. */
function stateOf(paged: Paged): StateUpdate | undefined {
  return paged.complete ? paged.job.state : undefined;
}

function outcomeOf(paged: Paged, merge: MergeResult): JobOutcome {
  const { job, complete, rows, expected, requests, reason } = paged;
  return {
    key: job.key,
    complete,
    rows,
    expected,
    requests,
    merge,
    ...(complete ? {} : { reason: reason ?? '' }),
  };
}

/**
 * Commits one paged load. The archive records the load before the database
 * commits it: a crash in between leaves the archive ahead of the database
 * (rebuild replays real data), never behind it. An incomplete load keeps
 * what arrived without deleting anything, and does not move the state.
 */
async function commitPaged(run: RunContext, paged: Paged): Promise<JobOutcome> {
  const { job, stage } = paged;
  if (stage === undefined) return outcomeOf(paged, NO_CHANGE);
  const scope = scopeOf(paged);
  const state = stateOf(paged);
  await run.archive.recordCommit({
    ...entryOf(job, paged.files, paged.rows, scope, state),
    normalizer: job.normalizer,
    table: job.table,
    at: run.now(),
  });
  const merge = await stage.commit({
    runId: run.runId,
    at: run.runStart,
    scope,
    ...(state === undefined ? {} : { state }),
  });
  return outcomeOf(paged, merge);
}

/**
 * Commits paged loads of one table (the items of several lists) as ONE load:
 * one manifest entry naming each, one transaction. A list's commit costs a
 * few DuckDB statements whatever its size, so 100 lists committed one by one
 * spent most of a backup's database time; together they cost about one.
 * Each load's rows must lie in its own scope (a list's items carry its id),
 * and the scopes must not overlap. `countBy` is the key column that tells
 * the loads' rows apart, so each outcome reports its own changes.
 */
export async function commitPagedTogether(
  run: RunContext,
  group: readonly Paged[],
  countBy: string,
): Promise<JobOutcome[]> {
  const staged = group.filter((paged) => paged.stage !== undefined);
  const [first] = staged;
  if (staged.length <= 1 || first === undefined) {
    return Promise.all(group.map((paged) => commitPaged(run, paged)));
  }
  const loads = staged.map((paged) =>
    entryOf(paged.job, paged.files, paged.rows, scopeOf(paged), stateOf(paged)),
  );
  const scope: Scope = { kind: 'union', of: staged.map(scopeOf) };
  const states = staged.flatMap((paged) => stateOf(paged) ?? []);
  await run.archive.recordCommit({
    resource: first.job.key.split(':')[0] ?? first.job.key,
    table: first.job.table,
    normalizer: first.job.normalizer,
    context: {},
    scope,
    files: loads.flatMap((load) => load.files),
    rows: loads.reduce((sum, load) => sum + load.rows, 0),
    loads,
    at: run.now(),
  });
  const merge = await run.store.commitTogether(
    staged.map((paged) => paged.stage as StageArea),
    { runId: run.runId, at: run.runStart, scope, extraState: states, countBy },
  );
  return group.map((paged) => {
    if (paged.stage === undefined) return outcomeOf(paged, NO_CHANGE);
    const value = (paged.job.scope.kind === 'where' ? paged.job.scope.equals[countBy] : undefined) ?? '';
    const counts = merge.by?.[String(value)] ?? NO_CHANGE;
    return outcomeOf(paged, { ...counts, mediaUpserted: 0 });
  });
}

/**
 * Fetches, archives, normalizes and stages one page, all inside one slot of
 * the run's queue: at most `concurrency` pages are in memory at once, however
 * fast Trakt answers and however many pages are queued. (Staging outside the
 * queue let answers pile up behind the stage: 4 GB for a million plays.)
 * Returns only the pagination, so nothing holds on to the body.
 */
async function fetchPage(
  job: Job,
  run: RunContext,
  page: number,
  stage: StageArea,
  keys: Set<string>,
  files: string[],
): Promise<Pick<Page, 'pagination'>> {
  return queued(run.queue, async () => {
    const response = await run.fetcher.get(
      job.path,
      { ...job.query, page, limit: run.pageSize },
      run.signal === undefined ? {} : { signal: run.signal },
    );
    await loadPage(job, run, page, response, stage, keys, files);
    return { pagination: response.pagination };
  });
}

async function loadPage(
  job: Job,
  run: RunContext,
  page: number,
  response: Page,
  stage: StageArea,
  keys: Set<string>,
  files: string[],
): Promise<void> {
  const items = response.json;
  if (!Array.isArray(items)) {
    throw new ShapeError(
      `${response.method} ${response.path} did not return a JSON array; Trakt may have changed it.`,
    );
  }
  files.push(
    await run.archive.saveResponse(
      job.key,
      {
        method: response.method,
        path: response.path,
        status: response.status,
        body: response.body,
        items: items.length,
      },
      run.now(),
    ),
  );
  const batch = normalizeItems(
    run.normalize,
    job.normalizer,
    items,
    `${response.method} ${response.path}`,
    job.context,
  );
  for (const key of rowKeys(job.table, batch)) keys.add(key);
  job.collect?.(batch);
  await stage.add(batch);
  run.emit({
    type: 'page',
    resource: job.key,
    page,
    pageCount: response.pagination?.pageCount ?? 1,
    items: items.length,
    itemCount: response.pagination?.itemCount ?? items.length,
    received: keys.size,
  });
}

/** What the manifest says about one load. */
function entryOf(
  job: Job,
  files: string[],
  rows: number,
  scope: Scope,
  state: StateUpdate | undefined,
): CommittedLoad {
  return {
    resource: job.key,
    context: job.context,
    scope,
    files,
    rows,
    ...(scope.kind === 'upsert' || state === undefined ? {} : { state }),
  };
}
