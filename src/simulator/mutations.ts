/**
 * Changes to the account as a user (or Trakt) would make them, each stamping
 * /sync/last_activities the way Trakt does: the specific fields and `all`.
 * Watching an item also drops it from the watchlist and, for a scrobble, its
 * paused playback (docs/trakt-api.md §3). Picks are seeded by the mutation counter, so a
 * test that makes the same calls gets the same world.
 */
import {
  type Account,
  type CollabList,
  type Comment,
  type FilterSection,
  type HiddenSection,
  type Listed,
  nextId,
  type OtherUser,
  type RatedKind,
  ratingKey,
  touch,
  type UserList,
} from './account.ts';
import { EPISODE, MOVIE } from './plays.ts';
import { Rng } from './prng.ts';
import { slugify, userNames } from './text.ts';
import { parseIsoSec, toSec } from './time.ts';
import type { MediaKind } from './universe.ts';

export type IdsOrCount = number[] | { count: number };

export interface AddPlaysOptions {
  /** watched_at of every new play (ISO). */
  at?: string;
  /** watched_at in the past, inside the existing history range. */
  backdated?: boolean;
  media?: 'movie' | 'episode' | 'mixed';
  /** Plays of this one movie or episode (with media 'movie' or 'episode'). */
  traktId?: number;
}

export interface Mutations {
  /** Adds plays; returns their history ids, each larger than any before. */
  addPlays(n: number, opts?: AddPlaysOptions): number[];
  /** Removes plays by history id, or `count` random ones; returns the removed ids. */
  removePlays(ids: IdsOrCount): number[];
  rate(mediaType: RatedKind, traktId: number, rating: number): void;
  unrate(mediaType: RatedKind, traktId: number): void;
  /** Returns the list item id (the existing one when already listed). */
  watchlistAdd(mediaType: 'movie' | 'show' | 'season' | 'episode', traktId: number): number;
  watchlistRemove(listItemIds: IdsOrCount): number[];
  favoritesAdd(mediaType: 'movie' | 'show', traktId: number): number;
  favoritesRemove(listItemIds: IdsOrCount): number[];
  /** Returns the new list's trakt id. */
  listCreate(name: string): number;
  listDelete(listId: number): void;
  /** Adds `count` random items not yet on the list (its own, or one it collaborates on); returns their list item ids. */
  listAddItems(listId: number, count: number): number[];
  listRemoveItems(listId: number, count: number): number[];
  /** Returns the playback id. */
  playbackSet(mediaType: 'movie' | 'episode', traktId: number, progress: number): number;
  playbackRemove(playbackId: number): void;
  collect(mediaType: 'movie' | 'episode', traktId: number): void;
  uncollect(mediaType: 'movie' | 'episode', traktId: number): void;
  hide(section: HiddenSection, mediaType: 'movie' | 'show' | 'season' | 'user', traktId: number): void;
  unhide(section: HiddenSection, mediaType: 'movie' | 'show' | 'season' | 'user', traktId: number): void;
  /** A comment by the account on media or on another user's list; returns its id. */
  comment(
    mediaType: 'movie' | 'show' | 'season' | 'episode' | 'list',
    traktId: number,
    body: string,
    opts?: { spoiler?: boolean; review?: boolean },
  ): number;
  /** Likes another user's comment (by comment id) or list (by list trakt id). */
  like(kind: 'comment' | 'list', id: number): void;
  unlike(kind: 'comment' | 'list', id: number): void;
  /** Returns the note id. */
  note(
    mediaType: MediaKind,
    traktId: number,
    body: string,
    opts?: { privacy?: 'private' | 'friends' | 'public'; spoiler?: boolean },
  ): number;
  changeSettings(settings: { timezone?: string; dateFormat?: string; time24hr?: boolean }): void;
  /**
   * The account follows a user (by slug; default a seeded pick of a public user it does not
   * follow, or a new one). A private user gets a follow request instead, as Trakt does
   * (Apiary POST /users/{id}/follow). Returns the slug.
   */
  follow(slug?: string): string;
  /** The account stops following a user (default a seeded pick); returns the slug. */
  unfollow(slug?: string): string;
  /** A follower stops following the account (default a seeded pick); returns the slug. */
  loseFollower(slug?: string): string;
  /** Someone asks to follow the account (default a new user); returns the request id. */
  followRequest(slug?: string): number;
  /** The account approves a follow request (default the oldest): the requester becomes a follower; returns the slug. */
  acceptRequest(requestId?: number): string;
  /** The account asks a private user to follow them (default a new private user); returns the request id. */
  requestToFollow(slug?: string): number;
  /** Changes a saved filter (default a seeded pick; default change: its name and query); returns its id. */
  savedFilterEdit(filterId?: number, changes?: { name?: string; path?: string; query?: string }): number;
  /** A new saved filter, ranked last; returns its id. */
  savedFilterAdd(section: FilterSection, name: string, path: string, query: string): number;
  /** Deletes a saved filter (default a seeded pick); returns its id. */
  savedFilterRemove(filterId?: number): number;
  /** `count` items added to a list the account collaborates on (default the first); returns their list item ids. */
  collaborationAddItems(listId?: number, count?: number): number[];
  /** `count` random items removed from a collaboration list; returns their list item ids. */
  collaborationRemoveItems(listId?: number, count?: number): number[];
}

const PLURAL: Record<string, string> = {
  movie: 'movies',
  show: 'shows',
  season: 'seasons',
  episode: 'episodes',
  person: 'people',
  list: 'lists',
};

export function createMutations(account: Account, seed: number, clock: () => number): Mutations {
  const a = account;
  const universe = a.universe;
  let calls = 0;
  const rng = () => new Rng(seed, 5000 + calls++);
  const now = () => toSec(clock());

  const indexOf = (kind: MediaKind, traktId: number): number => {
    const idx = universe.index[kind].get(traktId);
    if (idx === undefined) throw new Error(`no ${kind} with trakt id ${traktId}`);
    return idx;
  };

  const rerank = (items: Listed[]) => {
    items.sort((x, y) => x.rank - y.rank);
    items.forEach((it, k) => {
      it.rank = k + 1;
    });
  };

  const removeListed = (items: Listed[], which: IdsOrCount, r: Rng): Listed[] => {
    const chosen = Array.isArray(which)
      ? items.filter((it) => which.includes(it.id))
      : r.sample(items.length, which.count).map((k) => items[k]!);
    const gone = new Set(chosen);
    const kept = items.filter((it) => !gone.has(it));
    items.length = 0;
    items.push(...kept);
    rerank(items);
    return chosen;
  };

  /** Trakt's auto-removal: watching an episode drops its show, season and itself from the watchlist. */
  const unwatchlist = (kind: typeof MOVIE | typeof EPISODE, media: number, at: number) => {
    const hit = (it: Listed) => {
      if (kind === MOVIE) return it.kind === 'movie' && it.idx === media;
      const ep = universe.episodes[media]!;
      return (
        (it.kind === 'episode' && it.idx === media) ||
        (it.kind === 'season' && it.idx === ep.seasonIdx) ||
        (it.kind === 'show' && it.idx === ep.show)
      );
    };
    const removed = a.watchlist.filter(hit);
    if (removed.length === 0) return;
    const kept = a.watchlist.filter((it) => !hit(it));
    a.watchlist.length = 0;
    a.watchlist.push(...kept);
    rerank(a.watchlist);
    touch(a, at, 'watchlist.updated_at', ...removed.map((it) => `${PLURAL[it.kind]}.watchlisted_at`));
  };

  const addPlays = (n: number, opts: AddPlaysOptions = {}): number[] => {
    const r = rng();
    const t = now();
    const plays = a.plays;
    const oldest = plays.length > 0 ? plays.watched[plays.length - 1]! : t - 365 * 86_400;
    const newest = plays.length > 0 ? plays.watched[0]! : t;
    const at = opts.at === undefined ? undefined : parseIsoSec(opts.at);
    const ids: number[] = [];
    let movies = false;
    let episodes = false;
    for (let k = 0; k < n; k++) {
      const wantMovie = opts.media === 'movie' || (opts.media !== 'episode' && r.chance(0.4));
      let media: number;
      if (opts.traktId !== undefined) {
        if (opts.media !== 'movie' && opts.media !== 'episode')
          throw new Error('traktId needs media movie or episode');
        media = indexOf(opts.media, opts.traktId);
      } else if (wantMovie) {
        const listed = a.watchlist.filter((it) => it.kind === 'movie');
        media = listed.length > 0 && r.chance(0.25) ? r.pick(listed).idx : r.int(universe.movies.length);
      } else {
        const shows = universe.shows.filter((s) => s.regular.length > 0);
        const show = r.pick(shows);
        media = r.pick(show.regular);
      }
      const watched =
        at !== undefined
          ? at
          : opts.backdated
            ? oldest + r.int(Math.max(1, newest - oldest))
            : t - (n - 1 - k) * 60;
      const id = plays.maxId + 1 + r.int(20);
      const action = at !== undefined || opts.backdated ? 2 : 0;
      plays.insert({ id, watched, created: t, kind: wantMovie ? MOVIE : EPISODE, action, media });
      ids.push(id);
      if (wantMovie) movies = true;
      else episodes = true;
      unwatchlist(wantMovie ? MOVIE : EPISODE, media, t);
      if (action === 0) {
        // A finished scrobble clears that item's paused progress.
        const kind = wantMovie ? 'movie' : 'episode';
        const at2 = a.playback.findIndex((p) => p.kind === kind && p.idx === media);
        if (at2 >= 0) {
          a.playback.splice(at2, 1);
          touch(a, t, `${PLURAL[kind]}.paused_at`);
        }
      }
    }
    const fields = [...(movies ? ['movies.watched_at'] : []), ...(episodes ? ['episodes.watched_at'] : [])];
    touch(a, t, ...fields);
    return ids;
  };

  const removePlays = (which: IdsOrCount): number[] => {
    const r = rng();
    const t = now();
    const plays = a.plays;
    const ids = Array.isArray(which)
      ? which
      : r.sample(plays.length, Math.min(which.count, plays.length)).map((p) => plays.id[p]!);
    const removed: number[] = [];
    let movies = false;
    let episodes = false;
    for (const id of ids) {
      const pos = plays.positionOfId(id);
      if (pos < 0) continue;
      const media = plays.media[pos]!;
      if (plays.kind[pos] === MOVIE) {
        movies = true;
        a.touched.set(`m${media}`, t);
      } else {
        episodes = true;
        a.touched.set(`s${universe.episodes[media]!.show}`, t);
      }
      plays.removeAt(pos);
      removed.push(id);
    }
    const fields = [...(movies ? ['movies.watched_at'] : []), ...(episodes ? ['episodes.watched_at'] : [])];
    if (removed.length > 0) touch(a, t, ...fields);
    return removed;
  };

  const nextListItemId = (r: Rng) => nextId(a.next, 'listItem', 1 + r.int(50));

  const addListed = (items: Listed[], kind: MediaKind, idx: number, r: Rng, t: number): number => {
    const existing = items.find((it) => it.kind === kind && it.idx === idx);
    if (existing) return existing.id;
    const id = nextListItemId(r);
    items.push({ id, rank: items.length + 1, listedAt: t, notes: null, kind, idx });
    return id;
  };

  const findOwnList = (listId: number): UserList => {
    const list = a.lists.find((l) => l.trakt === listId);
    if (!list) throw new Error(`no personal list with trakt id ${listId}`);
    return list;
  };

  /**
   * A list whose items the account may change: its own (`lists.updated_at`), or one it
   * collaborates on, which gives "full access to add, remove, and re-order list items"
   * (contract users/subroutes/userLists.ts) and moves `collaborations.updated_at`.
   */
  const findEditableList = (listId: number): [UserList, string] => {
    const own = a.lists.find((l) => l.trakt === listId);
    if (own) return [own, 'lists.updated_at'];
    const shared = a.collaborations.find((l) => l.trakt === listId);
    if (shared) return [shared, 'collaborations.updated_at'];
    throw new Error(`no list with trakt id ${listId} that the account may edit`);
  };

  const hiddenActivity = (section: HiddenSection, kind: string) =>
    section === 'dropped'
      ? 'shows.dropped_at'
      : kind === 'user'
        ? 'comments.blocked_at'
        : `${PLURAL[kind]}.hidden_at`;

  const hiddenIndex = (kind: 'movie' | 'show' | 'season' | 'user', traktId: number) => {
    if (kind !== 'user') return indexOf(kind, traktId);
    const idx = a.others.findIndex((u) => u.trakt === traktId);
    if (idx < 0) throw new Error(`no user with trakt id ${traktId}`);
    return idx;
  };

  const userIndex = (slug: string): number => {
    const idx = a.others.findIndex((u) => u.slug === slug);
    if (idx < 0) throw new Error(`no user with slug ${slug}`);
    return idx;
  };

  /** A known user that fits (never a blocked one), picked by the seeded draw; else a new user (private when asked). */
  const pickUser = (
    r: Rng,
    fits: (u: OtherUser, idx: number) => boolean,
    makePrivate: boolean,
    preferNew = false,
  ): number => {
    const blocked = new Set(a.hidden.filter((h) => h.kind === 'user').map((h) => h.idx));
    const candidates = a.others.map((u, i) => (fits(u, i) && !blocked.has(i) ? i : -1)).filter((i) => i >= 0);
    if (candidates.length > 0 && !(preferNew && r.chance(0.5))) return r.pick(candidates);
    const n = a.others.length + 1;
    const { username, name } = userNames(r, n);
    let slug = slugify(username) || `user-${n}`;
    for (let k = 2; a.others.some((u) => u.slug === slug); k++) slug = `${slugify(username)}-${k}`;
    const user: OtherUser = {
      username,
      slug,
      name,
      private: makePrivate,
      vip: r.chance(0.3),
      vipEp: false,
      trakt: a.others.reduce((m, u) => Math.max(m, u.trakt), 2_000_000) + 1 + r.int(50),
      joinedAt: now() - r.int(2000) * 86_400,
      location: null,
    };
    a.others.push(user);
    return a.others.length - 1;
  };

  const pickFrom = (r: Rng, users: number[], what: string): number => {
    if (users.length === 0) throw new Error(`nobody is ${what}`);
    return r.pick([...users].sort((x, y) => x - y));
  };

  const nextRequestId = (r: Rng) => nextId(a.next, 'request', 1 + r.int(90));

  const findFilter = (r: Rng, filterId: number | undefined) => {
    if (filterId === undefined) {
      if (a.savedFilters.length === 0) throw new Error('the account has no saved filters');
      return r.pick(a.savedFilters);
    }
    const filter = a.savedFilters.find((f) => f.id === filterId);
    if (!filter) throw new Error(`no saved filter ${filterId}`);
    return filter;
  };

  const findCollab = (listId: number | undefined): CollabList => {
    const list =
      listId === undefined ? a.collaborations[0] : a.collaborations.find((l) => l.trakt === listId);
    if (!list)
      throw new Error(
        listId === undefined ? 'the account collaborates on no list' : `no collaboration list ${listId}`,
      );
    return list;
  };

  return {
    addPlays,
    removePlays,
    rate(mediaType, traktId, rating) {
      if (!Number.isInteger(rating) || rating < 1 || rating > 10)
        throw new Error(`rating must be 1-10, not ${rating}`);
      const idx = indexOf(mediaType, traktId);
      const t = now();
      a.ratings.set(ratingKey(mediaType, idx), { kind: mediaType, idx, rating, ratedAt: t });
      touch(a, t, `${PLURAL[mediaType]}.rated_at`);
    },
    unrate(mediaType, traktId) {
      const idx = indexOf(mediaType, traktId);
      const t = now();
      if (a.ratings.delete(ratingKey(mediaType, idx))) touch(a, t, `${PLURAL[mediaType]}.rated_at`);
    },
    watchlistAdd(mediaType, traktId) {
      const idx = indexOf(mediaType, traktId);
      const t = now();
      const id = addListed(a.watchlist, mediaType, idx, rng(), t);
      touch(a, t, `${PLURAL[mediaType]}.watchlisted_at`, 'watchlist.updated_at');
      return id;
    },
    watchlistRemove(which) {
      const t = now();
      const removed = removeListed(a.watchlist, which, rng());
      if (removed.length > 0) {
        touch(a, t, 'watchlist.updated_at', ...removed.map((it) => `${PLURAL[it.kind]}.watchlisted_at`));
      }
      return removed.map((it) => it.id);
    },
    favoritesAdd(mediaType, traktId) {
      const idx = indexOf(mediaType, traktId);
      const t = now();
      const id = addListed(a.favorites, mediaType, idx, rng(), t);
      touch(a, t, `${PLURAL[mediaType]}.favorited_at`, 'favorites.updated_at');
      return id;
    },
    favoritesRemove(which) {
      const t = now();
      const removed = removeListed(a.favorites, which, rng());
      if (removed.length > 0) {
        touch(a, t, 'favorites.updated_at', ...removed.map((it) => `${PLURAL[it.kind]}.favorited_at`));
      }
      return removed.map((it) => it.id);
    },
    listCreate(name) {
      const r = rng();
      const t = now();
      const trakt = nextId(a.next, 'list', 1 + r.int(5000));
      const base = slugify(name) || `list-${trakt}`;
      let slug = base;
      for (let n = 2; a.lists.some((l) => l.slug === slug); n++) slug = `${base}-${n}`;
      a.lists.push({
        trakt,
        slug,
        name,
        description: null,
        privacy: 'private',
        sortBy: 'rank',
        sortHow: 'asc',
        displayNumbers: false,
        allowComments: true,
        createdAt: t,
        updatedAt: t,
        likes: 0,
        commentCount: 0,
        items: [],
      });
      touch(a, t, 'lists.updated_at');
      return trakt;
    },
    listDelete(listId) {
      const list = findOwnList(listId);
      a.lists.splice(a.lists.indexOf(list), 1);
      touch(a, now(), 'lists.updated_at');
    },
    listAddItems(listId, count) {
      const [list, stamp] = findEditableList(listId);
      const r = rng();
      const t = now();
      const taken = new Set(list.items.map((it) => `${it.kind}:${it.idx}`));
      const ids: number[] = [];
      for (let guard = 0; ids.length < count && guard < count * 50; guard++) {
        const kind = r.pick(['movie', 'movie', 'show', 'episode', 'person'] as const);
        const pool =
          kind === 'movie'
            ? universe.movies.length
            : kind === 'show'
              ? universe.shows.length
              : kind === 'episode'
                ? universe.episodes.length
                : universe.listablePeople;
        const idx = r.int(pool);
        if (taken.has(`${kind}:${idx}`)) continue;
        taken.add(`${kind}:${idx}`);
        ids.push(addListed(list.items, kind, idx, r, t));
      }
      list.updatedAt = t;
      touch(a, t, stamp);
      return ids;
    },
    listRemoveItems(listId, count) {
      const [list, stamp] = findEditableList(listId);
      const t = now();
      const removed = removeListed(list.items, { count }, rng());
      list.updatedAt = t;
      touch(a, t, stamp);
      return removed.map((it) => it.id);
    },
    playbackSet(mediaType, traktId, progress) {
      const idx = indexOf(mediaType, traktId);
      const t = now();
      const r = rng();
      let item = a.playback.find((p) => p.kind === mediaType && p.idx === idx);
      if (item) {
        item.progress = progress;
        item.pausedAt = t;
      } else {
        item = {
          id: nextId(a.next, 'playback', 1 + r.int(500)),
          kind: mediaType,
          idx,
          progress,
          pausedAt: t,
        };
        a.playback.push(item);
      }
      touch(a, t, `${PLURAL[mediaType]}.paused_at`);
      return item.id;
    },
    playbackRemove(playbackId) {
      const at = a.playback.findIndex((p) => p.id === playbackId);
      if (at < 0) throw new Error(`no playback item ${playbackId}`);
      const [removed] = a.playback.splice(at, 1);
      touch(a, now(), `${PLURAL[removed!.kind]}.paused_at`);
    },
    collect(mediaType, traktId) {
      const idx = indexOf(mediaType, traktId);
      const t = now();
      const target = mediaType === 'movie' ? a.collectionMovies : a.collectionEpisodes;
      const existing = target.get(idx);
      target.set(idx, {
        collectedAt: existing?.collectedAt ?? t,
        updatedAt: t,
        meta: existing?.meta ?? {
          mediaType: 'digital',
          resolution: 'hd_1080p',
          hdr: null,
          audio: 'aac',
          audioChannels: '2.0',
          is3d: false,
        },
      });
      touch(a, t, `${PLURAL[mediaType]}.collected_at`);
    },
    uncollect(mediaType, traktId) {
      const idx = indexOf(mediaType, traktId);
      const target = mediaType === 'movie' ? a.collectionMovies : a.collectionEpisodes;
      if (target.delete(idx)) touch(a, now(), `${PLURAL[mediaType]}.collected_at`);
    },
    hide(section, mediaType, traktId) {
      const idx = hiddenIndex(mediaType, traktId);
      const t = now();
      const existing = a.hidden.find((h) => h.section === section && h.kind === mediaType && h.idx === idx);
      if (existing) existing.hiddenAt = t;
      else a.hidden.push({ section, kind: mediaType, idx, hiddenAt: t });
      touch(a, t, hiddenActivity(section, mediaType));
    },
    unhide(section, mediaType, traktId) {
      const idx = hiddenIndex(mediaType, traktId);
      const at = a.hidden.findIndex((h) => h.section === section && h.kind === mediaType && h.idx === idx);
      if (at < 0) return;
      a.hidden.splice(at, 1);
      touch(a, now(), hiddenActivity(section, mediaType));
    },
    comment(mediaType, traktId, body, opts = {}) {
      const idx =
        mediaType === 'list'
          ? a.otherLists.findIndex((l) => l.trakt === traktId)
          : indexOf(mediaType, traktId);
      if (idx < 0) throw new Error(`no list with trakt id ${traktId}`);
      const t = now();
      const r = rng();
      const rated = mediaType === 'list' ? undefined : a.ratings.get(ratingKey(mediaType, idx));
      const c: Comment = {
        id: nextId(a.next, 'comment', 1 + r.int(5000)),
        parentId: 0,
        createdAt: t,
        updatedAt: t,
        body,
        spoiler: opts.spoiler ?? false,
        review: opts.review ?? false,
        likes: 0,
        replies: 0,
        userRating: rated ? rated.rating : null,
        target: { kind: mediaType, idx },
        user: -1,
      };
      a.comments.push(c);
      touch(a, t, `${PLURAL[mediaType]}.commented_at`);
      return c.id;
    },
    like(kind, id) {
      const ref =
        kind === 'comment'
          ? a.otherComments.findIndex((c) => c.id === id)
          : a.otherLists.findIndex((l) => l.trakt === id);
      if (ref < 0) throw new Error(`no ${kind} ${id} to like`);
      const t = now();
      if (!a.likes.some((l) => l.kind === kind && l.ref === ref)) a.likes.push({ kind, ref, likedAt: t });
      touch(a, t, kind === 'comment' ? 'comments.liked_at' : 'lists.liked_at');
    },
    unlike(kind, id) {
      const ref =
        kind === 'comment'
          ? a.otherComments.findIndex((c) => c.id === id)
          : a.otherLists.findIndex((l) => l.trakt === id);
      const at = a.likes.findIndex((l) => l.kind === kind && l.ref === ref);
      if (at < 0) return;
      a.likes.splice(at, 1);
      touch(a, now(), kind === 'comment' ? 'comments.liked_at' : 'lists.liked_at');
    },
    note(mediaType, traktId, body, opts = {}) {
      const idx = indexOf(mediaType, traktId);
      const t = now();
      const r = rng();
      const id = nextId(a.next, 'note', 1 + r.int(200));
      a.notes.push({
        id,
        createdAt: t,
        updatedAt: t,
        // docs/trakt-api.md §5: notes are at most 500 characters.
        body: body.slice(0, 500),
        privacy: opts.privacy ?? 'private',
        spoiler: opts.spoiler ?? false,
        kind: mediaType,
        idx,
      });
      touch(a, t, 'notes.updated_at');
      return id;
    },
    changeSettings(settings) {
      const p = a.profile;
      if (settings.timezone !== undefined) p.timezone = settings.timezone;
      if (settings.dateFormat !== undefined) p.dateFormat = settings.dateFormat;
      if (settings.time24hr !== undefined) p.time24hr = settings.time24hr;
      touch(a, now(), 'account.settings_at');
    },
    follow(slug) {
      const r = rng();
      const t = now();
      const social = a.social;
      const pending = new Set(social.requestsOut.map((q) => q.user));
      const user =
        slug === undefined
          ? pickUser(r, (u, i) => !u.private && !social.following.has(i) && !pending.has(i), false)
          : userIndex(slug);
      if (social.following.has(user) || pending.has(user)) return a.others[user]!.slug;
      if (a.others[user]!.private) {
        // A private profile must approve: the follow waits as a request (Apiary POST /users/{id}/follow).
        social.requestsOut.push({ id: nextRequestId(r), user, requestedAt: t });
        touch(a, t, 'account.pending_at');
      } else {
        social.following.set(user, t);
        touch(a, t, 'account.following_at');
      }
      return a.others[user]!.slug;
    },
    unfollow(slug) {
      const r = rng();
      const social = a.social;
      const user =
        slug === undefined ? pickFrom(r, [...social.following.keys()], 'followed') : userIndex(slug);
      if (social.following.delete(user)) touch(a, now(), 'account.following_at');
      return a.others[user]!.slug;
    },
    loseFollower(slug) {
      const r = rng();
      const social = a.social;
      const user =
        slug === undefined
          ? pickFrom(r, [...social.followers.keys()], 'following the account')
          : userIndex(slug);
      if (social.followers.delete(user)) touch(a, now(), 'account.followed_at');
      return a.others[user]!.slug;
    },
    followRequest(slug) {
      const r = rng();
      const t = now();
      const social = a.social;
      const asking = new Set(social.requestsIn.map((q) => q.user));
      const user =
        slug === undefined
          ? pickUser(r, (_, i) => !social.followers.has(i) && !asking.has(i), false, true)
          : userIndex(slug);
      const existing = social.requestsIn.find((q) => q.user === user);
      if (existing) return existing.id;
      const id = nextRequestId(r);
      social.requestsIn.push({ id, user, requestedAt: t });
      touch(a, t, 'account.requested_at');
      return id;
    },
    acceptRequest(requestId) {
      const social = a.social;
      const oldest = [...social.requestsIn].sort((x, y) => x.requestedAt - y.requestedAt || x.id - y.id)[0];
      const request = requestId === undefined ? oldest : social.requestsIn.find((q) => q.id === requestId);
      if (!request)
        throw new Error(
          requestId === undefined ? 'no follow request to accept' : `no follow request ${requestId}`,
        );
      const t = now();
      social.requestsIn.splice(social.requestsIn.indexOf(request), 1);
      social.followers.set(request.user, t);
      touch(a, t, 'account.followed_at', 'account.requested_at');
      return a.others[request.user]!.slug;
    },
    requestToFollow(slug) {
      const r = rng();
      const t = now();
      const social = a.social;
      const pending = new Set(social.requestsOut.map((q) => q.user));
      const user =
        slug === undefined
          ? pickUser(r, (u, i) => u.private && !social.following.has(i) && !pending.has(i), true, true)
          : userIndex(slug);
      if (!a.others[user]!.private) throw new Error(`${a.others[user]!.slug} is public: follow them instead`);
      const existing = social.requestsOut.find((q) => q.user === user);
      if (existing) return existing.id;
      const id = nextRequestId(r);
      social.requestsOut.push({ id, user, requestedAt: t });
      touch(a, t, 'account.pending_at');
      return id;
    },
    savedFilterEdit(filterId, changes) {
      const r = rng();
      const filter = findFilter(r, filterId);
      const t = now();
      filter.name = changes?.name ?? `${filter.name} (edited)`;
      filter.path = changes?.path ?? filter.path;
      filter.query =
        changes?.query ?? (changes?.name === undefined ? `${filter.query}&years=2020-2026` : filter.query);
      filter.updatedAt = t;
      touch(a, t, 'saved_filters.updated_at');
      return filter.id;
    },
    savedFilterAdd(section, name, path, query) {
      const r = rng();
      const t = now();
      const id = nextId(a.next, 'filter', 1 + r.int(40));
      const rank = a.savedFilters.reduce((m, f) => Math.max(m, f.rank), 0) + 1;
      a.savedFilters.push({ id, rank, section, name, path, query, updatedAt: t });
      touch(a, t, 'saved_filters.updated_at');
      return id;
    },
    savedFilterRemove(filterId) {
      const filter = findFilter(rng(), filterId);
      a.savedFilters.splice(a.savedFilters.indexOf(filter), 1);
      touch(a, now(), 'saved_filters.updated_at');
      return filter.id;
    },
    collaborationAddItems(listId, count = 1) {
      const list = findCollab(listId);
      const r = rng();
      const t = now();
      const taken = new Set(list.items.map((it) => `${it.kind}:${it.idx}`));
      const ids: number[] = [];
      for (let guard = 0; ids.length < count && guard < count * 50; guard++) {
        const kind = r.pick(['movie', 'movie', 'show', 'episode'] as const);
        const pool =
          kind === 'movie'
            ? universe.movies.length
            : kind === 'show'
              ? universe.shows.length
              : universe.episodes.length;
        const idx = r.int(pool);
        if (taken.has(`${kind}:${idx}`)) continue;
        taken.add(`${kind}:${idx}`);
        ids.push(addListed(list.items, kind, idx, r, t));
      }
      list.updatedAt = t;
      touch(a, t, 'collaborations.updated_at');
      return ids;
    },
    collaborationRemoveItems(listId, count = 1) {
      const list = findCollab(listId);
      const t = now();
      const removed = removeListed(list.items, { count }, rng());
      list.updatedAt = t;
      touch(a, t, 'collaborations.updated_at');
      return removed.map((it) => it.id);
    },
  };
}
