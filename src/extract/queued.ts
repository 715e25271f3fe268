import type PQueue from 'p-queue';

/**
 * Runs `task` within the run's concurrency and returns its result without
 * letting the queue keep it: p-queue 9 holds on to finished tasks, and each
 * result is a whole response (body and parsed JSON), so a backup that queues
 * every page at once would otherwise keep every page in memory. The result
 * travels through a box that is emptied as soon as it is read.
 */
export async function queued<T>(queue: PQueue, task: () => Promise<T>): Promise<T> {
  const box: { value?: T } = {};
  await queue.add(async () => {
    box.value = await task();
  });
  const value = box.value as T;
  delete box.value;
  return value;
}
