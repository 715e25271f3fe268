/**
 * The account itself: /sync/last_activities, /users/settings, /users/{id},
 * /users/{id}/stats, /users/{id}/yir/{year}, and the personal lists.
 */
import type { Account, CollabList, OtherUser, UserList } from '../account.ts';
import { type Json, traktIdOf } from '../media-json.ts';
import { MOVIE } from '../plays.ts';
import type { Ctx, Reply, Route } from '../state.ts';
import { iso } from '../time.ts';
import { secToLocal, type Zone } from '../zones.ts';
import { notFound, ok, paged } from './common.ts';
import { findList } from './listed.ts';

export function lastActivitiesJson(a: Account): Json {
  const out: Json = { all: iso(a.activities['all']!['all']!) };
  for (const [group, fields] of Object.entries(a.activities)) {
    if (group === 'all') continue;
    out[group] = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, iso(v)]));
  }
  return out;
}

export function ownUserJson(a: Account): Json {
  const p = a.profile;
  return {
    username: p.username,
    private: p.private,
    deleted: false,
    name: p.name,
    vip: p.vip,
    vip_ep: p.vipEp,
    director: p.director,
    ids: { slug: p.slug, trakt: p.trakt },
  };
}

export function otherUserJson(u: OtherUser): Json {
  return {
    username: u.username,
    private: u.private,
    deleted: false,
    name: u.name,
    vip: u.vip,
    vip_ep: u.vipEp,
    director: false,
    ids: { slug: u.slug, trakt: u.trakt },
  };
}

/** Another user with the fields `extended=full` adds (contract `_internal/response/profileResponseSchema.ts`). */
export function otherUserFull(u: OtherUser): Json {
  return {
    ...otherUserJson(u),
    joined_at: u.joinedAt === undefined ? null : iso(u.joinedAt),
    location: u.location ?? null,
    about: null,
    gender: null,
    age: null,
    images: { avatar: { full: 'https://walter-r2.trakt.tv/images/users/avatar.png' } },
  };
}

function profileFull(a: Account): Json {
  const p = a.profile;
  return {
    ...ownUserJson(a),
    joined_at: iso(p.joinedAt),
    location: p.location,
    about: p.about,
    gender: p.gender,
    age: p.age,
    images: { avatar: { full: 'https://walter-r2.trakt.tv/images/users/avatar.png' } },
    vip_og: p.vipOg,
    vip_years: p.vipYears,
  };
}

function settings(ctx: Ctx): Reply {
  const a = ctx.s.account;
  const p = a.profile;
  const full = profileFull(a);
  return ok({
    user: { ...full, ids: { slug: p.slug, trakt: p.trakt, uuid: p.uuid } },
    account: {
      timezone: p.timezone,
      date_format: p.dateFormat,
      time_24hr: p.time24hr,
      cover_image: null,
      token: null,
      display_ads: false,
    },
    connections: {
      facebook: false,
      twitter: false,
      mastodon: false,
      google: true,
      tumblr: false,
      medium: false,
      slack: false,
      apple: false,
      dropbox: false,
      microsoft: false,
    },
    sharing_text: {
      watching: "I'm watching [item]",
      watched: 'I just watched [item]',
      rated: '[item] [stars]',
    },
    // docs/trakt-api.md §5: the 2026 limits of the account (VIP unless a test changed them).
    limits: {
      list: { count: ctx.s.limits.lists, item_count: ctx.s.limits.listItems },
      watchlist: { item_count: ctx.s.limits.watchlist },
      favorites: { item_count: ctx.s.limits.favorites },
      recommendations: { item_count: ctx.s.limits.favorites },
    },
    permissions: { commenting: true, liking: true, following: true },
  });
}

function profile(ctx: Ctx): Reply {
  const a = ctx.s.account;
  const user = ctx.params['user'];
  // Another user the account knows (a hidden user, a list owner): their public profile, which
  // Trakt's contract gives with ids.trakt (profileResponseSchema), so an exporter can learn it.
  const other = a.others.find((o) => o.slug === user);
  if (other !== undefined) return ok(otherUserJson(other));
  if (ctx.full) return ok(profileFull(a));
  if (ctx.extended.has('vip')) {
    return ok({
      ...ownUserJson(a),
      vip_og: a.profile.vipOg,
      vip_years: a.profile.vipYears,
      vip_cover_image: null,
    });
  }
  return ok(ownUserJson(a));
}

function lastActivities(ctx: Ctx): Reply {
  return ok(ctx.s.quirks.lastActivities(lastActivitiesJson(ctx.s.account)));
}

function stats(ctx: Ctx): Reply {
  return ok(ctx.s.quirks.stats(ctx.s.views.stats()));
}

/** An invented, small year-in-review summary: Trakt's real one is not documented. */
function yearInReview(ctx: Ctx): Reply {
  const year = Number(ctx.params['year']);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return notFound();
  const a = ctx.s.account;
  const body = ctx.s.views.get(`yir:${year}`, () => {
    const zone = a.profile.timezone as Zone;
    const plays = a.plays;
    const showPlays = new Map<number, number>();
    const moviePlays = new Map<number, number>();
    let movies = 0;
    let episodes = 0;
    for (let p = 0; p < plays.length; p++) {
      const local = secToLocal(zone, plays.watched[p]!);
      if (new Date(local * 1000).getUTCFullYear() !== year) continue;
      const media = plays.media[p]!;
      if (plays.kind[p] === MOVIE) {
        movies++;
        moviePlays.set(media, (moviePlays.get(media) ?? 0) + 1);
      } else {
        episodes++;
        const show = a.universe.episodes[media]!.show;
        showPlays.set(show, (showPlays.get(show) ?? 0) + 1);
      }
    }
    const top = (m: Map<number, number>, kind: 'movie' | 'show') => {
      let best: [number, number] | undefined;
      for (const [idx, n] of m) {
        if (
          !best ||
          n > best[1] ||
          (n === best[1] && traktIdOf(a.universe, kind, idx) < traktIdOf(a.universe, kind, best[0]))
        ) {
          best = [idx, n];
        }
      }
      if (!best) return null;
      const item = kind === 'movie' ? a.universe.movies[best[0]]! : a.universe.shows[best[0]]!;
      return { title: item.title, ids: { trakt: item.trakt, slug: item.slug }, plays: best[1] };
    };
    return {
      year,
      user: ownUserJson(a),
      plays: { total: movies + episodes, movies, episodes },
      top_movie: top(moviePlays, 'movie'),
      top_show: top(showPlays, 'show'),
      persona: movies > episodes ? 'the-cinephile' : 'the-binger',
    };
  });
  return ok(body);
}

/** A list's JSON: the account's own, or one it collaborates on (`user` is then its owner). */
export function listJson(a: Account, l: UserList | CollabList): Json {
  return {
    name: l.name,
    description: l.description,
    privacy: l.privacy,
    share_link: `https://trakt.tv/lists/${l.trakt}`,
    type: 'personal',
    display_numbers: l.displayNumbers,
    allow_comments: l.allowComments,
    sort_by: l.sortBy,
    sort_how: l.sortHow,
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
    item_count: l.items.length,
    comment_count: l.commentCount,
    likes: l.likes,
    ids: { trakt: l.trakt, slug: l.slug },
    user: 'owner' in l ? otherUserJson(a.others[l.owner]!) : ownUserJson(a),
  };
}

function lists(ctx: Ctx): Reply {
  const a = ctx.s.account;
  return paged(
    ctx,
    a.lists.length,
    (i) => i,
    (i) => listJson(a, a.lists[i]!),
  );
}

function oneList(ctx: Ctx): Reply {
  const list = findList(ctx);
  return list ? ok(listJson(ctx.s.account, list)) : notFound('list not found');
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: '/sync/last_activities', auth: 'required', handle: lastActivities },
  { method: 'GET', pattern: '/users/settings', auth: 'required', handle: settings },
  { method: 'GET', pattern: '/users/:user', auth: 'user', otherUsers: true, handle: profile },
  { method: 'GET', pattern: '/users/:user/stats', auth: 'user', handle: stats },
  { method: 'GET', pattern: '/users/:user/yir/:year', auth: 'user', handle: yearInReview },
  { method: 'GET', pattern: '/users/:user/lists', auth: 'user', handle: lists },
  { method: 'GET', pattern: '/users/:user/lists/:list', auth: 'user', otherUsers: true, handle: oneList },
];
