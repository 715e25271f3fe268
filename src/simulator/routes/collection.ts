/**
 * GET /sync/collection/{movies|episodes|shows} and /users/{id}/collection/{type}
 * (docs/trakt-api.md §3): paged since 2026; `metadata` only with extended=metadata; the
 * shows form nests seasons and episodes. Newest collected first; items
 * collected in bulk share a second, which is where unstable paging shows (#760).
 */
import type { Collected } from '../account.ts';
import { episodeJson, type Json, movieJson, showJson } from '../media-json.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import { notFound, paged } from './common.ts';

function metadataJson(c: Collected): Json {
  const m = c.meta;
  return {
    media_type: m.mediaType,
    resolution: m.resolution,
    hdr: m.hdr,
    audio: m.audio,
    audio_channels: m.audioChannels,
    '3d': m.is3d,
  };
}

interface ShowGroup {
  show: number;
  lastCollected: number;
  lastUpdated: number;
  episodes: number[];
}

function collection(ctx: Ctx): Reply {
  const type = ctx.params['type'];
  const a = ctx.s.account;
  const universe = a.universe;
  const withMeta = ctx.extended.has('metadata');
  if (type === 'movies' || type === 'episodes') {
    const source = type === 'movies' ? a.collectionMovies : a.collectionEpisodes;
    const trakt = (idx: number) =>
      type === 'movies' ? universe.movies[idx]!.trakt : universe.episodes[idx]!.trakt;
    const items = ctx.s.views.get(`collection:${type}`, () =>
      [...source.entries()].sort((x, y) => y[1].collectedAt - x[1].collectedAt || trakt(x[0]) - trakt(y[0])),
    );
    return paged(
      ctx,
      items.length,
      (i) => items[i]![1].collectedAt,
      (i) => {
        const [idx, c] = items[i]!;
        const media =
          type === 'movies'
            ? { movie: movieJson(universe, idx, ctx.full) }
            : {
                episode: episodeJson(universe, idx, ctx.full),
                show: showJson(universe, universe.episodes[idx]!.show, ctx.full),
              };
        // Trakt's contract sends `type` on every collection item (collectionResponseSchema: movie, episode, show).
        const item: Json = {
          collected_at: iso(c.collectedAt),
          updated_at: iso(c.updatedAt),
          type: type === 'movies' ? 'movie' : 'episode',
          ...media,
        };
        if (withMeta) item['metadata'] = metadataJson(c);
        return item;
      },
      { required: 'collected_at' },
    );
  }
  if (type !== 'shows') return notFound();
  const groups = ctx.s.views.get('collection:shows', () => {
    const byShow = new Map<number, ShowGroup>();
    for (const [ep, c] of a.collectionEpisodes) {
      const show = universe.episodes[ep]!.show;
      let g = byShow.get(show);
      if (!g) {
        g = { show, lastCollected: 0, lastUpdated: 0, episodes: [] };
        byShow.set(show, g);
      }
      g.episodes.push(ep);
      g.lastCollected = Math.max(g.lastCollected, c.collectedAt);
      g.lastUpdated = Math.max(g.lastUpdated, c.updatedAt);
    }
    for (const g of byShow.values()) g.episodes.sort((x, y) => x - y);
    return [...byShow.values()].sort(
      (x, y) =>
        y.lastCollected - x.lastCollected || universe.shows[x.show]!.trakt - universe.shows[y.show]!.trakt,
    );
  });
  return paged(
    ctx,
    groups.length,
    (i) => groups[i]!.lastCollected,
    (i) => {
      const g = groups[i]!;
      const seasons: { number: number; episodes: Json[] }[] = [];
      for (const ep of g.episodes) {
        const e = universe.episodes[ep]!;
        const c = a.collectionEpisodes.get(ep)!;
        let season = seasons[seasons.length - 1];
        if (!season || season.number !== e.season) {
          season = { number: e.season, episodes: [] };
          seasons.push(season);
        }
        const item: Json = { number: e.number, collected_at: iso(c.collectedAt) };
        if (withMeta) item['metadata'] = metadataJson(c);
        season.episodes.push(item);
      }
      return {
        last_collected_at: iso(g.lastCollected),
        last_updated_at: iso(g.lastUpdated),
        type: 'show',
        show: showJson(universe, g.show, ctx.full),
        seasons,
      };
    },
    { required: 'last_collected_at' },
  );
}

export const collectionRoutes: Route[] = [
  { method: 'GET', pattern: '/sync/collection/:type', auth: 'required', handle: collection },
  { method: 'GET', pattern: '/users/:user/collection/:type', auth: 'user', handle: collection },
];
