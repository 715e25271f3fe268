import {
  normalizeCollectionEpisode,
  normalizeCollectionMovie,
  normalizeCollectionShow,
} from './collection.ts';
import { normalizeCommentItem } from './comments.ts';
import type { NormalizeContext, Normalizer } from './context.ts';
import { type CreditedTitle, normalizeCredits } from './credits.ts';
import { normalizeHiddenItem } from './hidden.ts';
import { normalizeHistoryItem } from './history.ts';
import { normalizeLikeItem } from './likes.ts';
import { normalizeListedItem, normalizeListItem } from './listed.ts';
import { normalizeList } from './lists.ts';
import { normalizeNoteItem } from './notes.ts';
import { normalizePlaybackItem } from './playback.ts';
import { normalizeProfile } from './profile.ts';
import { normalizeRatingItem } from './ratings.ts';
import type { MirrorTable, RowBatch } from './rows.ts';
import { normalizeSavedFilter, normalizeSocialItem } from './social.ts';
import { normalizeStats } from './stats.ts';
import { normalizeWatchedItem } from './watched.ts';

/**
 * A normalizer of one item of a paged answer, as the resource catalog
 * (pipelines/catalog.ts) and the importer reference it: the function, the
 * mirror table its rows are for (media rows come with every one), and the
 * name the archive records, so a rebuild reads the files again with the
 * same normalizer. The table is stated here, once: a catalog entry takes it
 * from the normalizer it names.
 */
export interface ItemNormalizer<T extends MirrorTable = MirrorTable> {
  readonly name: string;
  readonly table: T;
  readonly normalize: Normalizer;
}

/**
 * A normalizer of a resource that is one object rather than pages (profile,
 * stats), possibly assembled from several answers: `parts.main` is the
 * resource's own path, the others its `also` paths.
 */
export interface SingleNormalizer<T extends MirrorTable = MirrorTable> {
  readonly name: string;
  readonly table: T;
  readonly normalize: (
    parts: Record<string, unknown>,
    fetchedAt: string,
    context?: SingleContext,
  ) => RowBatch;
}

/** What a single-object load knows beyond its answers: a per-title load (credits) its title. */
export interface SingleContext {
  title?: CreditedTitle;
}

/** Gives each definition its key as its name, so the two cannot differ. */
function named<R>(definitions: Record<string, object>): R {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, definition]) => [name, { name, ...definition }]),
  ) as R;
}

function items<const D extends Record<string, { table: MirrorTable; normalize: Normalizer }>>(
  definitions: D,
) {
  return named<{ readonly [K in keyof D]: ItemNormalizer<D[K]['table']> & { readonly name: K } }>(
    definitions,
  );
}

function singles<
  const D extends Record<string, { table: MirrorTable; normalize: SingleNormalizer['normalize'] }>,
>(definitions: D) {
  return named<{ readonly [K in keyof D]: SingleNormalizer<D[K]['table']> & { readonly name: K } }>(
    definitions,
  );
}

/** Every per-item normalizer, by the name the archive records. */
export const NORMALIZERS = items({
  history: { table: 'plays', normalize: normalizeHistoryItem },
  ratings: { table: 'ratings', normalize: normalizeRatingItem },
  watchlist: { table: 'watchlist', normalize: normalizeListedItem('watchlist') },
  favorites: { table: 'favorites', normalize: normalizeListedItem('favorites') },
  list_items: {
    table: 'list_items',
    normalize: (item, ctx) => normalizeListItem(need(ctx, 'listTraktId', ctx.listTraktId))(item, ctx),
  },
  collection_movies: { table: 'collection', normalize: normalizeCollectionMovie },
  collection_episodes: { table: 'collection', normalize: normalizeCollectionEpisode },
  collection_shows: { table: 'collection', normalize: normalizeCollectionShow },
  watched: { table: 'watched', normalize: normalizeWatchedItem },
  playback: { table: 'playback', normalize: normalizePlaybackItem },
  lists: { table: 'lists', normalize: normalizeList(false) },
  collaborations: { table: 'lists', normalize: normalizeList(true) },
  followers: { table: 'social', normalize: normalizeSocialItem('follower') },
  following: { table: 'social', normalize: normalizeSocialItem('following') },
  friends: { table: 'social', normalize: normalizeSocialItem('friend') },
  requests_in: { table: 'social', normalize: normalizeSocialItem('request_in') },
  requests_out: { table: 'social', normalize: normalizeSocialItem('request_out') },
  saved_filters: {
    table: 'saved_filters',
    normalize: (item, ctx) => normalizeSavedFilter(need(ctx, 'section', ctx.section))(item, ctx),
  },
  hidden: {
    table: 'hidden_items',
    normalize: (item, ctx) => normalizeHiddenItem(need(ctx, 'section', ctx.section))(item, ctx),
  },
  comments: { table: 'comments', normalize: normalizeCommentItem },
  likes: { table: 'likes', normalize: normalizeLikeItem },
  notes: { table: 'notes', normalize: normalizeNoteItem },
});

export type NormalizerName = keyof typeof NORMALIZERS;

/** Every single-object normalizer, by the name the archive records. */
export const SINGLE_NORMALIZERS = singles({
  profile: { table: 'profile', normalize: (parts) => normalizeProfile(parts['main'], parts['user']) },
  stats: {
    table: 'stats_snapshots',
    normalize: (parts, fetchedAt) => normalizeStats(parts['main'], fetchedAt),
  },
  // One title's /people answer; its context names the title (absent `main`: the title answered 404).
  credits: {
    table: 'credits',
    normalize: (parts, _at, context) => normalizeCredits(parts['main'], context?.title),
  },
});

export function isNormalizerName(name: string): name is NormalizerName {
  return Object.hasOwn(NORMALIZERS, name);
}

/** The item normalizer an archive names; an unknown name is an archive no traktdb wrote. */
export function normalizerNamed(name: string): ItemNormalizer {
  if (!isNormalizerName(name)) throw new Error(`no normalizer named '${name}'`);
  return NORMALIZERS[name];
}

/** The single-object normalizer an archive names. */
export function singleNormalizerNamed(name: string): SingleNormalizer {
  if (!Object.hasOwn(SINGLE_NORMALIZERS, name))
    throw new Error(`no single-object normalizer named '${name}'`);
  return SINGLE_NORMALIZERS[name as keyof typeof SINGLE_NORMALIZERS];
}

function need<T>(ctx: NormalizeContext, key: string, value: T | undefined): T {
  if (value === undefined) {
    throw new Error(`normalizer for ${ctx.source} needs ctx.${key}; the resource catalog must supply it`);
  }
  return value;
}
