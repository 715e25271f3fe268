import { BatchBuilder } from './batch.ts';
import type { Normalizer } from './context.ts';
import { Fields, subjectOf } from './fields.ts';
import { readItemMedia, readType, readUserId } from './media.ts';

/**
 * One item of /users/hidden/{section} (docs/trakt-api.md §3):
 * `{hidden_at, type: movie|show|season|user, movie | show | season | user}` -> `hidden_items`.
 *
 * Required: `type`, the trakt id of what is hidden (the key) and `hidden_at`
 * (Trakt always sends it, and it is what the row records). A hidden user
 * (the comments section) is keyed by its trakt id like the rest; when Trakt
 * sends only the user's slug, the id the run learned from `/users/{slug}` is
 * used (docs/tolerance.md). A season may come without its show or its id.
 */
export function normalizeHiddenItem(section: string): Normalizer {
  return (item, ctx) => {
    const f = Fields.of(item, subjectOf(`hidden item (${section})`, ctx));
    const out = new BatchBuilder();
    const hiddenAt = f.timestamp('hidden_at');
    const type = readType(f, ['movie', 'show', 'season', 'user'] as const);
    // A hidden season may come without its show; the season row is kept either way.
    const traktId = type === 'user' ? readUserId(f.object('user')) : readItemMedia(f, type, out, false);
    out.add('hidden_items', { section, media_type: type, trakt_id: traktId, hidden_at: hiddenAt });
    return out.batch;
  };
}
