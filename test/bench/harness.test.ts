import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { writeArchiveOnly } from '../../bench/archive-only.ts';
import { naiveExport } from '../../bench/baseline.ts';
import {
  backupShape,
  budgetBound,
  pagedRequests,
  type TruthTables,
  untilEmptyRequests,
} from '../../bench/minimum.ts';
import { median } from '../../bench/stats.ts';
import { wallMsToNextWindow, warpedNow } from '../../bench/warp.ts';
import { catalog } from '../../pipelines/catalog.ts';
import { systemClock } from '../../src/clock.ts';
import { startSimulator } from '../../src/simulator/index.ts';

test('the bound waits out every full window but the last, then runs the rest at the latency', (t) => {
  t.is(
    budgetBound({ requests: 1053, budget: 500, windowMs: 5000, latencyMs: 10, concurrency: 4 }),
    10_000 + 14 * 10,
  );
  t.is(budgetBound({ requests: 500, budget: 500, windowMs: 5000, latencyMs: 10, concurrency: 4 }), 125 * 10);
  t.is(budgetBound({ requests: 1, budget: 500, windowMs: 5000, latencyMs: 7, concurrency: 4 }), 7);
});

test('warped time runs factor times faster from the origin; windows open on the warped epoch grid', (t) => {
  const warp = { origin: 1_000_000, factor: 60 };
  t.is(warpedNow(warp, 1_000_000), 1_000_000);
  t.is(warpedNow(warp, 1_001_000), 1_060_000);
  // Warped 1_060_000 is 160_000 into a 300_000 window: 140_000 warped ms, 2333 wall ms, to the next.
  t.is(Math.round(wallMsToNextWindow(warp, 300_000, 1_001_000)), 2333);
});

test('median of odd and even counts', (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 3, 2]), 2.5);
  t.true(Number.isNaN(median([])));
});

test('the request counts derived from the truth are the ones the exporters really make', async (t) => {
  const sim = await startSimulator({
    profile: 'tiny',
    seed: 3,
    rateLimit: { limit: 100_000, windowMs: 1000 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'traktdb-bench-test-'));
  t.teardown(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  const shape = backupShape(catalog, sim.truth() as unknown as TruthTables);
  t.true(shape.paged.some((job) => job.key.startsWith('list_items:')));

  const naive = await naiveExport({
    apiUrl: sim.url,
    clientId: sim.clientId,
    accessToken: sim.accessToken,
    out: join(dir, 'naive'),
    clock: systemClock,
    sleepMs: 0,
  });
  // last_activities is the one call traktdb makes that the naive exporter does not.
  t.is(naive.requests, untilEmptyRequests(shape, 100) - 1);
  t.is(naive.rateLimited, 0);

  const archive = await writeArchiveOnly({
    apiUrl: sim.url,
    clientId: sim.clientId,
    accessToken: sim.accessToken,
    archive: join(dir, 'raw'),
    clock: systemClock,
    concurrency: 4,
  });
  // The backup's closing round asks last_activities once more to confirm nothing moved.
  t.is(archive.requests, pagedRequests(shape, 250) + 1);
});
