import type { Job, RunContext } from './job.ts';
import { queued } from './queued.ts';

/**
 * Trakt's count of a paged resource's items, from the X-Pagination-Item-Count
 * header of a one-item page (docs/trakt-api.md §2: every paged answer carries it): one
 * request instead of every page. `query` narrows it (history's start_at/end_at).
 * Undefined when the answer came without the header (docs/tolerance.md: real
 * endpoints sometimes do): the caller then pages the resource instead of
 * trusting a count it does not have.
 */
export async function remoteItemCount(
  job: Job,
  run: RunContext,
  query: Record<string, string> = {},
): Promise<number | undefined> {
  const response = await queued(run.queue, () =>
    run.fetcher.get(
      job.path,
      { ...job.query, ...query, page: 1, limit: 1 },
      run.signal === undefined ? {} : { signal: run.signal },
    ),
  );
  return response.pagination?.itemCount;
}
