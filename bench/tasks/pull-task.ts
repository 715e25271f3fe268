import { resolveConfig } from '../../src/config.ts';
import type { ExtractMode } from '../../src/extract/runner.ts';
import { Store } from '../../src/load/store.ts';
import { pull } from '../../src/runs/pull.ts';
import { type DbTimes, timeDuckStatements } from '../db-timing.ts';
import { median } from '../stats.ts';
import { type Warp, wallMsToNextWindow, warpedClock } from '../warp.ts';

export interface PullTask {
  mode: ExtractMode;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  db: string;
  archive: string;
  configHome: string;
  concurrency: number;
  /** `--with` extras (credits). */
  with?: string;
  warp: Warp;
  /** Start at the opening of a budget window of this many (warped) ms, so the bound starts with a full window. */
  alignWindowMs?: number;
}

export interface PullTaskResult {
  wallMs: number;
  status: string;
  requests: number;
  rateLimited: number;
  /** Wall ms spent waiting on the budget or a Retry-After. */
  waitedMs: number;
  /** Median wall ms from a request leaving to its answer. */
  latencyMs: number;
  /** Wall ms from the start to the last answer; the rest is loading and models. */
  lastAnswerMs: number;
  requestsByResource: Record<string, number>;
  rowsChanged: number;
  tableCounts: Record<string, number>;
  /** Wall ms inside DuckDB statements, by kind. */
  dbMs: DbTimes;
}

/** One `backup` or `sync`, exactly as the CLI runs it, on the warped clock (budget 500/300 s, scaled). */
export async function pullTask(task: PullTask): Promise<PullTaskResult> {
  const clock = warpedClock(task.warp);
  const config = resolveConfig(
    {
      db: task.db,
      archive: task.archive,
      apiUrl: task.apiUrl,
      authUrl: task.apiUrl,
      clientId: task.clientId,
      // docs/trakt-api.md §2: 500 GETs per 300 s (#909), the default; the warp scales it.
      rateLimit: '500/300',
      concurrency: task.concurrency,
      ...(task.with === undefined ? {} : { with: task.with }),
    },
    {
      TRAKT_ACCESS_TOKEN: task.accessToken,
      TRAKT_CLIENT_SECRET: task.clientSecret,
      XDG_CONFIG_HOME: task.configHome,
    },
  );
  const align = task.alignWindowMs;
  if (align !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, wallMsToNextWindow(task.warp, align, Date.now()) + 2));
  }
  const dbMs = timeDuckStatements();
  const latencies: number[] = [];
  const started = performance.now();
  const store = await Store.open(task.db);
  let lastAnswer = started;
  try {
    const summary = await pull({
      mode: task.mode,
      config,
      store,
      clock,
      onExtract: () => {},
      onHttp: (event) => {
        if (event.type !== 'response') return;
        latencies.push(event.ms / task.warp.factor);
        lastAnswer = performance.now();
      },
    });
    const wallMs = performance.now() - started;
    const requestsByResource: Record<string, number> = {};
    let rowsChanged = 0;
    for (const outcome of summary.extract.outcomes) {
      const key = outcome.key.startsWith('list_items:') ? 'list_items' : outcome.key;
      requestsByResource[key] = (requestsByResource[key] ?? 0) + outcome.requests;
      rowsChanged += outcome.inserted + outcome.updated + outcome.deleted;
    }
    return {
      wallMs,
      status: summary.status,
      requests: summary.requests,
      rateLimited: summary.rateLimited,
      waitedMs: summary.waitedMs / task.warp.factor,
      latencyMs: median(latencies),
      lastAnswerMs: lastAnswer - started,
      requestsByResource,
      rowsChanged,
      tableCounts: summary.tableCounts,
      dbMs,
    };
  } finally {
    await store.close();
  }
}
