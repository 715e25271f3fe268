import { resolveConfig } from '../../src/config.ts';
import { Store } from '../../src/load/store.ts';
import type { RestoreEvent, RestoreRow } from '../../src/restore/apply.ts';
import { RESTORE_RESOURCES } from '../../src/restore/model.ts';
import { restore } from '../../src/restore/restore.ts';
import { type Warp, warpedClock } from '../warp.ts';

export interface RestoreTask {
  apply: boolean;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  db: string;
  configHome: string;
  concurrency: number;
  warp: Warp;
}

export interface RestoreTaskResult {
  wallMs: number;
  rows: RestoreRow[];
  /** Write requests sent, and what each resource's plan needed at the batch size. */
  writes: number;
  plannedRequests: Record<string, number>;
  /** Every request, reads included. */
  requests: number;
  /** Wall ms waited on the budgets (GET windows, write spacing) and Retry-After. */
  waitedMs: number;
  /** Wall ms the plan said the writes take at the write budget. */
  estimatedMs: number;
}

/** One `restore` (dry run or --apply) as the CLI runs it: default budgets, 500/300 GETs and 1 write per second, warped. */
export async function restoreTask(task: RestoreTask): Promise<RestoreTaskResult> {
  const clock = warpedClock(task.warp);
  const config = resolveConfig(
    {
      db: task.db,
      apiUrl: task.apiUrl,
      authUrl: task.apiUrl,
      clientId: task.clientId,
      rateLimit: '500/300',
      writeRate: '1/1',
      concurrency: task.concurrency,
    },
    {
      TRAKT_ACCESS_TOKEN: task.accessToken,
      TRAKT_CLIENT_SECRET: task.clientSecret,
      XDG_CONFIG_HOME: task.configHome,
    },
  );
  const started = performance.now();
  const store = await Store.open(task.db);
  let estimatedMs = 0;
  try {
    const report = await restore({
      config,
      store,
      clock,
      apply: task.apply,
      only: RESTORE_RESOURCES,
      batchSize: 100,
      allowOtherAccount: false,
      onEvent: (event: RestoreEvent) => {
        if (event.type === 'plan') estimatedMs = event.estimatedMs / task.warp.factor;
      },
      onHttp: () => {},
    });
    return {
      wallMs: performance.now() - started,
      rows: report.rows,
      writes: report.writes,
      plannedRequests: report.plannedRequests as Record<string, number>,
      requests: report.requests,
      waitedMs: report.waitedMs / task.warp.factor,
      estimatedMs,
    };
  } finally {
    await store.close();
  }
}
