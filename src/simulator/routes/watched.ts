/**
 * GET /sync/watched/{movies|shows} and /users/{id}/watched/{type} (docs/trakt-api.md §3):
 * paged since 2026, most plays first; a show's `seasons` only come back
 * with extended=progress (pages then capped at 100), season 0 only with
 * specials=true (#792).
 */
import type { WatchedItem } from '../aggregate.ts';
import { type Json, movieJson, showJson } from '../media-json.ts';
import { PROGRESS_LIMIT } from '../paginate.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import { notFound, paged } from './common.ts';

function seasonsOf(ctx: Ctx, item: WatchedItem, specials: boolean): Json[] {
  const universe = ctx.s.account.universe;
  const eps = [...item.episodes!.entries()]
    .filter(([ep]) => specials || universe.episodes[ep]!.season !== 0)
    .sort((x, y) => x[0] - y[0]);
  const seasons: { number: number; episodes: Json[] }[] = [];
  for (const [ep, w] of eps) {
    const e = universe.episodes[ep]!;
    let season = seasons[seasons.length - 1];
    if (!season || season.number !== e.season) {
      season = { number: e.season, episodes: [] };
      seasons.push(season);
    }
    season.episodes.push({ number: e.number, plays: w.plays, last_watched_at: iso(w.last) });
  }
  return seasons;
}

function watched(ctx: Ctx): Reply {
  const type = ctx.params['type'];
  if (type !== 'movies' && type !== 'shows') return notFound();
  const a = ctx.s.account;
  const view = ctx.s.views.watched();
  const items = type === 'movies' ? view.movies : view.shows;
  const progress = ctx.extended.has('progress');
  const specials = ctx.query['specials'] === 'true';
  return paged(
    ctx,
    items.length,
    (i) => `${items[i]!.plays}|${items[i]!.lastWatched}`,
    (i) => {
      const w = items[i]!;
      if (type === 'movies') {
        return {
          plays: w.plays,
          last_watched_at: iso(w.lastWatched),
          last_updated_at: iso(w.lastUpdated),
          movie: movieJson(a.universe, w.idx, ctx.full),
        };
      }
      const reset = a.resetAt.get(w.idx);
      const out: Json = {
        plays: w.plays,
        last_watched_at: iso(w.lastWatched),
        last_updated_at: iso(w.lastUpdated),
        reset_at: reset === undefined ? null : iso(reset),
        show: showJson(a.universe, w.idx, ctx.full),
      };
      if (progress) out['seasons'] = seasonsOf(ctx, w, specials);
      return out;
    },
    progress ? { maxLimit: PROGRESS_LIMIT, required: 'last_watched_at' } : { required: 'last_watched_at' },
  );
}

export const watchedRoutes: Route[] = [
  { method: 'GET', pattern: '/sync/watched/:type', auth: 'required', handle: watched },
  { method: 'GET', pattern: '/users/:user/watched/:type', auth: 'user', handle: watched },
];
