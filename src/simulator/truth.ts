/**
 * The ground truth: what a perfect exporter's contract tables hold after a
 * complete backup of the account as it is now (docs/schema.md). Row keys
 * are the contract's column names; ids are numbers, times ISO strings with
 * milliseconds, dates YYYY-MM-DD, missing values null. Values are exactly
 * what the API sends (for instance a top-level comment's parent_id is 0, as
 * Trakt sends it). Rows are sorted by primary key so the same seed gives
 * byte-identical JSON.
 *
 * This file deliberately shares nothing with src/normalize: the point of a
 * ground truth is to be written twice.
 */
import { type Account, type CollabList, friendsOf, type Listed, type UserList } from './account.ts';
import type { Stats } from './aggregate.ts';
import { creditsOf } from './credits.ts';
import { traktIdOf } from './media-json.ts';
import { ACTIONS, MOVIE } from './plays.ts';
import { lastActivitiesJson } from './routes/users.ts';
import { iso } from './time.ts';
import type { MediaKind } from './universe.ts';
import type { Views } from './views.ts';

type Ts = string;

export interface TruthRows {
  movies: {
    trakt_id: number;
    slug: string;
    title: string;
    year: number | null;
    imdb_id: string | null;
    tmdb_id: number | null;
    runtime_min: number | null;
    released: string | null;
    genres: string[];
    certification: string | null;
    country: string | null;
    language: string | null;
    community_rating: number;
    votes: number;
  };
  shows: {
    trakt_id: number;
    slug: string;
    title: string;
    year: number | null;
    imdb_id: string | null;
    tmdb_id: number | null;
    tvdb_id: number | null;
    runtime_min: number | null;
    network: string | null;
    country: string | null;
    status: string;
    genres: string[];
    aired_episodes: number;
    first_aired: Ts | null;
    community_rating: number;
    votes: number;
  };
  seasons: { trakt_id: number; show_trakt_id: number; number: number };
  episodes: {
    trakt_id: number;
    show_trakt_id: number;
    season: number;
    number: number;
    title: string | null;
    runtime_min: number | null;
    first_aired: Ts | null;
    imdb_id: string | null;
    tmdb_id: number | null;
    tvdb_id: number | null;
  };
  people: { trakt_id: number; slug: string; name: string; imdb_id: string | null; tmdb_id: number | null };
  plays: {
    history_id: number;
    watched_at: Ts;
    action: string;
    media_type: 'movie' | 'episode';
    movie_trakt_id: number | null;
    show_trakt_id: number | null;
    episode_trakt_id: number | null;
  };
  ratings: { media_type: string; trakt_id: number; rating: number; rated_at: Ts };
  watchlist: ListedRow;
  favorites: ListedRow;
  collection: {
    media_type: 'movie' | 'episode';
    trakt_id: number;
    collected_at: Ts;
    updated_at: Ts;
    media_format: string | null;
    resolution: string | null;
    hdr: string | null;
    audio: string | null;
    audio_channels: string | null;
    is_3d: boolean | null;
  };
  watched: {
    media_type: 'movie' | 'show';
    trakt_id: number;
    plays: number;
    last_watched_at: Ts;
    last_updated_at: Ts;
    reset_at: Ts | null;
  };
  playback: {
    playback_id: number;
    media_type: 'movie' | 'episode';
    trakt_id: number;
    progress: number;
    paused_at: Ts;
  };
  lists: {
    list_trakt_id: number;
    /** The owner's slug: the account's own for its lists, another user's for a collaboration. */
    owner_slug: string;
    /** True for a list owned by another user that the account collaborates on. */
    collaboration: boolean;
    slug: string;
    name: string;
    description: string | null;
    privacy: string;
    list_type: 'personal';
    sort_by: string;
    sort_how: string;
    created_at: Ts;
    updated_at: Ts;
    item_count: number;
    likes: number;
    comment_count: number;
  };
  list_items: ListedRow & { list_trakt_id: number };
  hidden_items: { section: string; media_type: string; trakt_id: number; hidden_at: Ts };
  comments: {
    comment_id: number;
    parent_id: number;
    created_at: Ts;
    updated_at: Ts;
    body: string;
    spoiler: boolean;
    review: boolean;
    likes: number;
    replies: number;
    user_rating: number | null;
    media_type: string;
    trakt_id: number;
  };
  likes: { kind: 'comment' | 'list'; target_id: number; liked_at: Ts };
  notes: {
    note_id: number;
    created_at: Ts;
    updated_at: Ts;
    body: string;
    privacy: string;
    spoiler: boolean;
    media_type: string;
    trakt_id: number;
  };
  social: {
    relation: 'follower' | 'following' | 'friend' | 'request_in' | 'request_out';
    user_slug: string;
    /** Null under the `slug-only-users` quirk: the answers then carry no numeric id (docs/schema.md). */
    user_trakt_id: number | null;
    username: string;
    name: string | null;
    private: boolean;
    vip: boolean;
    /** followed_at (follower, following), friends_at (friend), requested_at (request_in, request_out). */
    since: Ts;
  };
  saved_filters: {
    filter_id: number;
    section: string;
    rank: number;
    name: string;
    path: string;
    query: string;
    updated_at: Ts;
  };
  credits: {
    media_type: 'movie' | 'show';
    trakt_id: number;
    person_trakt_id: number;
    /** `acting` for cast entries, else the crew key as Trakt sends it. */
    department: string;
    /** A character (acting) or a job; '' when the entry has none. */
    role: string;
  };
  profile: {
    slug: string;
    username: string;
    name: string;
    vip: boolean;
    vip_ep: boolean;
    private: boolean;
    joined_at: Ts;
    location: string;
    about: string;
    timezone: string;
    date_format: string;
    time_24hr: boolean;
    user_trakt_id: number;
  };
}

export interface ListedRow {
  list_item_id: number;
  rank: number;
  listed_at: Ts;
  notes: string | null;
  media_type: MediaKind;
  trakt_id: number;
}

export type GroundTruth = { [T in keyof TruthRows]: TruthRows[T][] } & {
  /** The /users/{id}/stats object. */
  stats: Stats;
  /** The /sync/last_activities object. */
  last_activities: Record<string, unknown>;
};

type Refs = Record<MediaKind, Set<number>>;

/** The quirks that change what a perfect exporter can know (quirks.ts). */
export interface TruthQuirks {
  nullYear(movieTrakt: number): boolean;
  has(name: 'slug-only-users'): boolean;
  /** The stats object as sent (`stale-network-stats` changes its network counts). */
  stats<T extends Stats>(stats: T): T;
}

export interface TruthOptions {
  /**
   * The exporter also fetched credits (`backup --with credits`): `credits` holds a row per credit
   * of every movie and show with at least one play, and `people` also the people credited there.
   * Without it `credits` is empty and `people` holds only the people the account's items embed.
   */
  credits?: boolean;
}

/**
 * `quirks` change what is sent, not the account, so they leave the truth
 * alone: a perfect exporter learns what a quirk leaves out. The one value a
 * quirk really changes is a movie year `extra-fields` sends as null, and a
 * perfect exporter gets null there.
 */
export function computeTruth(
  a: Account,
  views: Views,
  quirks?: TruthQuirks,
  options: TruthOptions = {},
): GroundTruth {
  const universe = a.universe;
  const refs: Refs = {
    movie: new Set(),
    show: new Set(),
    season: new Set(),
    episode: new Set(),
    person: new Set(),
  };
  // Every object an item embeds: a season or an episode comes with its show.
  const ref = (kind: MediaKind, idx: number) => {
    refs[kind].add(idx);
    if (kind === 'season') refs.show.add(universe.seasons[idx]!.show);
    if (kind === 'episode') refs.show.add(universe.episodes[idx]!.show);
  };
  const tid = (kind: MediaKind, idx: number) => traktIdOf(universe, kind, idx);

  const p = a.plays;
  const plays: TruthRows['plays'][] = [];
  for (let i = 0; i < p.length; i++) {
    const media = p.media[i]!;
    const isMovie = p.kind[i] === MOVIE;
    ref(isMovie ? 'movie' : 'episode', media);
    plays.push({
      history_id: p.id[i]!,
      watched_at: iso(p.watched[i]!),
      action: ACTIONS[p.action[i]!]!,
      media_type: isMovie ? 'movie' : 'episode',
      movie_trakt_id: isMovie ? universe.movies[media]!.trakt : null,
      show_trakt_id: isMovie ? null : universe.shows[universe.episodes[media]!.show]!.trakt,
      episode_trakt_id: isMovie ? null : universe.episodes[media]!.trakt,
    });
  }
  plays.sort((x, y) => x.history_id - y.history_id);

  const ratings = [...a.ratings.values()].map((r) => {
    ref(r.kind, r.idx);
    return { media_type: r.kind, trakt_id: tid(r.kind, r.idx), rating: r.rating, rated_at: iso(r.ratedAt) };
  });
  ratings.sort((x, y) => x.media_type.localeCompare(y.media_type) || x.trakt_id - y.trakt_id);

  const listed = (it: Listed): ListedRow => {
    ref(it.kind, it.idx);
    return {
      list_item_id: it.id,
      rank: it.rank,
      listed_at: iso(it.listedAt),
      notes: it.notes,
      media_type: it.kind,
      trakt_id: tid(it.kind, it.idx),
    };
  };
  const byListItem = (x: ListedRow, y: ListedRow) => x.list_item_id - y.list_item_id;
  const watchlist = a.watchlist.map(listed).sort(byListItem);
  const favorites = a.favorites.map(listed).sort(byListItem);

  const collection: TruthRows['collection'][] = [];
  for (const [kind, source] of [
    ['movie', a.collectionMovies],
    ['episode', a.collectionEpisodes],
  ] as const) {
    for (const [idx, c] of source) {
      ref(kind, idx);
      collection.push({
        media_type: kind,
        trakt_id: tid(kind, idx),
        collected_at: iso(c.collectedAt),
        updated_at: iso(c.updatedAt),
        media_format: c.meta.mediaType,
        resolution: c.meta.resolution,
        hdr: c.meta.hdr,
        audio: c.meta.audio,
        audio_channels: c.meta.audioChannels,
        is_3d: c.meta.is3d,
      });
    }
  }
  collection.sort((x, y) => x.media_type.localeCompare(y.media_type) || x.trakt_id - y.trakt_id);

  const view = views.watched();
  const watched: TruthRows['watched'][] = [];
  for (const w of view.movies) {
    ref('movie', w.idx);
    watched.push({
      media_type: 'movie',
      trakt_id: tid('movie', w.idx),
      plays: w.plays,
      last_watched_at: iso(w.lastWatched),
      last_updated_at: iso(w.lastUpdated),
      reset_at: null,
    });
  }
  for (const w of view.shows) {
    ref('show', w.idx);
    const reset = a.resetAt.get(w.idx);
    watched.push({
      media_type: 'show',
      trakt_id: tid('show', w.idx),
      plays: w.plays,
      last_watched_at: iso(w.lastWatched),
      last_updated_at: iso(w.lastUpdated),
      reset_at: reset === undefined ? null : iso(reset),
    });
  }
  watched.sort((x, y) => x.media_type.localeCompare(y.media_type) || x.trakt_id - y.trakt_id);

  const playback = a.playback
    .map((pb) => {
      ref(pb.kind, pb.idx);
      return {
        playback_id: pb.id,
        media_type: pb.kind,
        trakt_id: tid(pb.kind, pb.idx),
        progress: pb.progress,
        paused_at: iso(pb.pausedAt),
      };
    })
    .sort((x, y) => x.playback_id - y.playback_id);

  const owned: (UserList | CollabList)[] = [...a.lists, ...a.collaborations];
  const lists = owned
    .map((l) => ({
      list_trakt_id: l.trakt,
      owner_slug: 'owner' in l ? a.others[l.owner]!.slug : a.profile.slug,
      collaboration: 'owner' in l,
      slug: l.slug,
      name: l.name,
      description: l.description,
      privacy: l.privacy,
      list_type: 'personal' as const,
      sort_by: l.sortBy,
      sort_how: l.sortHow,
      created_at: iso(l.createdAt),
      updated_at: iso(l.updatedAt),
      item_count: l.items.length,
      likes: l.likes,
      comment_count: l.commentCount,
    }))
    .sort((x, y) => x.list_trakt_id - y.list_trakt_id);
  const listItems: TruthRows['list_items'][] = [];
  for (const l of owned) for (const it of l.items) listItems.push({ list_trakt_id: l.trakt, ...listed(it) });
  listItems.sort((x, y) => x.list_trakt_id - y.list_trakt_id || x.list_item_id - y.list_item_id);

  const hidden = a.hidden
    .map((h) => {
      if (h.kind !== 'user') ref(h.kind, h.idx);
      return {
        section: h.section,
        media_type: h.kind,
        trakt_id: h.kind === 'user' ? a.others[h.idx]!.trakt : tid(h.kind, h.idx),
        hidden_at: iso(h.hiddenAt),
      };
    })
    .sort(
      (x, y) =>
        x.section.localeCompare(y.section) ||
        x.media_type.localeCompare(y.media_type) ||
        x.trakt_id - y.trakt_id,
    );

  const comments = a.comments
    .map((c) => {
      const kind = c.target.kind;
      if (kind !== 'list') ref(kind, c.target.idx);
      return {
        comment_id: c.id,
        parent_id: c.parentId,
        created_at: iso(c.createdAt),
        updated_at: iso(c.updatedAt),
        body: c.body,
        spoiler: c.spoiler,
        review: c.review,
        likes: c.likes,
        replies: c.replies,
        user_rating: c.userRating,
        media_type: kind,
        trakt_id: kind === 'list' ? a.otherLists[c.target.idx]!.trakt : tid(kind, c.target.idx),
      };
    })
    .sort((x, y) => x.comment_id - y.comment_id);

  const likes = a.likes
    .map((l) => ({
      kind: l.kind,
      target_id: l.kind === 'comment' ? a.otherComments[l.ref]!.id : a.otherLists[l.ref]!.trakt,
      liked_at: iso(l.likedAt),
    }))
    .sort((x, y) => x.kind.localeCompare(y.kind) || x.target_id - y.target_id);

  const notes = a.notes
    .map((n) => {
      ref(n.kind, n.idx);
      return {
        note_id: n.id,
        created_at: iso(n.createdAt),
        updated_at: iso(n.updatedAt),
        body: n.body,
        privacy: n.privacy,
        spoiler: n.spoiler,
        media_type: n.kind,
        trakt_id: tid(n.kind, n.idx),
      };
    })
    .sort((x, y) => x.note_id - y.note_id);

  const social = socialRows(a, quirks?.has('slug-only-users') ?? false);
  // VIP only: a free account's saved filters answer 403/404/426, so a perfect exporter has none.
  const savedFilters = a.profile.vip
    ? a.savedFilters
        .map((f) => ({
          filter_id: f.id,
          section: f.section,
          rank: f.rank,
          name: f.name,
          path: f.path,
          query: f.query,
          updated_at: iso(f.updatedAt),
        }))
        .sort((x, y) => x.filter_id - y.filter_id)
    : [];
  const credits = options.credits ? creditRows(a, views, refs) : [];

  const pr = a.profile;
  const profile = [
    {
      slug: pr.slug,
      username: pr.username,
      name: pr.name,
      vip: pr.vip,
      vip_ep: pr.vipEp,
      private: pr.private,
      joined_at: iso(pr.joinedAt),
      location: pr.location,
      about: pr.about,
      timezone: pr.timezone,
      date_format: pr.dateFormat,
      time_24hr: pr.time24hr,
      user_trakt_id: pr.trakt,
    },
  ];

  const sorted = (set: Set<number>, trakt: (idx: number) => number) =>
    [...set].sort((x, y) => trakt(x) - trakt(y));
  const movies = sorted(refs.movie, (i) => universe.movies[i]!.trakt).map((i) => {
    const m = universe.movies[i]!;
    return {
      trakt_id: m.trakt,
      slug: m.slug,
      title: m.title,
      year: quirks?.nullYear(m.trakt) ? null : m.year,
      imdb_id: m.imdb,
      tmdb_id: m.tmdb,
      runtime_min: m.runtime,
      released: m.released,
      genres: [...m.genres],
      certification: m.certification,
      country: m.country,
      language: m.language,
      community_rating: m.rating,
      votes: m.votes,
    };
  });
  const shows = sorted(refs.show, (i) => universe.shows[i]!.trakt).map((i) => {
    const s = universe.shows[i]!;
    return {
      trakt_id: s.trakt,
      slug: s.slug,
      title: s.title,
      year: s.year,
      imdb_id: s.imdb,
      tmdb_id: s.tmdb,
      tvdb_id: s.tvdb,
      runtime_min: s.runtime,
      network: s.network,
      country: s.country,
      status: s.status,
      genres: [...s.genres],
      aired_episodes: s.airedEpisodes,
      first_aired: s.firstAired === null ? null : iso(s.firstAired),
      community_rating: s.rating,
      votes: s.votes,
    };
  });
  const seasons = sorted(refs.season, (i) => universe.seasons[i]!.trakt).map((i) => {
    const s = universe.seasons[i]!;
    return { trakt_id: s.trakt, show_trakt_id: universe.shows[s.show]!.trakt, number: s.number };
  });
  const episodes = sorted(refs.episode, (i) => universe.episodes[i]!.trakt).map((i) => {
    const e = universe.episodes[i]!;
    return {
      trakt_id: e.trakt,
      show_trakt_id: universe.shows[e.show]!.trakt,
      season: e.season,
      number: e.number,
      title: e.title,
      runtime_min: e.runtime,
      first_aired: e.firstAired === null ? null : iso(e.firstAired),
      imdb_id: e.imdb,
      tmdb_id: e.tmdb,
      tvdb_id: e.tvdb,
    };
  });
  const people = sorted(refs.person, (i) => universe.people[i]!.trakt).map((i) => {
    const pe = universe.people[i]!;
    return { trakt_id: pe.trakt, slug: pe.slug, name: pe.name, imdb_id: pe.imdb, tmdb_id: pe.tmdb };
  });

  return {
    movies,
    shows,
    seasons,
    episodes,
    people,
    plays,
    ratings,
    watchlist,
    favorites,
    collection,
    watched,
    playback,
    lists,
    list_items: listItems,
    hidden_items: hidden,
    comments,
    likes,
    notes,
    profile,
    social,
    saved_filters: savedFilters,
    credits,
    stats: structuredClone(quirks ? quirks.stats(views.stats()) : views.stats()),
    last_activities: lastActivitiesJson(a),
  };
}

const RELATIONS = ['follower', 'following', 'friend', 'request_in', 'request_out'] as const;

/** One row per user per relation (docs/schema.md `social`); friends are the mutual follows. */
function socialRows(a: Account, slugOnly: boolean): TruthRows['social'][] {
  const rows: TruthRows['social'][] = [];
  const add = (relation: TruthRows['social']['relation'], user: number, at: number) => {
    const u = a.others[user]!;
    rows.push({
      relation,
      user_slug: u.slug,
      // With slug-only user objects a perfect exporter has no numeric id (docs/schema.md: NULL).
      user_trakt_id: slugOnly ? null : u.trakt,
      username: u.username,
      name: u.name,
      private: u.private,
      vip: u.vip,
      since: iso(at),
    });
  };
  for (const [user, at] of a.social.followers) add('follower', user, at);
  for (const [user, at] of a.social.following) add('following', user, at);
  for (const [user, at] of friendsOf(a.social)) add('friend', user, at);
  for (const r of a.social.requestsIn) add('request_in', r.user, r.requestedAt);
  for (const r of a.social.requestsOut) add('request_out', r.user, r.requestedAt);
  const order = (relation: string) => RELATIONS.indexOf(relation as (typeof RELATIONS)[number]);
  return rows.sort(
    (x, y) =>
      order(x.relation) - order(y.relation) ||
      (x.user_slug < y.user_slug ? -1 : x.user_slug > y.user_slug ? 1 : 0),
  );
}

/**
 * A row per credit of every movie and show with at least one play (docs/schema.md `credits`):
 * one per character or job, `''` for an empty array, an exact duplicate entry once. Credited
 * people join `refs` so `people` holds them.
 */
function creditRows(a: Account, views: Views, refs: Refs): TruthRows['credits'][] {
  const universe = a.universe;
  const rows: TruthRows['credits'][] = [];
  const watched = views.watched();
  for (const [kind, items] of [
    ['movie', watched.movies],
    ['show', watched.shows],
  ] as const) {
    for (const w of items) {
      const credits = creditsOf(universe, kind, w.idx);
      if (credits === null) continue;
      const trakt = traktIdOf(universe, kind, w.idx);
      const seen = new Set<string>();
      const add = (person: number, department: string, role: string) => {
        const personTrakt = universe.people[person]!.trakt;
        const key = `${personTrakt}\u0000${department}\u0000${role}`;
        if (seen.has(key)) return;
        seen.add(key);
        refs.person.add(person);
        rows.push({ media_type: kind, trakt_id: trakt, person_trakt_id: personTrakt, department, role });
      };
      for (const c of credits.cast) {
        for (const role of c.characters.length > 0 ? c.characters : ['']) add(c.person, 'acting', role);
      }
      for (const [department, entries] of credits.crew) {
        for (const c of entries) {
          for (const role of c.jobs.length > 0 ? c.jobs : ['']) add(c.person, department, role);
        }
      }
    }
  }
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rows.sort(
    (x, y) =>
      text(x.media_type, y.media_type) ||
      x.trakt_id - y.trakt_id ||
      x.person_trakt_id - y.person_trakt_id ||
      text(x.department, y.department) ||
      text(x.role, y.role),
  );
}
