import { lookupNeeds } from '../normalize/lookups.ts';
import { normalizeItems } from '../normalize/normalize-items.ts';
import { Quarantine } from '../normalize/quarantine.ts';
import { ShapeError } from '../normalize/shape-error.ts';
import type { Job, RunContext } from './job.ts';
import { rowKeys } from './keys.ts';
import type { CommittedLoad, MergeResult, Page, Scope, Stage, StateUpdate } from './ports.ts';
import { queued } from './queued.ts';
import { pageKey } from './reuse.ts';

/**
 * What kept a load from being verified complete, in the word the run's
 * output prints beside it: items a normalizer could not read (`rejected`),
 * an endpoint that answered 404 or 405 (`unavailable`), or fewer items than
 * Trakt counts, or no way to count them (`incomplete`).
 */
export type Problem = 'rejected' | 'unavailable' | 'incomplete';

export interface JobOutcome {
  key: string;
  complete: boolean;
  /** Unique rows received for the job's table. */
  rows: number;
  expected: number;
  requests: number;
  merge: MergeResult;
  /** Distinct items set aside in rejected_items. */
  rejected: number;
  problem?: Problem;
  reason?: string;
}

/**
 * Trakt's "Pagination Optional" endpoints answer only their first 100 items
 * unless paged, since 2026-04-15 (docs/trakt-api.md §2, discussion #681): an
 * answer without X-Pagination headers that ignores `page` is trusted only
 * when it holds fewer items than that cut.
 */
export const UNPAGED_CUT = 100;
/** Pages asked of an endpoint that pages without X-Pagination headers, at most (100,000 items at 250). */
const MAX_HEADERLESS_PAGES = 400;

/**
 * Pages through one resource completely, or says it could not.
 *
 * Page 1 tells the page and item counts (docs/trakt-api.md §2, X-Pagination-*); the other
 * pages are then fetched in parallel through the run's queue. Items are
 * deduplicated on the table's key, because Trakt repeats items at page
 * boundaries (docs/trakt-api.md §2, #451, #760). The job is complete when the unique keys
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
  stage: Stage | undefined;
  /** Archived response files of the staged pages. */
  files: string[];
  complete: boolean;
  /** Unique rows received. */
  rows: number;
  expected: number;
  requests: number;
  /** Distinct items set aside in rejected_items (they count as received). */
  rejected: number;
  problem?: Problem;
  reason?: string;
}

/** What one load has staged so far: its rows' keys, its rejected items and its files. */
interface Loading {
  stage: Stage;
  keys: Set<string>;
  quarantine: Quarantine;
  files: string[];
}

/** Items received: rows, and items rejected (they arrived; they are kept elsewhere). */
function received(loading: Loading): number {
  return loading.keys.size + loading.quarantine.size;
}

/**
 * A load that arrived whole but with items its normalizers refused behaves
 * like an incomplete one (upserted, nothing deleted, state not moved, so the
 * next run tries again) and says why.
 */
function settle(paged: Paged): Paged {
  if (!paged.complete || paged.rejected === 0) return paged;
  const items = paged.rejected === 1 ? '1 item' : `${paged.rejected} items`;
  return {
    ...paged,
    complete: false,
    problem: 'rejected',
    reason: `${items} could not be read (see rejected_items)`,
  };
}

/** Everything fetchPaged does but the commit: page, verify, re-page, up to `maxPasses`. */
export async function pageThrough(job: Job, run: RunContext): Promise<Paged> {
  let requests = 0;
  let loading: Loading | undefined;
  let expected = 0;
  let reason = '';

  for (let pass = 1; pass <= run.maxPasses; pass += 1) {
    if (loading === undefined) {
      loading = {
        stage: await run.store.stage(job.table),
        keys: new Set(),
        quarantine: new Quarantine(job.key, run.runId),
        files: [],
      };
    }
    const { stage } = loading;
    const counts = new Set<number>();
    // Only the first pass reuses what an interrupted run archived (reuse.ts): a pass that did not
    // add up fetches everything live.
    const archived = pass === 1 ? job.reuse : undefined;
    const base = requestBase(job, run.pageSize);
    const keptFirst = archived?.pages.get(1);
    let first: FetchedPage;
    try {
      first = job.unpaged
        ? await fetchPage(job, run, undefined, loading)
        : keptFirst?.pagination !== undefined && keptFirst.base === base
          ? await reusePage(job, run, 1, loading, keptFirst.read, keptFirst.pagination)
          : await fetchPage(job, run, 1, loading);
    } catch (error) {
      if (refusedAsEmpty(job, error)) {
        // Nothing here for this account (a free account's saved filters): complete, and empty.
        await stage.rest();
        return {
          job,
          stage,
          files: [],
          complete: true,
          rows: 0,
          expected: 0,
          requests: requests + 1,
          rejected: 0,
        };
      }
      await stage.discard();
      throw error;
    }
    if (first.reused !== true) requests += 1;
    if (job.unpaged) return settle(await unpaged(job, loading, first, requests));
    if (first.pagination === undefined) return settle(await headerless(job, run, loading, first, requests));
    const pageCount = first.pagination.pageCount;
    expected = first.pagination.itemCount;
    counts.add(expected);
    const rest: Promise<FetchedPage>[] = [];
    for (let page = 2; page <= pageCount; page += 1) {
      const kept = archived?.pages.get(page);
      rest.push(
        kept !== undefined && kept.base === base
          ? reusePage(job, run, page, loading, kept.read, kept.pagination ?? first.pagination)
          : fetchPage(job, run, page, loading),
      );
    }
    // Wait for every page before judging, so no append lands in a stage that is being thrown away.
    const settled = await Promise.allSettled(rest);
    requests += settled.filter((result) => result.status === 'rejected' || !result.value.reused).length;
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) {
      await stage.discard();
      throw failed.reason;
    }
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value.pagination)
        counts.add(result.value.pagination.itemCount);
    }

    const got = received(loading);
    if (counts.size === 1 && got === expected) {
      // Paged: until it commits (with other lists, maybe later), the stage holds nothing in memory.
      await stage.rest();
      return settle({
        job,
        stage,
        files: loading.files,
        complete: true,
        rows: loading.keys.size,
        expected,
        requests,
        rejected: loading.quarantine.size,
      });
    }
    if (counts.size > 1 || got > expected) {
      reason =
        counts.size > 1
          ? `the item count moved while paging (${[...counts].join(' -> ')})`
          : `received ${got} unique items, more than the ${expected} announced`;
      await stage.discard();
      loading = undefined;
    } else {
      reason = `received ${got} of ${expected} items`;
    }
    if (pass < run.maxPasses) run.emit({ type: 'resource-retry', resource: job.key, pass: pass + 1, reason });
  }

  await loading?.stage.rest();
  return {
    job,
    stage: loading?.stage,
    files: loading?.files ?? [],
    complete: false,
    rows: loading?.keys.size ?? 0,
    expected,
    requests,
    rejected: loading?.quarantine.size ?? 0,
    problem: 'incomplete',
    reason,
  };
}

/** Whether a failed request's status is one the job takes as "nothing here" (resource.ts `emptyWhen`). */
function refusedAsEmpty(job: Job, error: unknown): boolean {
  if (job.emptyWhen === undefined || typeof error !== 'object' || error === null) return false;
  const { status, path } = error as { status?: unknown; path?: unknown };
  if (typeof status !== 'number' || !job.emptyWhen.includes(status)) return false;
  return typeof path !== 'string' || (path.split('?')[0] ?? path) === job.path;
}

/**
 * An endpoint Trakt does not page (resource.ts `unpaged`): its one answer
 * is the whole resource. The one doubt is Trakt's silent cut at 100 items
 * (docs/trakt-api.md §2): an answer of exactly that many is complete only
 * when nothing counts more. Other answers are not held against a count:
 * /users/{id}/stats' network numbers lag behind the lists they count
 * (docs/account.md), and `verify` is where that difference is reported.
 */
async function unpaged(job: Job, loading: Loading, first: FetchedPage, requests: number): Promise<Paged> {
  const { stage } = loading;
  try {
    const got = received(loading);
    const known = first.items === UNPAGED_CUT ? await job.expectedCount?.() : undefined;
    const complete = known === undefined || known.count <= got;
    await stage.rest();
    return {
      job,
      stage,
      files: loading.files,
      complete,
      rows: loading.keys.size,
      expected: known?.count ?? got,
      requests,
      rejected: loading.quarantine.size,
      ...(complete
        ? {}
        : {
            problem: 'incomplete' as const,
            reason: `received ${got} items, Trakt's silent cut at ${UNPAGED_CUT}, where ${known.source} counts ${known.count}`,
          }),
    };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}

/**
 * A first page without X-Pagination headers is never taken as the whole
 * resource on faith (docs/tolerance.md): a
 * real endpoint may ignore `page` and `limit` and stop at 100 items. It is
 * complete when another count agrees (the job's expectedCount: a list's
 * item_count, a number of /users/{id}/stats), and otherwise when one more
 * page brings nothing new: an empty page from an endpoint that pages, or
 * page 1 again from one that ignores `page` while holding fewer items than
 * Trakt's silent cut. Pages that bring new items are followed (an endpoint
 * that pages without headers). The headers' absence costs no request when
 * the count agrees at once, and normal answers never come here.
 */
async function headerless(
  job: Job,
  run: RunContext,
  loading: Loading,
  first: FetchedPage,
  requestsSoFar: number,
): Promise<Paged> {
  let requests = requestsSoFar;
  const { stage } = loading;
  try {
    const known = await job.expectedCount?.();
    let repeated = false;
    let empty = first.items === 0;
    if (known === undefined || received(loading) !== known.count) {
      const last = known === undefined ? MAX_HEADERLESS_PAGES : Math.ceil(known.count / run.pageSize) + 1;
      for (let page = 2; page <= Math.min(last, MAX_HEADERLESS_PAGES); page += 1) {
        const next = await fetchPage(job, run, page, loading);
        requests += 1;
        empty = next.items === 0;
        if (next.fresh === 0) {
          repeated = !empty;
          break;
        }
        if (known !== undefined && received(loading) >= known.count) break;
      }
    }
    const got = received(loading);
    let complete: boolean;
    let reason: string;
    if (known !== undefined) {
      complete = got === known.count;
      reason = `received ${got} of the ${known.count} items ${known.source} counts; Trakt sent no X-Pagination headers`;
    } else {
      complete = empty || (repeated && first.items < UNPAGED_CUT);
      reason = `Trakt sent no X-Pagination headers and ignores page=2; its ${first.items} items may be its silent cut at ${UNPAGED_CUT}, and nothing else counts them`;
    }
    await stage.rest();
    return {
      job,
      stage,
      files: loading.files,
      complete,
      rows: loading.keys.size,
      expected: known?.count ?? got,
      requests,
      rejected: loading.quarantine.size,
      ...(complete ? {} : { problem: 'incomplete' as const, reason }),
    };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}

/** What a load that committed nothing changed. */
export function noChange(): MergeResult {
  return { inserted: 0, updated: 0, deleted: 0, mediaUpserted: 0, byTable: {}, rejected: 0 };
}

/** A load whose endpoint answered 404 or 405: nothing staged, nothing committed, state not moved. */
export function unavailablePaged(job: Job, reason: string, requests = 1): Paged {
  return {
    job,
    stage: undefined,
    files: [],
    complete: false,
    rows: 0,
    expected: 0,
    requests,
    rejected: 0,
    problem: 'unavailable',
    reason,
  };
}

/** The scope a paged load commits with: its own when complete; else upsert, deleting nothing. */
function scopeOf(paged: Paged): Scope {
  return paged.complete ? paged.job.scope : { kind: 'upsert' };
}

/** Its state moves only when complete. */
function stateOf(paged: Paged): StateUpdate | undefined {
  return paged.complete ? paged.job.state : undefined;
}

function outcomeOf(paged: Paged, merge: MergeResult): JobOutcome {
  const { job, complete, rows, expected, requests, rejected, problem, reason } = paged;
  return {
    key: job.key,
    complete,
    rows,
    expected,
    requests,
    merge,
    rejected,
    ...(complete ? {} : { problem: problem ?? 'incomplete', reason: reason ?? '' }),
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
  if (stage === undefined) return outcomeOf(paged, noChange());
  const scope = scopeOf(paged);
  const state = stateOf(paged);
  await run.archive.recordCommit({
    ...entryOf(job, paged.files, paged.rows, scope, state),
    normalizer: job.normalizer.name,
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
    normalizer: first.job.normalizer.name,
    context: {},
    scope,
    files: loads.flatMap((load) => load.files),
    rows: loads.reduce((sum, load) => sum + load.rows, 0),
    loads,
    at: run.now(),
  });
  const merge = await run.store.commitTogether(
    staged.map((paged) => paged.stage as Stage),
    { runId: run.runId, at: run.runStart, scope, extraState: states, countBy },
  );
  return group.map((paged) => {
    if (paged.stage === undefined) return outcomeOf(paged, noChange());
    const value = (paged.job.scope.kind === 'where' ? paged.job.scope.equals[countBy] : undefined) ?? '';
    const counts = merge.by?.[String(value)];
    return outcomeOf(paged, counts === undefined ? noChange() : { ...noChange(), ...counts });
  });
}

/** A page request of `job` told apart from its page number, as reuse.ts's pageKey gives it of an archived path. */
function requestBase(job: Job, pageSize: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(job.query)) params.append(key, String(value));
  params.append('limit', String(pageSize));
  const at = job.path.indexOf('?');
  const inline = at < 0 ? '' : `&${job.path.slice(at + 1)}`;
  return pageKey(`${at < 0 ? job.path : job.path.slice(0, at)}?${params}${inline}`).base;
}

/** What one page told: its pagination, how many items it held, and how many of them were new to the load. */
interface FetchedPage {
  pagination: Page['pagination'];
  /** The request's path and query, as archived. */
  path: string;
  items: number;
  fresh: number;
  /** Read back from an interrupted run's archive, not fetched. */
  reused?: boolean;
}

/**
 * Fetches, archives, normalizes and stages one page, all inside one slot of
 * the run's queue: at most `concurrency` pages are in memory at once, however
 * fast Trakt answers and however many pages are queued. (Staging outside the
 * queue let answers pile up behind the stage: 4 GB for a million plays.)
 * Returns only counts, so nothing holds on to the body.
 */
async function fetchPage(
  job: Job,
  run: RunContext,
  page: number | undefined,
  loading: Loading,
): Promise<FetchedPage> {
  return queued(run.queue, async () => {
    const response = await run.fetcher.get(
      job.path,
      page === undefined ? { ...job.query } : { ...job.query, page, limit: run.pageSize },
      run.signal === undefined ? {} : { signal: run.signal },
    );
    const before = received(loading);
    const items = await loadPage(job, run, page ?? 1, response, loading);
    return { pagination: response.pagination, path: response.path, items, fresh: received(loading) - before };
  });
}

/**
 * A page an interrupted run archived, loaded as if it had just arrived (and
 * archived again in this run, so this run's manifest names every file its
 * commit replays). Its pagination is the live first page's. An answer the
 * archive cannot give back whole (missing, or failing its checksum) is
 * fetched instead.
 */
async function reusePage(
  job: Job,
  run: RunContext,
  page: number,
  loading: Loading,
  read: () => Promise<Omit<Page, 'pagination'>>,
  pagination: NonNullable<Page['pagination']>,
): Promise<FetchedPage> {
  let archived: Omit<Page, 'pagination'>;
  try {
    archived = await read();
  } catch {
    return fetchPage(job, run, page, loading);
  }
  return queued(run.queue, async () => {
    const before = received(loading);
    const response: Page = { ...archived, pagination: { ...pagination, page } };
    const items = await loadPage(job, run, page, response, loading, true);
    run.resumed?.add(job.key);
    return {
      pagination: response.pagination,
      path: response.path,
      items,
      fresh: received(loading) - before,
      reused: true,
    };
  });
}

async function loadPage(
  job: Job,
  run: RunContext,
  page: number,
  response: Page,
  loading: Loading,
  reused = false,
): Promise<number> {
  const { stage, keys, files } = loading;
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
        ...(response.pagination === undefined ? {} : { pagination: response.pagination }),
      },
      run.now(),
    ),
  );
  // Items that leave out an id learned elsewhere wait for it (one request per show or user per run).
  const needs = lookupNeeds(items);
  const lookups = needs.length === 0 ? undefined : await run.lookups.resolve(needs);
  const request = `${response.method} ${response.path}`;
  const { batch, rejected } = normalizeItems(job.normalizer, items, request, {
    ...job.context,
    ...(lookups === undefined ? {} : { lookups }),
  });
  for (const key of rowKeys(job, batch)) keys.add(key);
  job.collect?.(batch);
  await stage.add(batch);
  const rows = loading.quarantine.admit(request, rejected);
  if (rows.length > 0) await stage.reject(rows);
  run.emit({
    type: 'page',
    resource: job.key,
    page,
    pageCount: response.pagination?.pageCount ?? 1,
    items: items.length,
    itemCount: response.pagination?.itemCount ?? items.length,
    received: received(loading),
    ...(reused ? { reused } : {}),
  });
  return items.length;
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
