import { fetchPaged, type JobOutcome } from './fetch-paged.ts';
import type { Job, RunContext } from './job.ts';
import type { MirrorQueries } from './ports.ts';
import type { PagedResource, Repair } from './resource.ts';

/**
 * The repairs a catalog entry can name (Resource.repair): a second look
 * after a sync, at what its counts cannot see. Each returns the outcomes of
 * the loads it made; the resource's state is saved only once they are all
 * complete, so a run stopped before the repair is repaired by the next.
 */
export const REPAIRS: Record<
  Repair['kind'],
  (resource: PagedResource, run: RunContext, mirror: MirrorQueries) => Promise<JobOutcome[]>
> = {
  'play-counts': reconcilePlays,
};

/** Above this many mismatched items, a per-item repair costs more than it saves; the next `sync --full` fixes it. */
const MAX_ITEMS = 100;

/**
 * Window counts cannot see a backdated play and a removed play that land in
 * the same window. Trakt's watched aggregates can: they give each movie's and
 * show's number of plays. After a sync that re-pulled history and both
 * aggregates completely, every item whose local play count differs is
 * fetched again from its own history (`/sync/history/movies/{id}`,
 * `/sync/history/shows/{id}`, docs/trakt-api.md §3) and replaces that item's plays.
 */
async function reconcilePlays(
  resource: PagedResource,
  run: RunContext,
  mirror: MirrorQueries,
): Promise<JobOutcome[]> {
  const items = await mirror.playCountMismatches(run.runStart);
  if (items.length === 0 || items.length > MAX_ITEMS) return [];
  const column = resource.write.mode === 'windows' ? resource.write.column : 'watched_at';
  return Promise.all(
    items.map((item) => {
      const job: Job = {
        key: `${resource.name}:${item.mediaType}:${item.traktId}`,
        title: `${resource.title} of ${item.mediaType} ${item.traktId}`,
        table: resource.table,
        primaryKey: resource.primaryKey,
        normalizer: resource.normalizer,
        context: {},
        path: `/sync/history/${item.mediaType === 'movie' ? 'movies' : 'shows'}/${item.traktId}`,
        query: { ...resource.query, end_at: run.runStart },
        scope: {
          kind: 'range',
          column,
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
