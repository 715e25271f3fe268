import type { BatchBuilder } from './batch.ts';
import type { Fields } from './fields.ts';

/**
 * Media objects (docs/trakt-api.md §3 "Shared media objects"): every payload that carries
 * one upserts it into its media table. Each reader validates the object, adds
 * its row to the batch and returns its trakt id. `extended=full` fields are
 * used when present (runtime, genres, rating, ...); otherwise they are null,
 * and the loader's upsert never lets a null overwrite a known value.
 *
 * Strictness (decided here, docs/tolerance.md): a media object needs only
 * its `ids.trakt`, the key of its table and of every row that points at it.
 * Everything else (title, year, which may be null, slug, the other ids,
 * every extended field) is optional and read only when present; keys
 * nobody asked for are never looked at. A season is the exception that
 * proves the rule: Trakt's own examples send seasons without `ids.trakt`
 * (docs/tolerance.md), and its show and number identify it, so its id is
 * learned from the show's seasons (IdLookups) when it is missing.
 */

export function readMovie(movie: Fields, out: BatchBuilder): number {
  const ids = movie.object('ids');
  const traktId = ids.id('trakt');
  out.add('movies', {
    trakt_id: traktId,
    slug: ids.optString('slug'),
    title: movie.optString('title'),
    year: movie.optInt('year'),
    imdb_id: ids.optNonEmptyString('imdb'),
    tmdb_id: ids.optId('tmdb'),
    runtime_min: movie.optInt('runtime'),
    released: movie.optDate('released'),
    genres: movie.optStringArray('genres'),
    certification: movie.optString('certification'),
    country: movie.optString('country'),
    language: movie.optString('language'),
    community_rating: movie.optNumber('rating'),
    votes: movie.optCount('votes'),
  });
  return traktId;
}

export function readShow(show: Fields, out: BatchBuilder): number {
  const ids = show.object('ids');
  const traktId = ids.id('trakt');
  out.add('shows', {
    trakt_id: traktId,
    slug: ids.optString('slug'),
    title: show.optString('title'),
    year: show.optInt('year'),
    imdb_id: ids.optNonEmptyString('imdb'),
    tmdb_id: ids.optId('tmdb'),
    tvdb_id: ids.optId('tvdb'),
    runtime_min: show.optInt('runtime'),
    network: show.optString('network'),
    country: show.optString('country'),
    status: show.optString('status'),
    genres: show.optStringArray('genres'),
    aired_episodes: show.optInt('aired_episodes'),
    first_aired: show.optTimestamp('first_aired'),
    community_rating: show.optNumber('rating'),
    votes: show.optCount('votes'),
  });
  return traktId;
}

/**
 * A season's show comes from the object that accompanies it in the item.
 * Without `ids.trakt` its id is looked up by show and number; when that
 * cannot be learned the season has no row and null is returned, and the
 * caller decides whether its own row can do without it.
 */
export function readSeason(season: Fields, showTraktId: number | null, out: BatchBuilder): number | null {
  const number = season.optInt('number');
  const traktId =
    season.optObject('ids')?.optId('trakt') ??
    (showTraktId === null || number === null
      ? undefined
      : season.subject.lookups?.season(showTraktId, number)) ??
    null;
  if (traktId === null) return null;
  out.add('seasons', { trakt_id: traktId, show_trakt_id: showTraktId, number });
  return traktId;
}

/** A season's id where a row cannot do without it (a key column): missing and unlearnable is a ShapeError. */
function requireSeason(item: Fields, showTraktId: number | null, out: BatchBuilder): number {
  const season = item.object('season');
  return (
    readSeason(season, showTraktId, out) ??
    season.fail(
      'ids.trakt',
      `${season.name('ids.trakt')} is missing and could not be learned from its show's seasons (${season.name('number')} ${describeNumber(season)}, show ${showTraktId ?? 'unknown'})`,
    )
  );
}

function describeNumber(season: Fields): string {
  const raw = season.raw('number');
  return raw === undefined || raw === null ? 'missing' : String(raw);
}

/**
 * A user's trakt id (hidden users). Trakt often sends a user's `ids` with
 * only `slug` (its documented examples all do): the id is then the one the
 * run learned from `/users/{slug}`. A user whose id cannot be learned is a
 * ShapeError: the contract keys hidden_items by trakt id (docs/tolerance.md).
 */
export function readUserId(user: Fields): number {
  const ids = user.object('ids');
  const known = ids.optId('trakt');
  if (known !== null) return known;
  const slug = ids.optString('slug');
  if (slug === null) return ids.missing('trakt');
  return (
    user.subject.lookups?.user(slug) ??
    ids.fail('trakt', `${ids.name('trakt')} is missing and /users/{slug} did not give it for the slug sent`)
  );
}

/**
 * An episode's show comes from the object that accompanies it in the item;
 * `seasonNumber` stands in when the episode object itself has no `season`.
 */
export function readEpisode(
  episode: Fields,
  showTraktId: number | null,
  out: BatchBuilder,
  seasonNumber: number | null = null,
): number {
  const ids = episode.object('ids');
  const traktId = ids.id('trakt');
  out.add('episodes', {
    trakt_id: traktId,
    show_trakt_id: showTraktId,
    season: episode.optInt('season') ?? seasonNumber,
    number: episode.optInt('number'),
    title: episode.optString('title'),
    runtime_min: episode.optInt('runtime'),
    first_aired: episode.optTimestamp('first_aired'),
    imdb_id: ids.optNonEmptyString('imdb'),
    tmdb_id: ids.optId('tmdb'),
    tvdb_id: ids.optId('tvdb'),
  });
  return traktId;
}

export function readPerson(person: Fields, out: BatchBuilder): number {
  const ids = person.object('ids');
  const traktId = ids.id('trakt');
  out.add('people', {
    trakt_id: traktId,
    slug: ids.optString('slug'),
    name: person.optString('name'),
    imdb_id: ids.optNonEmptyString('imdb'),
    tmdb_id: ids.optId('tmdb'),
  });
  return traktId;
}

export type ItemMediaType = 'movie' | 'show' | 'season' | 'episode' | 'person';

export const ITEM_MEDIA_TYPES: readonly ItemMediaType[] = ['movie', 'show', 'season', 'episode', 'person'];

/**
 * The item's `type` field, which must be one of `allowed`. Trakt adds types
 * over time; an unknown one is reported rather than dropped.
 */
export function readType<T extends string>(item: Fields, allowed: readonly T[], key = 'type'): T {
  const type = item.string(key);
  const known = allowed.find((candidate) => candidate === type);
  if (known === undefined) {
    return item.fail(key, `unknown ${item.name(key)} '${type}' (expected ${allowed.join(', ')})`);
  }
  return known;
}

/**
 * The object an item is about, named by its type: `movie`, `show`,
 * `season` + `show`, `episode` + `show` or `person` (docs/trakt-api.md §3). Emits media
 * rows for every object present and returns the trakt id of the one named.
 * `showRequired`: whether a season or episode must come with its show.
 */
export function readItemMedia(
  item: Fields,
  type: ItemMediaType,
  out: BatchBuilder,
  showRequired = true,
): number {
  if (type === 'season') return requireSeason(item, readAccompanyingShow(item, out, showRequired), out);
  return readItemMediaId(item, type, out, showRequired) as number;
}

/** readItemMedia for rows that keep a NULL trakt id when a season's cannot be learned (comments, notes). */
export function readItemMediaId(
  item: Fields,
  type: ItemMediaType,
  out: BatchBuilder,
  showRequired = true,
): number | null {
  switch (type) {
    case 'movie':
      return readMovie(item.object('movie'), out);
    case 'show':
      return readShow(item.object('show'), out);
    case 'person':
      return readPerson(item.object('person'), out);
    case 'season': {
      const showId = readAccompanyingShow(item, out, showRequired);
      return readSeason(item.object('season'), showId, out);
    }
    case 'episode': {
      const showId = readAccompanyingShow(item, out, showRequired);
      return readEpisode(item.object('episode'), showId, out);
    }
  }
}

function readAccompanyingShow(item: Fields, out: BatchBuilder, required: boolean): number | null {
  const show = required ? item.object('show') : item.optObject('show');
  return show === null ? null : readShow(show, out);
}

/** Media rows for whatever media objects an item carries, whatever its type (e.g. liked comments). */
export function readAnyMedia(item: Fields, out: BatchBuilder): void {
  const show = item.optObject('show');
  const showId = show === null ? null : readShow(show, out);
  const movie = item.optObject('movie');
  if (movie !== null) readMovie(movie, out);
  const season = item.optObject('season');
  if (season !== null) readSeason(season, showId, out);
  const episode = item.optObject('episode');
  if (episode !== null) readEpisode(episode, showId, out);
  const person = item.optObject('person');
  if (person !== null) readPerson(person, out);
}
