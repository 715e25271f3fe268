/**
 * `npm run bench:credits [-- --profile heavy]`: the cost of `--with credits`
 * (docs/credits.md). A plain backup first, then one `sync --with credits` on
 * its database: its /people requests against the account's played movies and
 * shows (one each, the minimum), and its wall time against the bound Trakt's
 * budget sets (500 GETs per 300 s, docs/trakt-api.md §2), on the same 60x
 * clock as `npm run bench` (bench/warp.ts). Prints one Markdown table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../src/simulator/index.ts';
import { pullTask } from './tasks/pull-task.ts';
import { warpedNow } from './warp.ts';

const { values } = parseArgs({ options: { profile: { type: 'string', default: 'heavy' } } });
const profile = values.profile as 'tiny' | 'typical' | 'heavy';
const budget = { limit: 500, windowMs: 300_000 };
const warp = { origin: Date.now(), factor: 60 };
const dir = await mkdtemp(join(tmpdir(), 'traktdb-bench-credits-'));
const sim = await startSimulator({
  profile,
  seed: 1,
  rateLimit: budget,
  clock: () => warpedNow(warp, Date.now()),
});
try {
  const base = {
    apiUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    accessToken: sim.accessToken,
    db: join(dir, 'trakt.duckdb'),
    archive: join(dir, 'raw'),
    configHome: join(dir, 'config'),
    concurrency: 4,
    warp,
    alignWindowMs: budget.windowMs,
  };
  process.stderr.write(`backup of the ${profile} account ...\n`);
  await pullTask({ ...base, mode: 'backup' });
  const truth = sim.truth();
  const played = truth.watched.filter((w) => w.media_type === 'movie' || w.media_type === 'show').length;
  process.stderr.write(`sync --with credits for ${played} played titles ...\n`);
  const before = sim.requests().length;
  const sync = await pullTask({ ...base, mode: 'sync', with: 'credits' });
  const requests = sim.requests().slice(before);
  const people = requests.filter((r) => /\/people$/.test(r.path)).length;
  const limited = requests.filter((r) => r.rateLimited !== undefined).length;
  // The bound: every request of the sync at the budget, the first window full (the run starts at its opening).
  const windows = Math.ceil(sync.requests / budget.limit);
  const boundMs = ((windows - 1) * budget.windowMs) / warp.factor;
  const realMinutes = (sync.wallMs * warp.factor) / 60_000;
  const boundMinutes = ((windows - 1) * budget.windowMs) / 60_000;
  const lines = [
    `| measure (${profile}) | traktdb | compared with | ratio |`,
    '| --- | --- | --- | --- |',
    `| /people requests | ${people} | played movies and shows ${played} | ${(people / played).toFixed(3)}x |`,
    `| all requests of the sync | ${sync.requests} | ${people} /people + last_activities and what moved | |`,
    `| wall time (60x clock) | ${(sync.wallMs / 1000).toFixed(1)} s | bound ${(boundMs / 1000).toFixed(1)} s (${windows} budget window${windows === 1 ? '' : 's'}) | ${boundMs > 0 ? `${(sync.wallMs / boundMs).toFixed(2)}x` : 'within one window'} |`,
    // The database's time does not shrink with the warp: per title it is the same on either clock.
    `| per title (database and client) | ${(sync.wallMs / Math.max(people, 1)).toFixed(1)} ms | budget ${(budget.windowMs / budget.limit).toFixed(0)} ms per request on Trakt's clock | |`,
    `| budget bound on Trakt's clock | ${boundMinutes.toFixed(1)} min | warped wall time x60: ${realMinutes.toFixed(1)} min | |`,
    `| 429s | ${limited} | | |`,
    `| status | ${sync.status} | credits rows ${sim.truth({ credits: true }).credits.length} | |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
