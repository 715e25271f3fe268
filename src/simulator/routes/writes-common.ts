/**
 * What every write route shares: finding an item by any of its ids (trakt,
 * slug, imdb, tmdb, tvdb, as the trakt-api contract's `idsRequestSchema` allows),
 * reading the `movies` / `shows` / `seasons` / `episodes` / `people` arrays
 * of a body, the per-type counts Trakt answers with (`added`, `existing`,
 * `updated`, `deleted`, `not_found`), and the 420 of an account limit.
 *
 * Items Trakt no longer knows (merged or deleted: `forget()`) are found by
 * no id, so a write naming one answers it under `not_found`.
 */
import type { Account } from '../account.ts';
import type { Ctx, Reply } from '../state.ts';
import { parseIsoSec } from '../time.ts';
import type { MediaKind, MediaUniverse } from '../universe.ts';

export type Plural = 'movies' | 'shows' | 'seasons' | 'episodes' | 'people';

export const KIND_OF: Record<Plural, MediaKind> = {
  movies: 'movie',
  shows: 'show',
  seasons: 'season',
  episodes: 'episode',
  people: 'person',
};

export const PLURAL_OF: Record<MediaKind, Plural> = {
  movie: 'movies',
  show: 'shows',
  season: 'seasons',
  episode: 'episodes',
  person: 'people',
};

interface IdMaps {
  trakt: Map<number, number>;
  slug: Map<string, number>;
  imdb: Map<string, number>;
  tmdb: Map<number, number>;
  tvdb: Map<number, number>;
}

interface Lookup {
  maps: Record<MediaKind, IdMaps>;
  /** `kind:idx` of items Trakt no longer knows. */
  forgotten: Set<string>;
}

const lookups = new WeakMap<MediaUniverse, Lookup>();

function lookupOf(universe: MediaUniverse): Lookup {
  let lookup = lookups.get(universe);
  if (lookup !== undefined) return lookup;
  const build = (
    items: readonly {
      trakt: number;
      slug?: string;
      imdb?: string | null;
      tmdb?: number | null;
      tvdb?: number | null;
    }[],
  ): IdMaps => {
    const maps: IdMaps = {
      trakt: new Map(),
      slug: new Map(),
      imdb: new Map(),
      tmdb: new Map(),
      tvdb: new Map(),
    };
    items.forEach((item, idx) => {
      maps.trakt.set(item.trakt, idx);
      // The first holder of a shared external id wins, as a lookup on Trakt returns one item.
      if (item.slug && !maps.slug.has(item.slug)) maps.slug.set(item.slug, idx);
      if (item.imdb && !maps.imdb.has(item.imdb)) maps.imdb.set(item.imdb, idx);
      if (item.tmdb != null && !maps.tmdb.has(item.tmdb)) maps.tmdb.set(item.tmdb, idx);
      if (item.tvdb != null && !maps.tvdb.has(item.tvdb)) maps.tvdb.set(item.tvdb, idx);
    });
    return maps;
  };
  lookup = {
    maps: {
      movie: build(universe.movies),
      show: build(universe.shows),
      season: build(universe.seasons),
      episode: build(universe.episodes),
      person: build(universe.people),
    },
    forgotten: new Set(),
  };
  lookups.set(universe, lookup);
  return lookup;
}

/** Trakt no longer knows this item (merged or deleted): no id finds it from now on. */
export function forget(universe: MediaUniverse, kind: MediaKind, traktId: number): void {
  const lookup = lookupOf(universe);
  const idx = lookup.maps[kind].trakt.get(traktId);
  if (idx === undefined) throw new Error(`no ${kind} with trakt id ${traktId}`);
  lookup.forgotten.add(`${kind}:${idx}`);
}

/** The media universe index of the item an `ids` object names, by the first of its ids that finds one. */
export function resolve(universe: MediaUniverse, kind: MediaKind, ids: unknown): number | undefined {
  if (typeof ids !== 'object' || ids === null) return undefined;
  const given = ids as Record<string, unknown>;
  const lookup = lookupOf(universe);
  const maps = lookup.maps[kind];
  const candidates: (number | undefined)[] = [
    typeof given['trakt'] === 'number' ? maps.trakt.get(given['trakt']) : undefined,
    typeof given['slug'] === 'string' ? maps.slug.get(given['slug']) : undefined,
    typeof given['imdb'] === 'string' ? maps.imdb.get(given['imdb']) : undefined,
    numeric(given['tmdb']) === undefined ? undefined : maps.tmdb.get(numeric(given['tmdb']) as number),
    numeric(given['tvdb']) === undefined ? undefined : maps.tvdb.get(numeric(given['tvdb']) as number),
  ];
  const idx = candidates.find((c) => c !== undefined);
  if (idx === undefined || lookup.forgotten.has(`${kind}:${idx}`)) return undefined;
  return idx;
}

/** tmdb ids of seasons come as strings in the trakt-api contract (`seasonIdsRequestSchema`). */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The array of objects a body holds under `key` (absent, null or not an array: none). */
export function itemsOf(body: unknown, key: string): Record<string, unknown>[] {
  if (typeof body !== 'object' || body === null) return [];
  const value = (body as Record<string, unknown>)[key];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

/** `{movies: 0, shows: 0, ...}` for the given types, Trakt's per-type counts. */
export function counts(types: readonly Plural[]): Record<string, number> {
  return Object.fromEntries(types.map((t) => [t, 0]));
}

/** A datetime from a body (ISO 8601, seconds kept), `fallback` when absent; null when malformed. */
export function timeOf(value: unknown, fallback: number): number | null {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') return null;
  try {
    return parseIsoSec(value);
  } catch {
    return null;
  }
}

/** Aired episodes (media universe indices) of a season, in number order. */
export function airedEpisodesOf(universe: MediaUniverse, seasonIdx: number, anchor: number): number[] {
  const season = universe.seasons[seasonIdx]!;
  const out: number[] = [];
  for (let e = season.firstEpisode; e < season.firstEpisode + season.episodeCount; e += 1) {
    const first = universe.episodes[e]!.firstAired;
    if (first !== null && first <= anchor) out.push(e);
  }
  return out;
}

/** The season (media universe index) of a show by its number. */
export function seasonByNumber(
  universe: MediaUniverse,
  showIdx: number,
  number: unknown,
): number | undefined {
  if (typeof number !== 'number') return undefined;
  return universe.shows[showIdx]!.seasons.find((s) => universe.seasons[s]!.number === number);
}

/** The episode (media universe index) of a season by its number. */
export function episodeByNumber(
  universe: MediaUniverse,
  seasonIdx: number,
  number: unknown,
): number | undefined {
  if (typeof number !== 'number') return undefined;
  const season = universe.seasons[seasonIdx]!;
  for (let e = season.firstEpisode; e < season.firstEpisode + season.episodeCount; e += 1) {
    if (universe.episodes[e]!.number === number) return e;
  }
  return undefined;
}

/** 420 (docs/trakt-api.md §2): the limit in X-Account-Limit, whether the user is VIP, where to upgrade. */
export function accountLimitReply(account: Account, limit: number): Reply {
  return {
    status: 420,
    body: { error: 'account_limit_exceeded', error_description: 'Account limit exceeded.' },
    headers: {
      'X-Account-Limit': String(limit),
      'X-VIP-User': String(account.profile.vip),
      'X-Upgrade-URL': 'https://trakt.tv/vip',
    },
  };
}

/** Trakt's time in seconds for "now". */
export function nowSec(ctx: Ctx): number {
  return Math.floor(ctx.s.clock() / 1000);
}

export function created(body: unknown): Reply {
  return { status: 201, body };
}

export function unprocessable(what: string): Reply {
  return { status: 422, body: { error: 'validation_failed', error_description: what } };
}
