import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { systemClock } from '../../src/clock.ts';
import { resolveConfig } from '../../src/config.ts';
import { InterruptedError } from '../../src/errors.ts';
import type { ExtractEvent } from '../../src/extract/events.ts';
import { Store } from '../../src/load/store.ts';
import { type PullSummary, pull } from '../../src/runs/pull.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { type Workspace, workspace } from '../helpers/backup.ts';
import { withDuck } from '../helpers/tables.ts';
import { exactProblems, runs, type Tables } from './helpers/db-check.ts';

/**
 * docs/sync.md "Resuming": a backup stopped halfway (the same stop a signal,
 * a crash or a lost network leaves: pages archived, the resource never
 * committed) resumes from the pages it archived. Small pages (2 items) give
 * the tiny account's 60 plays 30 history pages, and every other resource
 * several, so "halfway" is many pages.
 */
const PAGE_SIZE = 2;

async function sim(t: ExecutionContext): Promise<Simulator> {
  const s = await startSimulator({ profile: 'tiny', seed: 7, rateLimit: { limit: 10_000, windowMs: 1000 } });
  t.teardown(() => s.close());
  return s;
}

/** One backup in-process, stopped (as by SIGINT) once `stopAfter` pages (of resource `of`) have arrived, if given. */
async function backup(
  s: Simulator,
  ws: Workspace,
  options: { stopAfter?: number; of?: string; events?: ExtractEvent[] } = {},
): Promise<PullSummary | Error> {
  const config = resolveConfig(
    {
      db: ws.db,
      archive: ws.archive,
      apiUrl: s.url,
      authUrl: s.url,
      clientId: s.clientId,
      rateLimit: '10000/1',
      concurrency: 2,
    },
    {
      XDG_CONFIG_HOME: ws.configHome,
      TRAKT_ACCESS_TOKEN: s.accessToken,
      TRAKT_CLIENT_SECRET: s.clientSecret,
    },
  );
  const controller = new AbortController();
  let pages = 0;
  const store = await Store.open(ws.db);
  try {
    return await pull({
      mode: 'backup',
      config,
      store,
      clock: systemClock,
      pageSize: PAGE_SIZE,
      signal: controller.signal,
      onExtract: (event) => {
        options.events?.push(event);
        if (event.type !== 'page' || (options.of !== undefined && event.resource !== options.of)) return;
        pages += 1;
        if (pages === options.stopAfter) controller.abort(new InterruptedError('backup stopped by SIGINT'));
      },
      onHttp: () => {},
      http: { retryBaseMs: 5, retryMaxMs: 50, timeoutMs: 2000, rateLimitMarginMs: 0 },
    });
  } catch (error) {
    return error as Error;
  } finally {
    await store.close();
  }
}

/** A request as text that names it exactly: path and sorted query. */
function requestKey(path: string, query: Record<string, string>): string {
  const params = new URLSearchParams(query);
  params.sort();
  return `${path}?${params}`;
}

/** The paged requests a run archived (its page answers), by requestKey. */
async function archivedPages(archive: string, runId: number): Promise<Set<string>> {
  const dir = (await readdir(archive)).find((name) => name.endsWith(`-run${runId}`)) as string;
  const text = await readFile(join(archive, dir, 'manifest.jsonl'), 'utf8');
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as { type: string; path?: string };
    if (entry.type !== 'response' || entry.path === undefined || !entry.path.includes('page=')) continue;
    const [path = '', query = ''] = entry.path.split('?');
    keys.add(requestKey(path, Object.fromEntries(new URLSearchParams(query))));
  }
  return keys;
}

function apiRequests(s: Simulator): string[] {
  return s
    .requests()
    .filter((r) => !r.path.startsWith('/_sim'))
    .map((r) => requestKey(r.path, r.query));
}

test('a backup stopped halfway resumes from its archived pages: under 10% of the fetched pages are fetched again, and the mirror is exact', async (t) => {
  const s = await sim(t);
  const ws = await workspace(t);
  // A complete backup of a twin workspace: how many requests the whole costs.
  const whole = await workspace(t);
  s.clearRequests();
  const full = await backup(s, whole);
  if (full instanceof Error) throw full;
  const wholeRequests = apiRequests(s).length;

  s.clearRequests();
  const stopped = await backup(s, ws, { stopAfter: Math.round(wholeRequests / 2) });
  t.true(stopped instanceof InterruptedError, String(stopped));
  const [killed] = await withDuck(ws.db, runs);
  t.is(killed?.status, 'interrupted');
  const fetchedBefore = await archivedPages(ws.archive, killed?.runId ?? 0);

  s.clearRequests();
  const events: ExtractEvent[] = [];
  const resumed = await backup(s, ws, { events });
  if (resumed instanceof Error) throw resumed;
  const again = apiRequests(s).filter((key) => fetchedBefore.has(key));
  const share = again.length / fetchedBefore.size;
  t.log(
    `complete backup: ${wholeRequests} requests; stopped run archived ${fetchedBefore.size} pages; ` +
      `the resumed run made ${apiRequests(s).length} requests, ${again.length} of them for pages already archived ` +
      `(${(share * 100).toFixed(1)}%); it reused ${resumed.extract.resumed?.pages} pages of ${resumed.extract.resumed?.resources} resources ` +
      `and skipped ${resumed.extract.resumed?.committed} committed ones`,
  );
  t.true(fetchedBefore.size >= 20, `${fetchedBefore.size} pages before the stop`);
  t.true(share < 0.1, `${again.length} of ${fetchedBefore.size} archived pages fetched again`);
  t.true((resumed.extract.resumed?.pages ?? 0) > 0);
  // Stopped + resumed costs about what one complete backup does, not one and a half.
  t.true(apiRequests(s).length + fetchedBefore.size <= wholeRequests + 2 * again.length + 4);
  const plan = events.find((e) => e.type === 'plan');
  // The plan announces what the archive holds for resources that still hold; the run reads back those it needs.
  t.true(plan?.type === 'plan' && plan.reusablePages >= (resumed.extract.resumed?.pages ?? 0));
  t.true(plan?.type === 'plan' && plan.reusableResources >= (resumed.extract.resumed?.resources ?? 0));
  t.deepEqual(await withDuck(ws.db, (duck) => exactProblems(duck, s.truth() as unknown as Tables)), []);
});

test('history pages are not reused once last_activities says history moved; the mirror is still exact', async (t) => {
  const s = await sim(t);
  const ws = await workspace(t);
  const events: ExtractEvent[] = [];
  // Stopped once history has several pages archived but before it could commit.
  const stopped = await backup(s, ws, { stopAfter: 8, of: 'plays', events });
  t.true(stopped instanceof InterruptedError);
  const [killed] = await withDuck(ws.db, runs);
  const history = [...(await archivedPages(ws.archive, killed?.runId ?? 0))].filter((k) =>
    k.startsWith('/sync/history?'),
  );
  t.true(history.length >= 8, `${history.length} history pages archived`);
  s.mutate.addPlays(3);
  s.clearRequests();
  const later: ExtractEvent[] = [];
  const resumed = await backup(s, ws, { events: later });
  if (resumed instanceof Error) throw resumed;
  const reusedHistory = later.filter((e) => e.type === 'page' && e.resource === 'plays' && e.reused === true);
  t.is(reusedHistory.length, 0);
  const historyNow = apiRequests(s).filter((k) => k.startsWith('/sync/history?'));
  t.is(historyNow.length, Math.ceil(s.truth().plays.length / PAGE_SIZE));
  t.deepEqual(await withDuck(ws.db, (duck) => exactProblems(duck, s.truth() as unknown as Tables)), []);
});
