/**
 * GET /sync/history[/{type}[/{id}]] and /users/{id}/history[/{type}[/{item_id}]]
 * (docs/trakt-api.md §3): newest first, ties by larger id first, inclusive start_at/end_at
 * in either date format.
 */
import { mediaFields } from '../media-json.ts';
import { ACTIONS, EPISODE, MOVIE } from '../plays.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso, parseBound } from '../time.ts';
import { badRequest, notFound, paged } from './common.ts';

const TYPES = new Set(['movies', 'shows', 'seasons', 'episodes', 'all']);

interface Filter {
  kind?: number;
  match?: (media: number) => boolean;
  key: string;
}

function filterFor(ctx: Ctx): Filter | undefined {
  const { type, id } = ctx.params;
  const universe = ctx.s.account.universe;
  if (type === undefined || type === 'all') return id === undefined ? { key: 'all' } : undefined;
  if (!TYPES.has(type)) return undefined;
  const kind = type === 'movies' ? MOVIE : EPISODE;
  if (id === undefined) return { kind, key: type };
  if (!/^\d+$/.test(id)) return { kind, match: () => false, key: `${type}:none` };
  const trakt = Number(id);
  const key = `${type}:${trakt}`;
  switch (type) {
    case 'movies': {
      const idx = universe.index.movie.get(trakt);
      return { kind, match: (m) => m === idx, key };
    }
    case 'shows': {
      const idx = universe.index.show.get(trakt);
      return { kind, match: (m) => universe.episodes[m]!.show === idx, key };
    }
    case 'seasons': {
      const idx = universe.index.season.get(trakt);
      return { kind, match: (m) => universe.episodes[m]!.seasonIdx === idx, key };
    }
    default: {
      const idx = universe.index.episode.get(trakt);
      return { kind, match: (m) => m === idx, key };
    }
  }
}

function history(ctx: Ctx): Reply {
  const filter = filterFor(ctx);
  if (!filter) return notFound();
  const plays = ctx.s.account.plays;
  let lo = 0;
  let hi = plays.length;
  const { start_at: startText, end_at: endText } = ctx.query;
  if (endText !== undefined) {
    const end = parseBound(endText, 'end');
    if (end === undefined) return badRequest(`end_at is not a date: ${endText}`);
    lo = plays.firstAtOrBefore(Math.floor(end / 1000));
  }
  if (startText !== undefined) {
    const start = parseBound(startText, 'start');
    if (start === undefined) return badRequest(`start_at is not a date: ${startText}`);
    hi = plays.firstAtOrBefore(Math.ceil(start / 1000) - 1);
  }
  hi = Math.max(lo, hi);
  let positions: Int32Array | undefined;
  if (filter.kind !== undefined) {
    positions = ctx.s.views.get(`history:${filter.key}:${lo}:${hi}`, () => {
      const out: number[] = [];
      for (let p = lo; p < hi; p++) {
        if (plays.kind[p] === filter.kind && (!filter.match || filter.match(plays.media[p]!))) out.push(p);
      }
      return Int32Array.from(out);
    });
  }
  const total = positions ? positions.length : hi - lo;
  const at = positions ? (i: number) => positions[i]! : (i: number) => lo + i;
  const universe = ctx.s.account.universe;
  return paged(
    ctx,
    total,
    (i) => plays.watched[at(i)]!,
    (i) => {
      const p = at(i);
      const isMovie = plays.kind[p] === MOVIE;
      return {
        id: plays.id[p]!,
        watched_at: iso(plays.watched[p]!),
        action: ACTIONS[plays.action[p]!],
        type: isMovie ? 'movie' : 'episode',
        ...mediaFields(universe, isMovie ? 'movie' : 'episode', plays.media[p]!, ctx.full),
      };
    },
    { required: 'watched_at' },
  );
}

export const historyRoutes: Route[] = [
  { method: 'GET', pattern: '/sync/history', auth: 'required', handle: history },
  { method: 'GET', pattern: '/sync/history/:type', auth: 'required', handle: history },
  { method: 'GET', pattern: '/sync/history/:type/:id', auth: 'required', handle: history },
  { method: 'GET', pattern: '/users/:user/history', auth: 'user', handle: history },
  { method: 'GET', pattern: '/users/:user/history/:type', auth: 'user', handle: history },
  { method: 'GET', pattern: '/users/:user/history/:type/:id', auth: 'user', handle: history },
];
