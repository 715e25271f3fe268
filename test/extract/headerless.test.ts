import test from 'ava';
import PQueue from 'p-queue';
import { fetchPaged, UNPAGED_CUT } from '../../src/extract/fetch-paged.ts';
import { RunLookups } from '../../src/extract/id-lookups.ts';
import type { ExpectedCount, Job, RunContext } from '../../src/extract/job.ts';
import type { Page, Stage } from '../../src/extract/ports.ts';
import { NORMALIZERS } from '../../src/normalize/registry.ts';
import { PRIMARY_KEYS } from '../../src/normalize/rows.ts';

/**
 * An answer without X-Pagination headers is never taken as complete on
 * faith (docs/tolerance.md). These cases
 * run the pager against a scripted endpoint and count its requests: the
 * proof may cost at most one more page, and nothing when another count
 * agrees at once.
 */

function listed(id: number): unknown {
  return {
    rank: id,
    id,
    listed_at: '2026-01-01T00:00:00.000Z',
    type: 'movie',
    movie: { title: `Movie ${id}`, year: 2000, ids: { trakt: id } },
  };
}

/** An endpoint holding `total` items that sends no paging headers: it pages, or ignores `page` and cuts at `cut`. */
function endpoint(total: number, behaviour: 'pages' | 'ignores-page', cut = Number.POSITIVE_INFINITY) {
  const asked: number[] = [];
  const get = async (path: string, query?: Record<string, unknown>): Promise<Page> => {
    const page = Number(query?.['page'] ?? 1);
    const limit = Number(query?.['limit'] ?? 250);
    asked.push(page);
    const all = Array.from({ length: Math.min(total, cut) }, (_, i) => listed(i + 1));
    const items = behaviour === 'pages' ? all.slice((page - 1) * limit, page * limit) : all;
    const body = JSON.stringify(items);
    return {
      status: 200,
      method: 'GET',
      path: `${path}?page=${page}`,
      body,
      json: items,
      pagination: undefined,
    };
  };
  return { get, asked };
}

function context(get: (path: string, query?: Record<string, unknown>) => Promise<Page>, pageSize = 250) {
  const staged: unknown[] = [];
  const stage: Stage = {
    rowCount: 0,
    add: async (batch) => {
      staged.push(...(batch.watchlist ?? []));
    },
    reject: async () => {},
    commit: async () => ({
      inserted: staged.length,
      updated: 0,
      deleted: 0,
      mediaUpserted: 0,
      byTable: {},
      rejected: 0,
    }),
    discard: async () => {},
    rest: async () => {},
  };
  const run: RunContext = {
    fetcher: { get },
    store: {
      stage: async () => stage,
      commitTogether: async () => ({
        inserted: 0,
        updated: 0,
        deleted: 0,
        mediaUpserted: 0,
        byTable: {},
        rejected: 0,
      }),
    },
    archive: { saveResponse: async () => 'file.json', recordCommit: async () => {} },
    queue: new PQueue({ concurrency: 2 }),
    runId: 1,
    runStart: '2026-11-01T00:00:00.000Z',
    now: () => '2026-11-01T00:00:00.000Z',
    emit: () => {},
    maxPasses: 3,
    pageSize,
    lookups: new RunLookups(async () => {
      throw new Error('no lookups here');
    }),
  };
  return { run, staged };
}

function job(count?: number): Job {
  const j: Job = {
    key: 'watchlist',
    title: 'watchlist',
    table: 'watchlist',
    primaryKey: PRIMARY_KEYS.watchlist,
    normalizer: NORMALIZERS.watchlist,
    context: {},
    path: '/sync/watchlist/all/rank/asc',
    query: {},
    scope: { kind: 'all' },
    state: { resource: 'watchlist', activities: {} },
  };
  if (count !== undefined) {
    j.expectedCount = async (): Promise<ExpectedCount> => ({ count, source: 'a test count' });
  }
  return j;
}

test('another count that agrees at once proves a headerless answer: no request more', async (t) => {
  const server = endpoint(40, 'ignores-page');
  const outcome = await fetchPaged(job(40), context(server.get).run);
  t.true(outcome.complete);
  t.deepEqual(server.asked, [1]);
  t.is(outcome.rows, 40);
});

test('an endpoint that ignores page, with fewer items than the cut: one more page repeats it, complete', async (t) => {
  const server = endpoint(8, 'ignores-page');
  const outcome = await fetchPaged(job(), context(server.get).run);
  t.true(outcome.complete);
  t.deepEqual(server.asked, [1, 2]);
  t.is(outcome.rows, 8);
  t.is(outcome.expected, 8);
});

test('an endpoint that ignores page and sends exactly the cut, with nothing else to count: incomplete', async (t) => {
  const server = endpoint(130, 'ignores-page', UNPAGED_CUT);
  const outcome = await fetchPaged(job(), context(server.get).run);
  t.false(outcome.complete);
  t.is(outcome.problem, 'incomplete');
  t.deepEqual(server.asked, [1, 2]);
  t.is(outcome.rows, 100);
  t.regex(
    outcome.reason ?? '',
    /no X-Pagination headers and ignores page=2; its 100 items may be its silent cut at 100/,
  );
});

test('a count that disagrees makes a cut answer incomplete, with the numbers a person reads', async (t) => {
  const server = endpoint(130, 'ignores-page', UNPAGED_CUT);
  const outcome = await fetchPaged(job(130), context(server.get).run);
  t.false(outcome.complete);
  t.is(outcome.expected, 130);
  t.is(outcome.rows, 100);
  t.deepEqual(server.asked, [1, 2]);
  t.is(
    outcome.reason,
    'received 100 of the 130 items a test count counts; Trakt sent no X-Pagination headers',
  );
});

test('an endpoint that pages without headers is followed to its empty page', async (t) => {
  const server = endpoint(23, 'pages');
  const { run, staged } = context(server.get, 10);
  const outcome = await fetchPaged(job(), run);
  t.true(outcome.complete);
  t.deepEqual(server.asked, [1, 2, 3, 4]);
  t.is(outcome.rows, 23);
  t.is(staged.length, 23);
  // With a count, the page after the last full one is not needed once the count is reached.
  const counted = endpoint(23, 'pages');
  const again = await fetchPaged(job(23), context(counted.get, 10).run);
  t.true(again.complete);
  t.deepEqual(counted.asked, [1, 2, 3]);
});
