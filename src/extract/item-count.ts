import type { Job, RunContext } from './job.ts';
import { queued } from './queued.ts';

/**
 * Trakt's count of a paged resource's items, from the X-Pagination-Item-Count
 * header of a one-item page (docs/trakt-api.md §2: every paged answer carries it): one
 * request instead of every page. `query` narrows it (history's start_at/end_at).
 */
export async function remoteItemCount(
  job: Job,
  run: RunContext,
  query: Record<string, string> = {},
): Promise<number> {
  const response = await queued(run.queue, () =>
    run.fetcher.get(
      job.path,
      { ...job.query, ...query, page: 1, limit: 1 },
      run.signal === undefined ? {} : { signal: run.signal },
    ),
  );
  if (response.pagination === undefined) {
    throw new Error(`${response.method} ${response.path} sent no X-Pagination-Item-Count; cannot count it.`);
  }
  return response.pagination.itemCount;
}
