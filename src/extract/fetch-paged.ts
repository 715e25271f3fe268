import { ShapeError } from '../normalize/shape-error.ts';
import type { Job, RunContext } from './job.ts';
import { rowKeys } from './keys.ts';
import { normalizeItems } from './normalize-items.ts';
import type { MergeResult, Page, StageArea } from './ports.ts';
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
      // The archive records the load before the database commits it: a crash in between leaves
      // the archive ahead of the database (rebuild replays real data), never behind it.
      await recordCommit(job, run, files, keys.size);
      const merge = await stage.commit({
        runId: run.runId,
        at: run.runStart,
        scope: job.scope,
        ...(job.state === undefined ? {} : { state: job.state }),
      });
      return { key: job.key, complete: true, rows: keys.size, expected, requests, merge };
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

  // Incomplete: keep what arrived without deleting anything, and do not move the resource's state.
  if (stage === undefined) {
    return {
      key: job.key,
      complete: false,
      rows: 0,
      expected,
      requests,
      reason,
      merge: { inserted: 0, updated: 0, deleted: 0, mediaUpserted: 0 },
    };
  }
  await recordCommit({ ...job, scope: { kind: 'upsert' } }, run, files, keys.size);
  const merge = await stage.commit({ runId: run.runId, at: run.runStart, scope: { kind: 'upsert' } });
  return { key: job.key, complete: false, rows: keys.size, expected, requests, merge, reason };
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

async function recordCommit(job: Job, run: RunContext, files: string[], rows: number): Promise<void> {
  await run.archive.recordCommit({
    resource: job.key,
    table: job.table,
    normalizer: job.normalizer,
    context: job.context,
    scope: job.scope,
    files,
    rows,
    ...(job.scope.kind === 'upsert' || job.state === undefined ? {} : { state: job.state }),
    at: run.now(),
  });
}
