/**
 * A small, independent exporter for the simulator's own tests: it pages
 * through every resource over HTTP and maps the payloads to contract rows
 * the way docs/schema.md describes. If its tables equal truth(), the API and the
 * ground truth agree.
 */
import type { Simulator } from '../../src/simulator/index.ts';
import { all, call } from './helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field.
type Any = any;
type Row = Record<string, unknown>;

export interface CrawlOptions {
  /** Also fetch `/movies/{id}/people` and `/shows/{id}/people` of every watched title (`--with credits`). */
  credits?: boolean;
}

export async function crawl(
  sim: Simulator,
  options: CrawlOptions = {},
): Promise<Record<string, Row[] | Row>> {
  const media = {
    movies: new Map<number, Row>(),
    shows: new Map<number, Row>(),
    seasons: new Map<number, Row>(),
    episodes: new Map<number, Row>(),
    people: new Map<number, Row>(),
  };
  const movie = (m: Any) =>
    media.movies.set(m.ids.trakt, {
      trakt_id: m.ids.trakt,
      slug: m.ids.slug,
      title: m.title,
      year: m.year,
      imdb_id: m.ids.imdb,
      tmdb_id: m.ids.tmdb,
      runtime_min: m.runtime,
      released: m.released,
      genres: m.genres,
      certification: m.certification,
      country: m.country,
      language: m.language,
      community_rating: m.rating,
      votes: m.votes,
    });
  const show = (s: Any) =>
    media.shows.set(s.ids.trakt, {
      trakt_id: s.ids.trakt,
      slug: s.ids.slug,
      title: s.title,
      year: s.year,
      imdb_id: s.ids.imdb,
      tmdb_id: s.ids.tmdb,
      tvdb_id: s.ids.tvdb,
      runtime_min: s.runtime,
      network: s.network,
      country: s.country,
      status: s.status,
      genres: s.genres,
      aired_episodes: s.aired_episodes,
      first_aired: s.first_aired,
      community_rating: s.rating,
      votes: s.votes,
    });
  const episode = (e: Any, s: Any) =>
    media.episodes.set(e.ids.trakt, {
      trakt_id: e.ids.trakt,
      show_trakt_id: s.ids.trakt,
      season: e.season,
      number: e.number,
      title: e.title,
      runtime_min: e.runtime,
      first_aired: e.first_aired,
      imdb_id: e.ids.imdb,
      tmdb_id: e.ids.tmdb,
      tvdb_id: e.ids.tvdb,
    });
  /** Records the media of an item and returns [media_type, trakt_id]. */
  const item = (it: Any, type: string): [string, number] => {
    switch (type) {
      case 'movie':
        movie(it.movie);
        return ['movie', it.movie.ids.trakt];
      case 'show':
        show(it.show);
        return ['show', it.show.ids.trakt];
      case 'season':
        show(it.show);
        media.seasons.set(it.season.ids.trakt, {
          trakt_id: it.season.ids.trakt,
          show_trakt_id: it.show.ids.trakt,
          number: it.season.number,
        });
        return ['season', it.season.ids.trakt];
      case 'episode':
        show(it.show);
        episode(it.episode, it.show);
        return ['episode', it.episode.ids.trakt];
      default:
        person(it.person);
        return ['person', it.person.ids.trakt];
    }
  };
  function person(p: Any) {
    media.people.set(p.ids.trakt, {
      trakt_id: p.ids.trakt,
      slug: p.ids.slug,
      name: p.name,
      imdb_id: p.ids.imdb,
      tmdb_id: p.ids.tmdb,
    });
  }
  const listed = (it: Any) => {
    const [media_type, trakt_id] = item(it, it.type);
    return {
      list_item_id: it.id,
      rank: it.rank,
      listed_at: it.listed_at,
      notes: it.notes,
      media_type,
      trakt_id,
    };
  };

  const plays = (await all(sim, '/sync/history?extended=full')).map((h) => {
    item(h, h.type);
    return {
      history_id: h.id,
      watched_at: h.watched_at,
      action: h.action,
      media_type: h.type,
      movie_trakt_id: h.type === 'movie' ? h.movie.ids.trakt : null,
      show_trakt_id: h.type === 'episode' ? h.show.ids.trakt : null,
      episode_trakt_id: h.type === 'episode' ? h.episode.ids.trakt : null,
    };
  });
  const ratings = (await all(sim, '/sync/ratings?extended=full')).map((r) => {
    const [media_type, trakt_id] = item(r, r.type);
    return { media_type, trakt_id, rating: r.rating, rated_at: r.rated_at };
  });
  const watchlist = (await all(sim, '/sync/watchlist?extended=full')).map(listed);
  const favorites = (await all(sim, '/sync/favorites?extended=full')).map(listed);
  const collection: Row[] = [];
  for (const type of ['movies', 'episodes']) {
    for (const c of await all(sim, `/sync/collection/${type}?extended=full,metadata`)) {
      const [media_type, trakt_id] = item(c, type === 'movies' ? 'movie' : 'episode');
      collection.push({
        media_type,
        trakt_id,
        collected_at: c.collected_at,
        updated_at: c.updated_at,
        media_format: c.metadata.media_type,
        resolution: c.metadata.resolution,
        hdr: c.metadata.hdr,
        audio: c.metadata.audio,
        audio_channels: c.metadata.audio_channels,
        is_3d: c.metadata['3d'],
      });
    }
  }
  const watched: Row[] = [];
  for (const type of ['movies', 'shows']) {
    for (const w of await all(sim, `/sync/watched/${type}?extended=full`)) {
      const [media_type, trakt_id] = item(w, type === 'movies' ? 'movie' : 'show');
      watched.push({
        media_type,
        trakt_id,
        plays: w.plays,
        last_watched_at: w.last_watched_at,
        last_updated_at: w.last_updated_at,
        reset_at: w.reset_at ?? null,
      });
    }
  }
  const playback = (await all(sim, '/sync/playback?extended=full')).map((p) => {
    const [media_type, trakt_id] = item(p, p.type);
    return { playback_id: p.id, media_type, trakt_id, progress: p.progress, paused_at: p.paused_at };
  });
  const listRows = await all(sim, '/users/me/lists');
  // Lists the account collaborates on: not paged; their items live under the owner's slug.
  const collaborations = (await call(sim, '/users/me/lists/collaborations')).json as Any[];
  const lists = [...listRows, ...collaborations].map((l) => ({
    list_trakt_id: l.ids.trakt,
    owner_slug: l.user.ids.slug,
    collaboration: l.user.ids.slug !== sim.userSlug,
    slug: l.ids.slug,
    name: l.name,
    description: l.description,
    privacy: l.privacy,
    list_type: l.type,
    sort_by: l.sort_by,
    sort_how: l.sort_how,
    created_at: l.created_at,
    updated_at: l.updated_at,
    item_count: l.item_count,
    likes: l.likes,
    comment_count: l.comment_count,
  }));
  const listItems: Row[] = [];
  for (const l of [...listRows, ...collaborations]) {
    for (const it of await all(sim, `/users/${l.user.ids.slug}/lists/${l.ids.trakt}/items?extended=full`)) {
      listItems.push({ list_trakt_id: l.ids.trakt, ...listed(it) });
    }
  }
  const hidden: Row[] = [];
  for (const section of [
    'calendar',
    'progress_watched',
    'progress_collected',
    'recommendations',
    'comments',
    'dropped',
  ]) {
    for (const h of await all(sim, `/users/hidden/${section}?extended=full`)) {
      const [media_type, trakt_id] = h.type === 'user' ? ['user', h.user.ids.trakt] : item(h, h.type);
      hidden.push({ section, media_type, trakt_id, hidden_at: h.hidden_at });
    }
  }
  const comments = (await all(sim, '/users/me/comments/all/all?include_replies=true&extended=full')).map(
    (c) => {
      const [media_type, trakt_id] = c.type === 'list' ? ['list', c.list.ids.trakt] : item(c, c.type);
      return {
        comment_id: c.comment.id,
        parent_id: c.comment.parent_id,
        created_at: c.comment.created_at,
        updated_at: c.comment.updated_at,
        body: c.comment.comment,
        spoiler: c.comment.spoiler,
        review: c.comment.review,
        likes: c.comment.likes,
        replies: c.comment.replies,
        user_rating: c.comment.user_rating,
        media_type,
        trakt_id,
      };
    },
  );
  const likes = (await all(sim, '/users/likes')).map((l) => ({
    kind: l.type,
    target_id: l.type === 'comment' ? l.comment.id : l.list.ids.trakt,
    liked_at: l.liked_at,
  }));
  const notes = (await all(sim, '/users/me/notes/all?extended=full')).map((n) => {
    const [media_type, trakt_id] = item(n.item, n.item.type);
    return {
      note_id: n.id,
      created_at: n.created_at,
      updated_at: n.updated_at,
      body: n.notes,
      privacy: n.privacy,
      spoiler: n.spoiler,
      media_type,
      trakt_id,
    };
  });
  const social: Row[] = [];
  const relations: [string, string, string][] = [
    ['follower', '/users/me/followers', 'followed_at'],
    ['following', '/users/me/following', 'followed_at'],
    ['friend', '/users/me/friends', 'friends_at'],
    ['request_in', '/users/requests', 'requested_at'],
    ['request_out', '/users/requests/following', 'requested_at'],
  ];
  for (const [relation, path, since] of relations) {
    const got = await call(sim, path);
    if (got.status !== 200 || got.headers.has('x-pagination-page-count'))
      throw new Error(`${path}: ${got.status}`);
    for (const r of got.json as Any[]) {
      social.push({
        relation,
        user_slug: r.user.ids.slug,
        user_trakt_id: r.user.ids.trakt ?? null,
        username: r.user.username,
        name: r.user.name ?? null,
        private: r.user.private,
        vip: r.user.vip,
        since: r[since],
      });
    }
  }
  const savedFilters: Row[] = [];
  for (const section of ['movies', 'shows', 'calendars', 'search']) {
    const first = await call(sim, `/users/saved_filters/${section}`);
    // A free account is refused (403, 404 or 426): it has no saved filters.
    if ([403, 404, 426].includes(first.status)) continue;
    for (const f of await all(sim, `/users/saved_filters/${section}`)) {
      savedFilters.push({
        filter_id: f.id,
        section: f.section,
        rank: f.rank,
        name: f.name,
        path: f.path,
        query: f.query,
        updated_at: f.updated_at,
      });
    }
  }
  const credits: Row[] = [];
  if (options.credits) {
    for (const w of watched) {
      const got = await call(sim, `/${w['media_type']}s/${w['trakt_id']}/people?extended=full`);
      if (got.status === 404) continue;
      const seen = new Set<string>();
      const add = (p: Any, department: string, role: string) => {
        person(p);
        const key = JSON.stringify([p.ids.trakt, department, role]);
        if (seen.has(key)) return;
        seen.add(key);
        credits.push({
          media_type: w['media_type'],
          trakt_id: w['trakt_id'],
          person_trakt_id: p.ids.trakt,
          department,
          role,
        });
      };
      for (const c of got.json.cast)
        for (const role of c.characters.length ? c.characters : ['']) add(c.person, 'acting', role);
      for (const [department, entries] of Object.entries(got.json.crew as Record<string, Any[]>)) {
        for (const c of entries)
          for (const role of c.jobs.length ? c.jobs : ['']) add(c.person, department, role);
      }
    }
  }
  const settings = (await call(sim, '/users/settings')).json;
  const user = (await call(sim, '/users/me?extended=full')).json;
  const profile = [
    {
      slug: user.ids.slug,
      username: user.username,
      name: user.name,
      vip: user.vip,
      vip_ep: user.vip_ep,
      private: user.private,
      joined_at: user.joined_at,
      location: user.location,
      about: user.about,
      timezone: settings.account.timezone,
      date_format: settings.account.date_format,
      time_24hr: settings.account.time_24hr,
      user_trakt_id: settings.user.ids.trakt,
    },
  ];
  const byKey =
    (...keys: string[]) =>
    (x: Row, y: Row) => {
      for (const k of keys) {
        const a = x[k] as string | number;
        const b = y[k] as string | number;
        if (a !== b) return typeof a === 'number' ? a - (b as number) : String(a).localeCompare(String(b));
      }
      return 0;
    };
  const values = (m: Map<number, Row>) => [...m.values()].sort(byKey('trakt_id'));
  /** By UTF-16 code units, as truth() sorts the keys of its newer tables. */
  const byUnits =
    (...keys: string[]) =>
    (x: Row, y: Row) => {
      for (const k of keys) {
        const a = x[k] as string | number;
        const b = y[k] as string | number;
        if (a !== b) return typeof a === 'number' ? a - (b as number) : a < b ? -1 : 1;
      }
      return 0;
    };
  const relationOrder = relations.map(([r]) => r);
  const byRelation = (x: Row, y: Row) =>
    relationOrder.indexOf(x['relation'] as string) - relationOrder.indexOf(y['relation'] as string) ||
    byUnits('user_slug')(x, y);
  return {
    movies: values(media.movies),
    shows: values(media.shows),
    seasons: values(media.seasons),
    episodes: values(media.episodes),
    people: values(media.people),
    plays: plays.sort(byKey('history_id')),
    ratings: ratings.sort(byKey('media_type', 'trakt_id')),
    watchlist: watchlist.sort(byKey('list_item_id')),
    favorites: favorites.sort(byKey('list_item_id')),
    collection: collection.sort(byKey('media_type', 'trakt_id')),
    watched: watched.sort(byKey('media_type', 'trakt_id')),
    playback: playback.sort(byKey('playback_id')),
    lists: lists.sort(byKey('list_trakt_id')),
    list_items: listItems.sort(byKey('list_trakt_id', 'list_item_id')),
    hidden_items: hidden.sort(byKey('section', 'media_type', 'trakt_id')),
    comments: comments.sort(byKey('comment_id')),
    likes: likes.sort(byKey('kind', 'target_id')),
    notes: notes.sort(byKey('note_id')),
    profile,
    social: social.sort(byRelation),
    saved_filters: savedFilters.sort(byKey('filter_id')),
    credits: credits.sort(byUnits('media_type', 'trakt_id', 'person_trakt_id', 'department', 'role')),
    stats: (await call(sim, '/users/me/stats')).json,
    last_activities: (await call(sim, '/sync/last_activities')).json,
  };
}
