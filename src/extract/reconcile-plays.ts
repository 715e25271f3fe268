import { fetchPaged, type JobOutcome } from './fetch-paged.ts';
import type { Job, RunContext } from './job.ts';

/** Above this many mismatched items, a per-item repair costs more than it saves; the next `sync --full` fixes it. */
const MAX_ITEMS = 100;

export type PlayCountMismatches = (to: string) => Promise<{ mediaType: 'movie' | 'show'; traktId: number }[]>;

/**
 * Window counts cannot see a backdated play and a removed play that land in
 * the same window. Trakt's watched aggregates can: they give each movie's and
 * show's number of plays. After a sync that re-pulled history and both
 * aggregates completely, every item whose local play count differs is
 * fetched again from its own history (`/sync/history/movies/{id}`,
 * `/sync/history/shows/{id}`, docs/trakt-api.md §3) and replaces that item's plays.
 */
export async function reconcilePlays(
  run: RunContext,
  mismatches: PlayCountMismatches,
  historyQuery: Record<string, string>,
): Promise<JobOutcome[]> {
  const items = await mismatches(run.runStart);
  if (items.length === 0 || items.length > MAX_ITEMS) return [];
  return Promise.all(
    items.map((item) => {
      const job: Job = {
        key: `plays:${item.mediaType}:${item.traktId}`,
        title: `watch history of ${item.mediaType} ${item.traktId}`,
        table: 'plays',
        normalizer: 'history',
        context: {},
        path: `/sync/history/${item.mediaType === 'movie' ? 'movies' : 'shows'}/${item.traktId}`,
        query: { ...historyQuery, end_at: run.runStart },
        scope: {
          kind: 'range',
          column: 'watched_at',
          to: run.runStart,
          equals:
            item.mediaType === 'movie'
              ? { media_type: 'movie', movie_trakt_id: item.traktId }
              : { media_type: 'episode', show_trakt_id: item.traktId },
        },
      };
      return fetchPaged(job, run);
    }),
  );
}
