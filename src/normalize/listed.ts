import { BatchBuilder } from './batch.ts';
import type { Normalizer } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { ITEM_MEDIA_TYPES, readItemMedia, readType } from './media.ts';
import type { ListedItemRow } from './rows.ts';

/**
 * Watchlist, favorites and personal-list items share one shape (docs/trakt-api.md §3):
 * `{id (list-item id), rank, listed_at, notes?, type, movie | show | season+show | episode+show | person}`.
 *
 * Required: `id` (the key), `type` and the listed object's trakt id (a key
 * column), and `listed_at` (Trakt's contract always sends it). `rank` and
 * `notes` are optional. A season's id may be learned (docs/tolerance.md).
 */
/** -> `watchlist` or `favorites` rows. */
export function normalizeListedItem(table: 'watchlist' | 'favorites'): Normalizer {
  const label = table === 'watchlist' ? 'watchlist item' : 'favorite';
  return (item, ctx) => {
    const out = new BatchBuilder();
    out.add(table, readListed(Fields.of(item, subjectOf(label, ctx)), out));
    return out.batch;
  };
}

/** -> `list_items` rows of the personal list `listTraktId`. */
export function normalizeListItem(listTraktId: number): Normalizer {
  return (item, ctx) => {
    const out = new BatchBuilder();
    const row = readListed(Fields.of(item, subjectOf('list item', ctx)), out);
    out.add('list_items', { list_trakt_id: listTraktId, ...row });
    return out.batch;
  };
}

function readListed(f: Fields, out: BatchBuilder): ListedItemRow {
  const listItemId = f.id('id');
  const rank = f.optInt('rank');
  const listedAt = f.timestamp('listed_at');
  const notes = f.optString('notes');
  const type = readType(f, ITEM_MEDIA_TYPES);
  const traktId = readItemMedia(f, type, out);
  return { list_item_id: listItemId, rank, listed_at: listedAt, notes, media_type: type, trakt_id: traktId };
}
