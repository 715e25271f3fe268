/** The normalizers: pure functions from one Trakt response item to typed rows. */
export {
  normalizeCollectionEpisode,
  normalizeCollectionMovie,
  normalizeCollectionShow,
} from './collection.ts';
export { normalizeCommentItem } from './comments.ts';
export type { NormalizeContext, Normalizer } from './context.ts';
export { normalizeHiddenItem } from './hidden.ts';
export { normalizeHistoryItem } from './history.ts';
export { normalizeLikeItem } from './likes.ts';
export { normalizeListedItem, normalizeListItem } from './listed.ts';
export { normalizeList } from './lists.ts';
export { normalizeNoteItem } from './notes.ts';
export { normalizePlaybackItem } from './playback.ts';
export { normalizeProfile } from './profile.ts';
export { normalizeRatingItem } from './ratings.ts';
export {
  type ItemNormalizer,
  isNormalizerName,
  NORMALIZERS,
  type NormalizerName,
  normalizerNamed,
  SINGLE_NORMALIZERS,
  type SingleNormalizer,
  singleNormalizerNamed,
} from './registry.ts';
export * from './rows.ts';
export { ShapeError } from './shape-error.ts';
export { normalizeStats } from './stats.ts';
export { isoDate, isoTimestamp } from './time.ts';
export { normalizeWatchedItem } from './watched.ts';
