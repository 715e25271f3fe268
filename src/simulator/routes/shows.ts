/**
 * GET /shows/{id}/seasons (Apiary "Get all seasons for a show"; contract
 * shows/index.ts): every season of a show, by trakt id or slug, numbers
 * ascending, with `ids{trakt, tvdb, tmdb}`. Not paged, no token needed.
 * Exporters ask it to learn the id of a season an item sent without one.
 */
import { type Json, seasonJson } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { notFound, ok } from './common.ts';

function seasons(ctx: Ctx): Reply {
  const universe = ctx.s.account.universe;
  const key = ctx.params['id'] ?? '';
  const idx = /^\d+$/.test(key)
    ? universe.index.show.get(Number(key))
    : universe.shows.findIndex((show) => show.slug === key);
  const show = idx === undefined || idx < 0 ? undefined : universe.shows[idx];
  if (show === undefined) return notFound('show not found');
  const body: Json[] = show.seasons
    .map((s) => ({ s, number: universe.seasons[s]!.number }))
    .sort((x, y) => x.number - y.number)
    .map(({ s }) => seasonJson(universe, s, ctx.full));
  return ok(body);
}

export const showRoutes: Route[] = [
  { method: 'GET', pattern: '/shows/:id/seasons', auth: 'none', handle: seasons },
];
