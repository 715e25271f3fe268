import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readItemMedia, readType } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /sync/playback (docs/trakt-api.md §3):
 * `{id: int64, progress: 0-100, paused_at, type: movie|episode, movie | episode+show}` -> `playback`.
 *
 * Required: `id` (the key), `type`, the paused item's trakt id and
 * `paused_at` (Trakt always sends it); `progress` is optional.
 */
export function normalizePlaybackItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('playback item', ctx));
  const out = new BatchBuilder();
  const playbackId = f.id('id');
  const progress = f.optNumber('progress');
  const pausedAt = f.timestamp('paused_at');
  const type = readType(f, ['movie', 'episode'] as const);
  const traktId = readItemMedia(f, type, out);
  out.add('playback', {
    playback_id: playbackId,
    media_type: type,
    trakt_id: traktId,
    progress,
    paused_at: pausedAt,
  });
  return out.batch;
}
