import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readMovie, readShow } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /sync/watched/movies or /sync/watched/shows (docs/trakt-api.md §3):
 * `{plays, last_watched_at, last_updated_at, reset_at? (shows), movie | show, seasons?}`.
 * The item has no `type`: it is a movie or a show by which object it carries.
 * Per-episode `seasons` detail is not mirrored (history has every play).
 *
 * Required: the movie's or show's trakt id (the key) and `last_watched_at`
 * (Trakt always sends it); `plays`, `last_updated_at`, `reset_at` optional.
 */
export function normalizeWatchedItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('watched item', ctx));
  const out = new BatchBuilder();
  const movie = f.optObject('movie');
  const show = f.optObject('show');
  if (movie !== null && show !== null) f.fail(undefined, 'has both a movie and a show');
  const plays = f.optInt('plays');
  const lastWatchedAt = f.timestamp('last_watched_at');
  const lastUpdatedAt = f.optTimestamp('last_updated_at');
  if (movie !== null) {
    out.add('watched', {
      media_type: 'movie',
      trakt_id: readMovie(movie, out),
      plays,
      last_watched_at: lastWatchedAt,
      last_updated_at: lastUpdatedAt,
      reset_at: null,
    });
  } else if (show !== null) {
    out.add('watched', {
      media_type: 'show',
      trakt_id: readShow(show, out),
      plays,
      last_watched_at: lastWatchedAt,
      last_updated_at: lastUpdatedAt,
      reset_at: f.optTimestamp('reset_at'),
    });
  } else {
    f.fail('movie', 'missing movie or show');
  }
  return out.batch;
}
