import { BatchBuilder } from './batch.ts';
import type { NormalizeContext } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { ITEM_MEDIA_TYPES, readAnyMedia, readItemMediaId } from './media.ts';
import type { RowBatch } from './rows.ts';

/**
 * One item of /users/{id}/notes. docs/trakt-api.md §3 marks the shape UNCERTAIN (the
 * contract's schema is passthrough), so both plausible forms are read:
 * `{id, notes, privacy, spoiler, created_at, updated_at, item: {type, movie | show | ...}}`
 * and the same with `type` and the media object at the top level.
 * Notes can also hang on a history, collection or rating entry; for a type
 * that is not a media type the note keeps that type and the id of the object
 * it names (`item[type].ids.trakt` or `item[type].id`), and any media objects
 * alongside are still upserted. A note about nothing recognisable keeps null
 * media_type and trakt_id.
 *
 * Required: `id` (the key) alone; a note is kept whatever else is missing.
 */
export function normalizeNoteItem(item: unknown, ctx: NormalizeContext): RowBatch {
  const f = Fields.of(item, subjectOf('note', ctx));
  const out = new BatchBuilder();
  const about = f.optObject('item') ?? (f.has('type') ? f : null);
  const target = about === null ? null : readTarget(about, out);
  out.add('notes', {
    note_id: f.id('id'),
    created_at: f.optTimestamp('created_at'),
    updated_at: f.optTimestamp('updated_at'),
    body: f.optString('notes') ?? f.optString('note'),
    privacy: f.optString('privacy'),
    spoiler: f.optBool('spoiler'),
    media_type: target?.type ?? null,
    trakt_id: target?.traktId ?? null,
  });
  return out.batch;
}

function readTarget(about: Fields, out: BatchBuilder): { type: string; traktId: number | null } | null {
  const type = about.optString('type');
  if (type === null) return null;
  const mediaType = ITEM_MEDIA_TYPES.find((known) => known === type);
  if (mediaType !== undefined) return { type, traktId: readItemMediaId(about, mediaType, out, false) };
  readAnyMedia(about, out);
  const named = about.optObject(type);
  const traktId = named === null ? null : (named.optObject('ids')?.optId('trakt') ?? named.optId('id'));
  return { type, traktId };
}
