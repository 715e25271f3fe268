import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readEpisode, readMovie, readShow, readType } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /sync/history or /users/{id}/history (docs/trakt-api.md §3):
 * `{id: int64, watched_at, action: scrobble|checkin|watch, type: movie|episode, movie | episode+show}`.
 * -> one `plays` row, plus the movie, or the episode and its show.
 *
 * Required: `id` (the key), `watched_at` (what a play is; reports cannot
 * place it without), `type`, and the movie's or the episode's and its
 * show's trakt ids (the columns reports group by). `action` is optional.
 */
export function normalizeHistoryItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('history item', ctx));
  const out = new BatchBuilder();
  const historyId = f.id('id');
  const watchedAt = f.timestamp('watched_at');
  const action = f.optString('action');
  const type = readType(f, ['movie', 'episode'] as const);
  if (type === 'movie') {
    const movieId = readMovie(f.object('movie'), out);
    out.add('plays', {
      history_id: historyId,
      watched_at: watchedAt,
      action,
      media_type: 'movie',
      movie_trakt_id: movieId,
      show_trakt_id: null,
      episode_trakt_id: null,
    });
  } else {
    // The show is what reports group episodes by; a play without it is unusable.
    const showId = readShow(f.object('show'), out);
    const episodeId = readEpisode(f.object('episode'), showId, out);
    out.add('plays', {
      history_id: historyId,
      watched_at: watchedAt,
      action,
      media_type: 'episode',
      movie_trakt_id: null,
      show_trakt_id: showId,
      episode_trakt_id: episodeId,
    });
  }
  return out.batch;
}
