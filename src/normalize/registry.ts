import {
  normalizeCollectionEpisode,
  normalizeCollectionMovie,
  normalizeCollectionShow,
} from './collection.ts';
import { normalizeCommentItem } from './comments.ts';
import type { NormalizeContext, Normalizer } from './context.ts';
import { normalizeHiddenItem } from './hidden.ts';
import { normalizeHistoryItem } from './history.ts';
import { normalizeLikeItem } from './likes.ts';
import { normalizeListedItem, normalizeListItem } from './listed.ts';
import { normalizeList } from './lists.ts';
import { normalizeNoteItem } from './notes.ts';
import { normalizePlaybackItem } from './playback.ts';
import { normalizeRatingItem } from './ratings.ts';
import type { MediaTable, TableName } from './rows.ts';
import { normalizeWatchedItem } from './watched.ts';

/**
 * Every per-item normalizer by the name the resource catalog (pipelines/)
 * uses, with one signature. Profile and stats are single-object responses
 * and are exported on their own (normalizeProfile, normalizeStats).
 */
export const NORMALIZERS = {
  history: normalizeHistoryItem,
  ratings: normalizeRatingItem,
  watchlist: normalizeListedItem('watchlist'),
  favorites: normalizeListedItem('favorites'),
  list_items: (item, ctx) => normalizeListItem(need(ctx, 'listTraktId', ctx.listTraktId))(item, ctx),
  collection_movies: normalizeCollectionMovie,
  collection_episodes: normalizeCollectionEpisode,
  collection_shows: normalizeCollectionShow,
  watched: normalizeWatchedItem,
  playback: normalizePlaybackItem,
  lists: normalizeList,
  hidden: (item, ctx) => normalizeHiddenItem(need(ctx, 'section', ctx.section))(item, ctx),
  comments: normalizeCommentItem,
  likes: normalizeLikeItem,
  notes: normalizeNoteItem,
} as const satisfies Record<string, Normalizer>;

export type NormalizerName = keyof typeof NORMALIZERS;

/** The mirror table each normalizer fills (media rows come with every one). */
export const NORMALIZER_TABLES: { readonly [N in NormalizerName]: Exclude<TableName, MediaTable> } = {
  history: 'plays',
  ratings: 'ratings',
  watchlist: 'watchlist',
  favorites: 'favorites',
  list_items: 'list_items',
  collection_movies: 'collection',
  collection_episodes: 'collection',
  collection_shows: 'collection',
  watched: 'watched',
  playback: 'playback',
  lists: 'lists',
  hidden: 'hidden_items',
  comments: 'comments',
  likes: 'likes',
  notes: 'notes',
};

export function isNormalizerName(name: string): name is NormalizerName {
  return Object.hasOwn(NORMALIZERS, name);
}

/** The normalizer called `name`; an unknown name is a bug in the catalog, not bad data. */
export function normalizerFor(name: string): Normalizer {
  if (!isNormalizerName(name)) throw new Error(`no normalizer named '${name}'`);
  return NORMALIZERS[name];
}

function need<T>(ctx: NormalizeContext, key: string, value: T | undefined): T {
  if (value === undefined) {
    throw new Error(`normalizer for ${ctx.source} needs ctx.${key}; the resource catalog must supply it`);
  }
  return value;
}
