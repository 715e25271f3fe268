import { type BaselineResult, naiveExport } from '../baseline.ts';
import { type Warp, warpedClock } from '../warp.ts';

export interface BaselineTask {
  apiUrl: string;
  clientId: string;
  accessToken: string;
  out: string;
  warp: Warp;
  /** Budget whose average rate sizes the sleep: W/B between requests. */
  budget: { limit: number; windowMs: number };
}

export async function baselineTask(task: BaselineTask): Promise<BaselineResult & { wallMs: number }> {
  const started = performance.now();
  const result = await naiveExport({
    apiUrl: task.apiUrl,
    clientId: task.clientId,
    accessToken: task.accessToken,
    out: task.out,
    clock: warpedClock(task.warp),
    sleepMs: task.budget.windowMs / task.budget.limit,
  });
  return { ...result, wallMs: performance.now() - started };
}
