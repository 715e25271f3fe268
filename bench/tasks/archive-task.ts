import { writeArchiveOnly } from '../archive-only.ts';
import { type Warp, warpedClock } from '../warp.ts';

export interface ArchiveTask {
  apiUrl: string;
  clientId: string;
  accessToken: string;
  archive: string;
  concurrency: number;
  warp: Warp;
}

export async function archiveTask(task: ArchiveTask): Promise<{ wallMs: number; requests: number }> {
  const started = performance.now();
  const result = await writeArchiveOnly({ ...task, clock: warpedClock(task.warp) });
  return { wallMs: performance.now() - started, requests: result.requests };
}
