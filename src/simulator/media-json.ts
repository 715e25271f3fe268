/**
 * Standard media objects as Trakt sends them: minimal by default, the full
 * set of fields with `extended=full` (docs/trakt-api.md §3 "Shared media objects"; key
 * order follows the Apiary examples). Built per response, never stored.
 */

import { iso } from './time.ts';
import type { MediaKind, MediaUniverse } from './universe.ts';

export type Json = Record<string, unknown>;

export function movieJson(universe: MediaUniverse, idx: number, full: boolean): Json {
  const m = universe.movies[idx]!;
  const ids = { trakt: m.trakt, slug: m.slug, imdb: m.imdb, tmdb: m.tmdb };
  if (!full) return { title: m.title, year: m.year, ids };
  return {
    title: m.title,
    year: m.year,
    ids,
    tagline: m.tagline,
    overview: m.overview,
    released: m.released,
    runtime: m.runtime,
    country: m.country,
    trailer: null,
    homepage: null,
    status: m.status,
    rating: m.rating,
    votes: m.votes,
    comment_count: m.commentCount,
    updated_at: iso(m.updatedAt),
    language: m.language,
    languages: m.language === null ? [] : [m.language],
    available_translations: m.language === null ? [] : [m.language],
    genres: m.genres,
    certification: m.certification,
  };
}

export function showJson(universe: MediaUniverse, idx: number, full: boolean): Json {
  const s = universe.shows[idx]!;
  const ids = { trakt: s.trakt, slug: s.slug, tvdb: s.tvdb, imdb: s.imdb, tmdb: s.tmdb };
  if (!full) return { title: s.title, year: s.year, ids };
  return {
    title: s.title,
    year: s.year,
    ids,
    tagline: null,
    overview: s.overview,
    first_aired: s.firstAired === null ? null : iso(s.firstAired),
    airs: { day: s.airsDay, time: s.airsTime, timezone: 'America/New_York' },
    runtime: s.runtime,
    certification: s.certification,
    network: s.network,
    country: s.country,
    trailer: null,
    homepage: null,
    status: s.status,
    rating: s.rating,
    votes: s.votes,
    comment_count: s.commentCount,
    updated_at: iso(s.updatedAt),
    language: s.language,
    languages: s.language === null ? [] : [s.language],
    available_translations: s.language === null ? [] : [s.language],
    genres: s.genres,
    aired_episodes: s.airedEpisodes,
  };
}

export function seasonJson(universe: MediaUniverse, idx: number, full: boolean): Json {
  const s = universe.seasons[idx]!;
  const ids = { trakt: s.trakt, tvdb: s.tvdb, tmdb: s.tmdb };
  if (!full) return { number: s.number, ids };
  return {
    number: s.number,
    ids,
    rating: s.rating,
    votes: s.votes,
    episode_count: s.episodeCount,
    aired_episodes: s.airedEpisodes,
    title: s.number === 0 ? 'Specials' : `Season ${s.number}`,
    overview: null,
    first_aired: s.firstAired === null ? null : iso(s.firstAired),
    updated_at: iso(s.updatedAt),
    network: universe.shows[s.show]!.network,
  };
}

export function episodeJson(universe: MediaUniverse, idx: number, full: boolean): Json {
  const e = universe.episodes[idx]!;
  const ids = { trakt: e.trakt, tvdb: e.tvdb, imdb: e.imdb, tmdb: e.tmdb };
  if (!full) return { season: e.season, number: e.number, title: e.title, ids };
  return {
    season: e.season,
    number: e.number,
    title: e.title,
    ids,
    number_abs: e.numberAbs,
    overview: e.title === null ? null : `${e.title}: what happens next.`,
    rating: e.rating,
    votes: e.votes,
    comment_count: e.commentCount,
    first_aired: e.firstAired === null ? null : iso(e.firstAired),
    updated_at: iso(e.updatedAt),
    available_translations: ['en'],
    runtime: e.runtime,
    episode_type: e.season === 0 ? 'standard' : e.number === 1 ? 'season_premiere' : 'standard',
  };
}

export function personJson(universe: MediaUniverse, idx: number, full: boolean): Json {
  const p = universe.people[idx]!;
  const ids = { trakt: p.trakt, slug: p.slug, imdb: p.imdb, tmdb: p.tmdb };
  if (!full) return { name: p.name, ids };
  return {
    name: p.name,
    ids,
    social_ids: { twitter: null, facebook: null, instagram: null, wikipedia: null },
    biography: `${p.name} works in ${p.department}.`,
    birthday: p.birthday,
    death: null,
    birthplace: p.birthplace,
    homepage: null,
    gender: p.gender,
    known_for_department: p.department,
    updated_at: iso(p.updatedAt),
  };
}

/**
 * The media part of an item: `{movie}`, `{show}`, `{season, show}`,
 * `{episode, show}` or `{person}`, as history, ratings, lists and the rest
 * embed them.
 */
export function mediaFields(universe: MediaUniverse, kind: MediaKind, idx: number, full: boolean): Json {
  switch (kind) {
    case 'movie':
      return { movie: movieJson(universe, idx, full) };
    case 'show':
      return { show: showJson(universe, idx, full) };
    case 'season':
      return {
        season: seasonJson(universe, idx, full),
        show: showJson(universe, universe.seasons[idx]!.show, full),
      };
    case 'episode':
      return {
        episode: episodeJson(universe, idx, full),
        show: showJson(universe, universe.episodes[idx]!.show, full),
      };
    case 'person':
      return { person: personJson(universe, idx, full) };
  }
}

export function traktIdOf(universe: MediaUniverse, kind: MediaKind, idx: number): number {
  switch (kind) {
    case 'movie':
      return universe.movies[idx]!.trakt;
    case 'show':
      return universe.shows[idx]!.trakt;
    case 'season':
      return universe.seasons[idx]!.trakt;
    case 'episode':
      return universe.episodes[idx]!.trakt;
    case 'person':
      return universe.people[idx]!.trakt;
  }
}
