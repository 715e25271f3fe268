import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readEpisode, readMovie, readSeason, readShow } from './media.ts';
import type { CollectionRow, RowBatch } from './rows.ts';

/**
 * Collection items (docs/trakt-api.md §3 /sync/collection/{type}). `metadata` comes only
 * with `extended=metadata`: `{media_type, resolution, hdr, audio,
 * audio_channels, 3d}`; its `media_type` becomes `media_format`.
 *
 * Required: the collected object's trakt id (the key) and `collected_at`
 * (Trakt always sends it; it is what the row records). `updated_at` and
 * every metadata field are optional. Trakt's contract adds `type` to these
 * items and older answers lack it: it is never read, present or not.
 */

/** `{collected_at, updated_at, movie, metadata?}` -> one `collection` row. */
export function normalizeCollectionMovie(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('collection item', ctx));
  const out = new BatchBuilder();
  const traktId = readMovie(f.object('movie'), out);
  out.add('collection', collectionRow('movie', traktId, f));
  return out.batch;
}

/** /sync/collection/episodes: `{collected_at, updated_at, episode, show, metadata?}`. */
export function normalizeCollectionEpisode(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('collection item', ctx));
  const out = new BatchBuilder();
  const showId = readShow(f.object('show'), out);
  const traktId = readEpisode(f.object('episode'), showId, out);
  out.add('collection', collectionRow('episode', traktId, f));
  return out.batch;
}

/**
 * The nested /sync/collection/shows form: `{last_collected_at,
 * last_updated_at, show, seasons: [{number, episodes: [{number,
 * collected_at, metadata?}]}]}`. A collection row needs the episode's trakt
 * id, which the nested form carries only in some variants: episodes with
 * `ids` become rows; the others are skipped and counted through
 * `ctx.onSkip` (use /sync/collection/episodes for them).
 */
export function normalizeCollectionShow(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('collection show', ctx));
  const out = new BatchBuilder();
  const showId = readShow(f.object('show'), out);
  let skipped = 0;
  for (const [s, rawSeason] of (f.optArray('seasons') ?? []).entries()) {
    const season = f.element('seasons', s, rawSeason);
    const seasonNumber = season.optInt('number');
    if (season.optObject('ids')?.has('trakt')) readSeason(season, showId, out);
    for (const [e, rawEpisode] of (season.optArray('episodes') ?? []).entries()) {
      const episode = season.element('episodes', e, rawEpisode);
      if (!episode.optObject('ids')?.has('trakt')) {
        skipped += 1;
        continue;
      }
      // The nested form puts the season number on the season, not the episode.
      const traktId = readEpisode(episode, showId, out, seasonNumber);
      out.add('collection', collectionRow('episode', traktId, episode));
    }
  }
  if (skipped > 0) ctx.onSkip?.(skipped, 'collection episodes without ids');
  return out.batch;
}

function collectionRow(mediaType: 'movie' | 'episode', traktId: number, f: Fields): CollectionRow {
  const metadata = f.optObject('metadata');
  return {
    media_type: mediaType,
    trakt_id: traktId,
    collected_at: f.timestamp('collected_at'),
    updated_at: f.optTimestamp('updated_at'),
    media_format: metadata?.optString('media_type') ?? null,
    resolution: metadata?.optString('resolution') ?? null,
    hdr: metadata?.optString('hdr') ?? null,
    audio: metadata?.optString('audio') ?? null,
    audio_channels: metadata?.optText('audio_channels') ?? null,
    is_3d: metadata?.optBool('3d') ?? null,
  };
}
