/**
 * POST /sync/history and /sync/history/remove (the contract's `sync/index.ts` history
 * add/remove; the Apiary examples). Adding never deduplicates: Trakt "doesn't verify
 * the item + watched_at to ensure it's unique" (the contract's text), so posting the same
 * play twice makes two plays. A show adds its aired episodes of seasons 1 and
 * up (specials only when named), a season its aired episodes; `watched_at`
 * is a datetime, `released` (the release, plus the runtime for an episode)
 * or, here, `unknown` taken as `released` (the simulator keeps no undated
 * plays). Removal takes items (every play of them) or raw history `ids`.
 */
import { EPISODE } from '../plays.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import {
  accountLimitReply,
  airedEpisodesOf,
  created,
  episodeByNumber,
  itemsOf,
  nowSec,
  resolve,
  seasonByNumber,
  timeOf,
  unprocessable,
} from './writes-common.ts';

const NOT_FOUND_TYPES = ['movies', 'shows', 'seasons', 'episodes'] as const;

interface PlannedPlay {
  kind: 'movie' | 'episode';
  idx: number;
  watched: number;
}

/** `watched_at` of one item: its own, else its parent's, else now. */
function watchedAt(
  ctx: Ctx,
  value: unknown,
  inherited: unknown,
  released: () => number | null,
): number | null | 'bad' {
  const raw = value ?? inherited;
  if (raw === 'released' || raw === 'unknown') return released() ?? nowSec(ctx);
  const sec = timeOf(raw, nowSec(ctx));
  return sec === null ? 'bad' : sec;
}

function movieReleased(ctx: Ctx, idx: number): number | null {
  const released = ctx.s.account.universe.movies[idx]!.released;
  return released === null ? null : Math.floor(Date.parse(`${released}T00:00:00.000Z`) / 1000);
}

function episodeReleased(ctx: Ctx, idx: number): number | null {
  const ep = ctx.s.account.universe.episodes[idx]!;
  return ep.firstAired === null ? null : ep.firstAired + (ep.runtime ?? 0) * 60;
}

/** Every play a history add body asks for, and what it names that Trakt cannot find. */
function plan(ctx: Ctx): { plays: PlannedPlay[]; notFound: Record<string, unknown[]> } | Reply {
  const universe = ctx.s.account.universe;
  const anchor = ctx.s.account.anchor;
  const plays: PlannedPlay[] = [];
  const notFound: Record<string, unknown[]> = Object.fromEntries(NOT_FOUND_TYPES.map((t) => [t, []]));
  const episode = (idx: number, value: unknown, inherited: unknown): boolean => {
    const at = watchedAt(ctx, value, inherited, () => episodeReleased(ctx, idx));
    if (at === 'bad' || at === null) return false;
    plays.push({ kind: 'episode', idx, watched: at });
    return true;
  };
  for (const item of itemsOf(ctx.body, 'movies')) {
    const idx = resolve(universe, 'movie', item['ids']);
    if (idx === undefined) {
      notFound['movies']!.push(item);
      continue;
    }
    const at = watchedAt(ctx, item['watched_at'], undefined, () => movieReleased(ctx, idx));
    if (at === 'bad' || at === null) return unprocessable('watched_at must be a UTC datetime or released.');
    plays.push({ kind: 'movie', idx, watched: at });
  }
  for (const item of itemsOf(ctx.body, 'episodes')) {
    const idx = resolve(universe, 'episode', item['ids']);
    if (idx === undefined) notFound['episodes']!.push(item);
    else if (!episode(idx, item['watched_at'], undefined)) {
      return unprocessable('watched_at must be a UTC datetime or released.');
    }
  }
  for (const item of itemsOf(ctx.body, 'seasons')) {
    const idx = resolve(universe, 'season', item['ids']);
    if (idx === undefined) {
      notFound['seasons']!.push(item);
      continue;
    }
    for (const e of airedEpisodesOf(universe, idx, anchor)) episode(e, undefined, item['watched_at']);
  }
  for (const item of itemsOf(ctx.body, 'shows')) {
    const idx = resolve(universe, 'show', item['ids']);
    if (idx === undefined) {
      notFound['shows']!.push(item);
      continue;
    }
    const seasons = itemsOf(item, 'seasons');
    if (seasons.length === 0) {
      for (const e of universe.shows[idx]!.regular) episode(e, undefined, item['watched_at']);
      continue;
    }
    for (const s of seasons) {
      const seasonIdx = seasonByNumber(universe, idx, s['number']);
      if (seasonIdx === undefined) continue;
      const inherited = s['watched_at'] ?? item['watched_at'];
      const episodes = itemsOf(s, 'episodes');
      if (episodes.length === 0) {
        for (const e of airedEpisodesOf(universe, seasonIdx, anchor)) episode(e, undefined, inherited);
        continue;
      }
      for (const ep of episodes) {
        const e = episodeByNumber(universe, seasonIdx, ep['number']);
        if (e !== undefined) episode(e, ep['watched_at'], inherited);
      }
    }
  }
  return { plays, notFound };
}

function add(ctx: Ctx): Reply {
  const planned = plan(ctx);
  if ('status' in planned) return planned;
  const account = ctx.s.account;
  const limit = ctx.s.limits.history;
  if (account.plays.length + planned.plays.length > limit) return accountLimitReply(account, limit);
  const added = { movies: 0, episodes: 0 };
  const universe = account.universe;
  for (const play of planned.plays) {
    const traktId =
      play.kind === 'movie' ? universe.movies[play.idx]!.trakt : universe.episodes[play.idx]!.trakt;
    // addPlays stamps last_activities and takes the item off the watchlist, as watching does.
    ctx.s.mutate.addPlays(1, { at: iso(play.watched), media: play.kind, traktId });
    added[play.kind === 'movie' ? 'movies' : 'episodes'] += 1;
  }
  // the contract's historyResponseSchema: added, updated, not_found (Apiary's example has no `updated`; it stays 0).
  return created({ added, updated: { movies: 0, episodes: 0 }, not_found: planned.notFound });
}

function remove(ctx: Ctx): Reply {
  const account = ctx.s.account;
  const universe = account.universe;
  const plays = account.plays;
  const movies = new Set<number>();
  const episodes = new Set<number>();
  const notFound: Record<string, unknown[]> = {
    ...Object.fromEntries(NOT_FOUND_TYPES.map((t) => [t, []])),
    ids: [],
  };
  for (const item of itemsOf(ctx.body, 'movies')) {
    const idx = resolve(universe, 'movie', item['ids']);
    if (idx === undefined) notFound['movies']!.push(item);
    else movies.add(idx);
  }
  for (const item of itemsOf(ctx.body, 'episodes')) {
    const idx = resolve(universe, 'episode', item['ids']);
    if (idx === undefined) notFound['episodes']!.push(item);
    else episodes.add(idx);
  }
  for (const item of itemsOf(ctx.body, 'seasons')) {
    const idx = resolve(universe, 'season', item['ids']);
    if (idx === undefined) notFound['seasons']!.push(item);
    else {
      const season = universe.seasons[idx]!;
      for (let e = season.firstEpisode; e < season.firstEpisode + season.episodeCount; e += 1)
        episodes.add(e);
    }
  }
  for (const item of itemsOf(ctx.body, 'shows')) {
    const idx = resolve(universe, 'show', item['ids']);
    if (idx === undefined) {
      notFound['shows']!.push(item);
      continue;
    }
    const seasons = itemsOf(item, 'seasons');
    const chosen =
      seasons.length === 0
        ? universe.shows[idx]!.seasons
        : seasons.flatMap((s) => seasonByNumber(universe, idx, s['number']) ?? []);
    for (const seasonIdx of chosen) {
      const season = universe.seasons[seasonIdx]!;
      const numbers = seasons.find((s) => s['number'] === season.number);
      const named = numbers === undefined ? [] : itemsOf(numbers, 'episodes');
      for (let e = season.firstEpisode; e < season.firstEpisode + season.episodeCount; e += 1) {
        if (named.length === 0 || named.some((n) => n['number'] === universe.episodes[e]!.number))
          episodes.add(e);
      }
    }
  }
  const ids = new Set<number>();
  const raw = (ctx.body as Record<string, unknown>)['ids'];
  const present = new Set<number>();
  for (let p = 0; p < plays.length; p += 1) {
    const media = plays.media[p]!;
    const id = plays.id[p]!;
    present.add(id);
    if (plays.kind[p] === EPISODE ? episodes.has(media) : movies.has(media)) ids.add(id);
  }
  for (const id of Array.isArray(raw) ? raw : []) {
    if (typeof id === 'number' && present.has(id)) ids.add(id);
    else notFound['ids']!.push(id);
  }
  const deleted = { movies: 0, episodes: 0 };
  const kinds = new Map<number, number>();
  for (let p = 0; p < plays.length; p += 1)
    if (ids.has(plays.id[p]!)) kinds.set(plays.id[p]!, plays.kind[p]!);
  for (const id of ctx.s.mutate.removePlays([...ids])) {
    deleted[kinds.get(id) === EPISODE ? 'episodes' : 'movies'] += 1;
  }
  return { status: 200, body: { deleted, not_found: notFound } };
}

export const historyWriteRoutes: Route[] = [
  { method: 'POST', pattern: '/sync/history', auth: 'required', handle: add },
  { method: 'POST', pattern: '/sync/history/remove', auth: 'required', handle: remove },
];
