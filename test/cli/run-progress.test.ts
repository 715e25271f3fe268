import test from 'ava';
import { resumingLine } from '../../src/cli/progress.ts';
import { IDLE_MS, RunProgress } from '../../src/cli/run-progress.ts';

const response = { type: 'response', method: 'GET', path: '/x', status: 200, ms: 5 } as const;

test('the overall line counts resources and requests, estimates what is left and the time at the budget', (t) => {
  let now = 0;
  const progress = new RunProgress({ limit: 10, windowMs: 10_000 }, () => now);
  progress.onExtract({
    type: 'plan',
    resources: [
      { resource: 'plays', title: 'watch history' },
      { resource: 'ratings', title: 'ratings' },
      { resource: 'watchlist', title: 'watchlist' },
    ],
    committed: 0,
    reusablePages: 0,
    reusableResources: 0,
  });
  t.is(progress.overallLine(), 'overall: 0/3 resources, 0/~3 requests, time left: measuring');
  // 4 requests in 2 s: page 1 of history says 20 pages; ratings finished.
  for (let i = 0; i < 4; i += 1) progress.onHttp(response);
  now = 2000;
  progress.onExtract({
    type: 'page',
    resource: 'plays',
    page: 1,
    pageCount: 20,
    items: 250,
    itemCount: 5000,
    received: 250,
  });
  progress.onExtract({
    type: 'resource-done',
    resource: 'ratings',
    title: 'ratings',
    rows: 9,
    inserted: 9,
    updated: 0,
    deleted: 0,
    requests: 1,
  });
  // Left: 19 history pages and the watchlist's one = 20; 6 fit in the window at 0.5 s each, 14 at the budget's 1 s.
  t.is(progress.requestsLeft(), 20);
  t.is(progress.etaMs(), 6 * 500 + 14 * 1000);
  t.is(progress.overallLine(), 'overall: 1/3 resources, 4/~24 requests, 17 s left');
  progress.onHttp({ type: 'rate-limit-wait', ms: 8000, until: 10_000, reason: 'budget' });
  t.is(
    progress.overallLine(),
    'overall: 1/3 resources, 4/~24 requests, waiting 8 s for rate budget, 17 s left',
  );
  // The countdown moves with the clock: no frozen wait.
  now = 7000;
  t.regex(progress.overallLine(), /waiting 3 s for rate budget/);
  // History idle with pages left is queued, as is the watchlist that has not started.
  t.deepEqual(progress.split().queued, ['watch history', 'watchlist']);
  now = 7000 + IDLE_MS;
  progress.onExtract({
    type: 'page',
    resource: 'plays',
    page: 2,
    pageCount: 20,
    items: 250,
    itemCount: 5000,
    received: 500,
  });
  t.deepEqual(
    progress.split().paging.map(([name, state]) => [name, state.page, state.pageCount]),
    [['plays', 2, 20]],
  );
});

test('the resuming line says how many pages of how many resources an interrupted run left', (t) => {
  const plan = { type: 'plan', resources: [], committed: 0, reusablePages: 0, reusableResources: 0 } as const;
  t.is(resumingLine(plan), undefined);
  t.is(
    resumingLine({ ...plan, reusablePages: 126, reusableResources: 1, committed: 3 }),
    'resuming: 126 pages of 1 resource reused from the interrupted run; 3 resources it committed not fetched again',
  );
});
