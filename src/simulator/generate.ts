/**
 * Generates the account: seeded and deterministic (same seed and profile,
 * same account, byte for byte). Realism that exporters and reports trip on is
 * built in on purpose: binges, rewatches with a reset, bulk "mark as watched"
 * entries sharing one second, duplicate scrobbles, specials, backdated history
 * (a larger id with an older watched_at), evenings that cross midnight and DST
 * changes in the account's zone, trips to other zones, and items added in bulk
 * at the same second (ties that make unstable paging visible).
 */
import {
  ACTIVITY_FIELDS,
  type Account,
  type Activities,
  type Collected,
  type CollectionMeta,
  type Comment,
  type Hidden,
  type HiddenSection,
  type Like,
  type Listed,
  type Note,
  nextId,
  type OtherList,
  type OtherUser,
  type Playback,
  type Profile,
  type RatedKind,
  type Rating,
  ratingKey,
  type UserList,
} from './account.ts';
import { generateSocial } from './generate-social.ts';
import { bulkTimes, listedItems, noteText } from './listed-items.ts';
import { EPISODE, MOVIE, PlayStore, RANK_SPACE } from './plays.ts';
import { Rng } from './prng.ts';
import { PROFILES, type ProfileName, type ProfileSize } from './profiles.ts';
import { HOSTILE_TITLES, phrase, SlugRegistry, sentence, slugify } from './text.ts';
import { generateUniverse, type MediaKind, type MediaUniverse } from './universe.ts';
import { civilToSec, localDayStart, localToSec, type Zone } from './zones.ts';

const DAY = 86_400;
const HOUR = 3_600;
const HOME: Zone = 'America/New_York';

export interface GenerateOptions {
  profile: ProfileName;
  seed: number;
  anchorSec: number;
}

export function generateAccount(options: GenerateOptions): Account {
  const size = PROFILES[options.profile];
  const anchor = options.anchorSec;
  const universe = generateUniverse(options.seed, size.universe, anchor);
  const rng = new Rng(options.seed, 202);
  const spanStart = anchor - size.spanYears * 365 * DAY;
  const profile = makeProfile(rng, spanStart);
  const resetAt = new Map<number, number>();
  const plays = generatePlays(rng, universe, size, anchor, spanStart, resetAt);

  const watchedMovies = new Map<number, number>();
  const watchedShows = new Map<number, number>();
  const watchedEpisodes = new Map<number, number>();
  for (let p = plays.length - 1; p >= 0; p--) {
    const media = plays.media[p]!;
    const created = plays.created[p]!;
    if (plays.kind[p] === MOVIE) {
      if (!watchedMovies.has(media)) watchedMovies.set(media, created);
    } else {
      if (!watchedEpisodes.has(media)) watchedEpisodes.set(media, created);
      const show = universe.episodes[media]!.show;
      if (!watchedShows.has(show)) watchedShows.set(show, created);
    }
  }

  const others = makeOthers(rng);
  const otherLists = makeOtherLists(rng, others, anchor, spanStart, Math.max(30, size.likes));
  const otherComments = makeOtherComments(
    rng,
    universe,
    others,
    otherLists,
    anchor,
    spanStart,
    Math.max(60, size.likes),
  );
  const ids = {
    listItem: 600_000_000 + rng.int(1_000_000),
    list: 20_000_000 + rng.int(1_000_000),
    comment: 10_000_000 + rng.int(100_000),
    note: 90_000 + rng.int(10_000),
    playback: 400_000_000 + rng.int(1_000_000),
  };

  const ratings = makeRatings(
    rng,
    universe,
    size,
    anchor,
    spanStart,
    watchedMovies,
    watchedShows,
    watchedEpisodes,
  );
  const unwatched = unwatchedPools(rng, universe, watchedMovies, watchedShows, watchedEpisodes);
  const watchlist = makeWatchlist(rng, size, anchor, ids, unwatched);
  const favorites = makeFavorites(rng, size, anchor, ids, watchedMovies, watchedShows);
  const { movies: collectionMovies, episodes: collectionEpisodes } = makeCollection(
    rng,
    universe,
    size,
    anchor,
    spanStart,
    watchedMovies,
    watchedShows,
  );
  const playback = makePlayback(rng, universe, size, anchor, ids);
  const lists = makeLists(rng, universe, size, anchor, spanStart, ids);
  const hidden = makeHidden(rng, universe, size, anchor, spanStart, others, watchedShows);
  const comments = makeComments(
    rng,
    universe,
    size,
    anchor,
    spanStart,
    ids,
    otherComments,
    otherLists,
    ratings,
  );
  const likes = makeLikes(rng, size, anchor, spanStart, otherComments, otherLists);
  const notes = makeNotes(rng, universe, size, anchor, spanStart, ids);
  // A blocked user (hidden in `comments`) follows nobody here: blocking ends a follow (contract users/index.ts block).
  const blocked = new Set(hidden.filter((h) => h.kind === 'user').map((h) => h.idx));
  const graph = generateSocial(options.seed, size, universe, others, anchor, spanStart, blocked);

  const account: Account = {
    universe,
    anchor,
    plays,
    ratings,
    watchlist,
    favorites,
    collectionMovies,
    collectionEpisodes,
    playback,
    lists,
    hidden,
    comments,
    likes,
    notes,
    profile,
    others,
    otherLists,
    otherComments,
    social: graph.social,
    savedFilters: graph.savedFilters,
    collaborations: graph.collaborations,
    resetAt,
    touched: new Map(),
    activities: {},
    next: { ...ids, request: graph.nextRequest, filter: graph.nextFilter },
    version: 0,
  };
  account.activities = initialActivities(account, anchor);
  return account;
}

function makeProfile(rng: Rng, spanStart: number): Profile {
  return {
    username: 'traktdb_viewer',
    slug: 'traktdb-viewer',
    name: 'Zoë "Sim" Viewer, Jr.',
    private: true,
    vip: true,
    vipEp: false,
    vipOg: false,
    vipYears: 3,
    director: false,
    trakt: 1_234_567 + rng.int(1000),
    uuid: 'b6589fc6ab0dc82cf12099d1c2d40ab994e8410c',
    joinedAt: spanStart - 30 * DAY - rng.int(300) * DAY,
    location: 'Brooklyn, NY',
    about: 'Backs up everything. Watches too much TV.',
    gender: 'non_binary',
    age: 34,
    timezone: HOME,
    dateFormat: 'mdy',
    time24hr: false,
  };
}

// ---------------------------------------------------------------- history

interface PlayColumns {
  id: Float64Array;
  watched: Uint32Array;
  created: Uint32Array;
  kind: Uint8Array;
  action: Uint8Array;
  media: Int32Array;
}

const SCROBBLE = 0;
const CHECKIN = 1;
const WATCH = 2;

function generatePlays(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  resetAt: Map<number, number>,
): PlayStore {
  const n = size.plays;
  const cols: PlayColumns = {
    id: new Float64Array(n),
    watched: new Uint32Array(n),
    created: new Uint32Array(n),
    kind: new Uint8Array(n),
    action: new Uint8Array(n),
    media: new Int32Array(n),
  };
  const moviePool = rng.shuffle(universe.movies.map((_, i) => i));
  const watchableMovies = Math.max(1, Math.floor(moviePool.length * 0.6));
  const showPool = rng.shuffle(
    universe.shows.map((_, i) => i).filter((i) => universe.shows[i]!.regular.length > 0),
  );
  const watchableShows = Math.max(1, Math.floor(showPool.length * 0.7));
  const progress = new Int32Array(universe.shows.length);
  const dst = dstEdges(anchor, spanStart);
  const target = n - dst.length;
  let i = 0;
  const push = (watched: number, kind: number, media: number, action: number, created: number) => {
    cols.watched[i] = watched;
    cols.kind[i] = kind;
    cols.media[i] = media;
    cols.action[i] = action;
    cols.created[i] = Math.min(Math.max(created, watched), anchor);
    i++;
  };
  const createdFor = (watched: number, action: number) => {
    if (action !== WATCH) return watched;
    // Manual entries are recorded later; some much later (backdated: a larger id, an older watched_at).
    return rng.chance(0.3) ? watched + Math.floor(rng.exp(200 * DAY)) : watched + rng.int(6 * HOUR);
  };
  const pickAction = () => {
    const r = rng.next();
    return r < 0.72 ? SCROBBLE : r < 0.82 ? CHECKIN : WATCH;
  };

  let t = spanStart;
  let prevEnd = spanStart;
  while (i < target) {
    const remaining = target - i;
    const meanGap = Math.max(0, (anchor - 2 * DAY - t) / (remaining / 2.4));
    t += Math.floor(rng.exp(meanGap));
    const zone: Zone = rng.chance(0.86) ? HOME : rng.chance(0.7) ? 'Europe/London' : 'Asia/Tokyo';
    if (meanGap > 4 * HOUR) {
      // Most viewing starts in the local evening and runs past midnight.
      const dayStart = localDayStart(zone, t);
      const startLocal = rng.chance(0.8)
        ? dayStart + 18 * HOUR + rng.int(7 * HOUR)
        : dayStart + 9 * HOUR + rng.int(9 * HOUR);
      t = Math.max(t, localToSec(zone, startLocal));
    }
    let cursor = Math.max(t, prevEnd + 300);
    if (cursor > anchor - 12 * HOUR) {
      // Out of time: the rest are old entries imported by hand.
      cursor = spanStart + rng.int(anchor - spanStart - DAY);
    }
    const imported = cursor < t;
    if (rng.chance(0.3)) {
      const movies = rng.chance(0.1) ? 2 : 1;
      for (let k = 0; k < movies && i < target; k++) {
        const movie = moviePool[rng.skewed(watchableMovies)]!;
        const action = imported ? WATCH : pickAction();
        cursor += (universe.movies[movie]!.runtime || 90) * 60;
        push(cursor, MOVIE, movie, action, createdFor(cursor, action));
        if (rng.chance(0.01) && i < target)
          push(cursor + rng.range(60, 480), MOVIE, movie, CHECKIN, cursor + 600);
        cursor += rng.int(1200);
      }
    } else {
      let show = showPool[rng.skewed(watchableShows, 1.6)]!;
      for (let tries = 0; tries < 4 && (universe.shows[show]!.firstAired ?? 0) > cursor; tries++) {
        show = showPool[rng.skewed(watchableShows, 1.6)]!;
      }
      const s = universe.shows[show]!;
      const r = rng.next();
      const count = r < 0.4 ? 1 : r < 0.65 ? 2 : r < 0.85 ? rng.range(3, 4) : rng.range(5, 8);
      if (remaining > 100 && rng.chance(0.03)) {
        // "Mark season as watched": every remaining episode of the season at one second.
        const first = progress[show]!;
        const season = universe.episodes[s.regular[first % s.regular.length]!]!.seasonIdx;
        for (let k = first % s.regular.length; k < s.regular.length && i < target; k++) {
          const ep = s.regular[k]!;
          if (universe.episodes[ep]!.seasonIdx !== season) break;
          push(cursor, EPISODE, ep, WATCH, createdFor(cursor, WATCH));
          progress[show] = k + 1;
        }
        cursor += 60;
      } else {
        for (let k = 0; k < count && i < target; k++) {
          let ep: number;
          if (s.specials.length > 0 && rng.chance(0.05)) {
            ep = rng.pick(s.specials);
          } else {
            if (progress[show]! >= s.regular.length) {
              if (!rng.chance(0.3)) break;
              progress[show] = 0;
              resetAt.set(show, cursor - HOUR);
            }
            ep = s.regular[progress[show]!]!;
            progress[show] = progress[show]! + 1;
          }
          const action = imported ? WATCH : pickAction();
          const minutes = universe.episodes[ep]!.runtime || s.runtime || 42;
          cursor += minutes * 60;
          push(cursor, EPISODE, ep, action, createdFor(cursor, action));
          if (rng.chance(0.01) && i < target)
            push(cursor + rng.range(60, 480), EPISODE, ep, CHECKIN, cursor + 600);
          cursor += rng.int(600);
        }
      }
    }
    if (!imported) prevEnd = cursor;
    t = Math.max(t, prevEnd);
  }
  for (const at of dst) {
    const show = showPool[rng.int(watchableShows)]!;
    push(at, EPISODE, rng.pick(universe.shows[show]!.regular), SCROBBLE, at);
  }

  // History ids increase with the time a play was recorded, with gaps (other users' plays).
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = cols.created[k]! * RANK_SPACE + k;
  keys.sort();
  const byId = new Int32Array(n);
  let id = 5_000_000_000 + rng.int(1_000_000);
  for (let r = 0; r < n; r++) {
    const k = keys[r]! % RANK_SPACE;
    byId[r] = k;
    id += 1 + rng.int(40);
    cols.id[k] = id;
  }
  return PlayStore.build(n, byId, cols);
}

/**
 * Plays at the edges of the home zone's DST changes in the last two years:
 * 01:30 twice on fall-back night, and either side of the skipped hour in spring.
 */
function dstEdges(anchor: number, spanStart: number): number[] {
  const out: number[] = [];
  const year = new Date(anchor * 1000).getUTCFullYear();
  for (const y of [year - 2, year - 1]) {
    const fallBack = civilToSec(y, 11, firstSunday(y, 11));
    const spring = civilToSec(y, 3, firstSunday(y, 3) + 7);
    const local130 = fallBack + HOUR + 30 * 60;
    const earlier = localToSec(HOME, local130);
    for (const at of [
      earlier,
      earlier + HOUR,
      localToSec(HOME, spring + HOUR + 50 * 60),
      localToSec(HOME, spring + 3 * HOUR + 10 * 60),
    ]) {
      if (at > spanStart && at < anchor) out.push(at);
    }
  }
  return out;
}

function firstSunday(year: number, month: number): number {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((7 - first) % 7);
}

// ---------------------------------------------------------------- ratings and listed items

function ratingValue(rng: Rng): number {
  const r = rng.next();
  return r < 0.25 ? 10 : r < 0.45 ? 9 : r < 0.65 ? 8 : r < 0.8 ? 7 : 1 + rng.int(6);
}

/** A time after `from` (or in the span when unknown), never after the anchor. */
function after(
  rng: Rng,
  from: number | undefined,
  anchor: number,
  spanStart: number,
  within = 60 * DAY,
): number {
  const base = from ?? spanStart + rng.int(Math.max(1, anchor - spanStart - DAY));
  return Math.min(anchor - 60, base + rng.int(within));
}

function makeRatings(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  movies: Map<number, number>,
  shows: Map<number, number>,
  episodes: Map<number, number>,
): Map<string, Rating> {
  const out = new Map<string, Rating>();
  const add = (
    kind: RatedKind,
    pool: number[],
    count: number,
    firstSeen: (idx: number) => number | undefined,
  ) => {
    for (const idx of pool.slice(0, count)) {
      const rated = after(rng, firstSeen(idx), anchor, spanStart);
      out.set(ratingKey(kind, idx), { kind, idx, rating: ratingValue(rng), ratedAt: rated });
    }
  };
  const preferred = (seen: Map<number, number>, all: number) => {
    const first = rng.shuffle([...seen.keys()]);
    const rest = rng.shuffle(Array.from({ length: all }, (_, i) => i).filter((i) => !seen.has(i)));
    return first.concat(rest);
  };
  add('movie', preferred(movies, universe.movies.length), size.ratings.movie, (i) => movies.get(i));
  add('show', preferred(shows, universe.shows.length), size.ratings.show, (i) => shows.get(i));
  const seasonPool = rng.shuffle(
    universe.seasons
      .map((_, i) => i)
      .filter((i) => universe.seasons[i]!.number > 0 && shows.has(universe.seasons[i]!.show)),
  );
  add('season', seasonPool, size.ratings.season, (i) => shows.get(universe.seasons[i]!.show));
  add('episode', rng.shuffle([...episodes.keys()]), size.ratings.episode, (i) => episodes.get(i));
  // An import rates many items at one second.
  const bulk = [...out.values()].filter(() => rng.chance(0.05));
  const when = after(rng, undefined, anchor, spanStart);
  for (const r of bulk) r.ratedAt = when;
  return out;
}

interface Pools {
  movies: number[];
  shows: number[];
  seasons: number[];
  episodes: number[];
}

function unwatchedPools(
  rng: Rng,
  universe: MediaUniverse,
  movies: Map<number, number>,
  shows: Map<number, number>,
  episodes: Map<number, number>,
): Pools {
  const unwatchedShows = universe.shows.map((_, i) => i).filter((i) => !shows.has(i));
  return {
    movies: rng.shuffle(universe.movies.map((_, i) => i).filter((i) => !movies.has(i))),
    shows: rng.shuffle(unwatchedShows),
    seasons: rng.shuffle(
      universe.seasons
        .map((_, i) => i)
        .filter((i) => universe.seasons[i]!.number > 0 && !shows.has(universe.seasons[i]!.show)),
    ),
    episodes: rng.shuffle(
      universe.episodes
        .map((_, i) => i)
        .filter(
          (i) =>
            !episodes.has(i) && !shows.has(universe.episodes[i]!.show) && universe.episodes[i]!.season > 0,
        ),
    ),
  };
}

function makeWatchlist(
  rng: Rng,
  size: ProfileSize,
  anchor: number,
  ids: { listItem: number },
  pools: Pools,
): Listed[] {
  // Only never-watched items: Trakt drops an item from the watchlist once it is watched (docs/trakt-api.md §3).
  const w = size.watchlist;
  const shows = pools.shows.slice(0, w.show);
  const seasons = pools.seasons.slice(0, w.season);
  const episodes = pools.episodes.slice(0, w.episode);
  // Small universes run out of unwatched shows; movies make up the count.
  const movieCount =
    w.movie + w.show + w.season + w.episode - shows.length - seasons.length - episodes.length;
  const picks = [
    ...pools.movies.slice(0, movieCount).map((idx) => ({ kind: 'movie' as const, idx })),
    ...shows.map((idx) => ({ kind: 'show' as const, idx })),
    ...seasons.map((idx) => ({ kind: 'season' as const, idx })),
    ...episodes.map((idx) => ({ kind: 'episode' as const, idx })),
  ];
  return listedItems(rng, rng.shuffle(picks), anchor - 3 * 365 * DAY, anchor - DAY, ids, 0.1);
}

function makeFavorites(
  rng: Rng,
  size: ProfileSize,
  anchor: number,
  ids: { listItem: number },
  movies: Map<number, number>,
  shows: Map<number, number>,
): Listed[] {
  const picks = [
    ...rng
      .shuffle([...movies.keys()])
      .slice(0, size.favorites.movie)
      .map((idx) => ({ kind: 'movie' as const, idx })),
    ...rng
      .shuffle([...shows.keys()])
      .slice(0, size.favorites.show)
      .map((idx) => ({ kind: 'show' as const, idx })),
  ];
  return listedItems(rng, rng.shuffle(picks), anchor - 2 * 365 * DAY, anchor - DAY, ids, 0.2);
}

const FORMATS = ['digital', 'bluray', 'uhd_bluray', 'dvd', 'vhs', 'hddvd'];
const RESOLUTIONS = ['uhd_4k', 'hd_1080p', 'hd_1080i', 'hd_720p', 'sd_480p'];
const HDRS = ['dolby_vision', 'hdr10', 'hdr10_plus', 'hlg', null];
const AUDIOS = ['dolby_atmos', 'dolby_truehd', 'dts_x', 'aac', 'dolby_digital_plus', 'flac'];
const CHANNELS = ['7.1', '5.1', '2.0', '1.0', '7.1.4'];

function collectionMeta(rng: Rng): CollectionMeta {
  if (rng.chance(0.3)) {
    return { mediaType: null, resolution: null, hdr: null, audio: null, audioChannels: null, is3d: null };
  }
  return {
    mediaType: rng.pick(FORMATS),
    resolution: rng.pick(RESOLUTIONS),
    hdr: rng.pick(HDRS),
    audio: rng.pick(AUDIOS),
    audioChannels: rng.pick(CHANNELS),
    is3d: rng.chance(0.05),
  };
}

function makeCollection(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  movies: Map<number, number>,
  shows: Map<number, number>,
): { movies: Map<number, Collected>; episodes: Map<number, Collected> } {
  const moviePicks = [
    ...rng.shuffle([...movies.keys()]),
    ...rng.shuffle(universe.movies.map((_, i) => i).filter((i) => !movies.has(i))),
  ].slice(0, size.collection.movies);
  const times = bulkTimes(rng, moviePicks.length, spanStart, anchor - DAY, 0.5);
  const movieOut = new Map<number, Collected>();
  rng.shuffle(moviePicks).forEach((idx, k) => {
    const collectedAt = times[k]!;
    const updatedAt = rng.chance(0.2) ? after(rng, collectedAt, anchor, spanStart, 400 * DAY) : collectedAt;
    movieOut.set(idx, { collectedAt, updatedAt, meta: collectionMeta(rng) });
  });
  const episodeOut = new Map<number, Collected>();
  const showOrder = [
    ...rng.shuffle([...shows.keys()]),
    ...rng.shuffle(universe.shows.map((_, i) => i).filter((i) => !shows.has(i))),
  ];
  for (const show of showOrder) {
    if (episodeOut.size >= size.collection.episodes) break;
    // Whole seasons at once, as a season pack is collected: one second per season.
    for (const seasonIdx of universe.shows[show]!.seasons) {
      const season = universe.seasons[seasonIdx]!;
      const collectedAt = spanStart + rng.int(anchor - spanStart - DAY);
      const meta = collectionMeta(rng);
      for (let e = 0; e < season.episodeCount && episodeOut.size < size.collection.episodes; e++) {
        const ep = season.firstEpisode + e;
        const aired = universe.episodes[ep]!.firstAired;
        if (aired === null || aired > anchor) continue;
        episodeOut.set(ep, { collectedAt, updatedAt: collectedAt, meta });
      }
    }
  }
  return { movies: movieOut, episodes: episodeOut };
}

function makePlayback(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  ids: { playback: number },
): Playback[] {
  // Trakt keeps playback progress for the last 6 months only (docs/trakt-api.md §3).
  const times = Array.from({ length: size.playback }, () => anchor - rng.int(180 * DAY)).sort(
    (a, b) => a - b,
  );
  const seen = new Set<string>();
  const out: Playback[] = [];
  for (const pausedAt of times) {
    const kind = rng.chance(0.4) ? 'movie' : 'episode';
    const idx = kind === 'movie' ? rng.int(universe.movies.length) : rng.int(universe.episodes.length);
    if (seen.has(`${kind}:${idx}`)) continue;
    seen.add(`${kind}:${idx}`);
    out.push({
      id: nextId(ids, 'playback', 1 + rng.int(500)),
      kind,
      idx,
      progress: Math.round((1 + rng.next() * 94) * 100) / 100,
      pausedAt,
    });
  }
  return out;
}

function listSizes(rng: Rng, size: ProfileSize): number[] {
  const spec = size.lists;
  if (spec.fixed) return spec.fixed;
  // A tenth of the lists are full; the rest share what the 100K total leaves.
  const full = Math.floor(spec.count / 10);
  const rest = spec.count - full;
  const left = spec.total - full * spec.max;
  const weights = Array.from({ length: rest }, () => 0.2 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / sum) * left)));
  let deficit = left - sizes.reduce((a, b) => a + b, 0);
  for (let k = 0; deficit > 0; k = (k + 1) % rest, deficit--) sizes[k] = sizes[k]! + 1;
  return [...Array.from({ length: full }, () => spec.max), ...sizes];
}

function makeLists(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  ids: { listItem: number; list: number },
): UserList[] {
  const slugs = new SlugRegistry();
  const pools: [MediaKind, number, number][] = [
    ['movie', universe.movies.length, 0.55],
    ['show', universe.shows.length, 0.15],
    ['season', universe.seasons.length, 0.05],
    ['episode', universe.episodes.length, 0.15],
    ['person', universe.listablePeople, 0.1],
  ];
  return listSizes(rng, size).map((count, n) => {
    const name = n % 4 === 1 ? (HOSTILE_TITLES[n % HOSTILE_TITLES.length] as string) : `${phrase(rng)} Picks`;
    const picks: { kind: MediaKind; idx: number }[] = [];
    let missing = count;
    for (const [kind, poolSize, share] of pools) {
      const want = Math.min(poolSize, Math.round(count * share));
      for (const idx of rng.sample(poolSize, Math.min(want, missing))) picks.push({ kind, idx });
      missing = count - picks.length;
    }
    if (missing > 0) {
      const taken = new Set(picks.filter((p) => p.kind === 'episode').map((p) => p.idx));
      for (let idx = 0; idx < universe.episodes.length && missing > 0; idx++) {
        if (!taken.has(idx)) {
          picks.push({ kind: 'episode', idx });
          missing--;
        }
      }
    }
    const createdAt = spanStart + rng.int(anchor - spanStart - 30 * DAY);
    const items = listedItems(rng, rng.shuffle(picks), createdAt, anchor - DAY, ids, 0.05);
    const sortRoll = rng.next();
    return {
      trakt: nextId(ids, 'list', 1 + rng.int(5000)),
      slug: slugs.take(slugify(name), `list-${n + 1}`),
      name,
      description: rng.chance(0.3) ? null : sentence(rng, rng.range(4, 20)),
      privacy: rng.pick(['private', 'link', 'friends', 'public'] as const),
      sortBy: sortRoll < 0.6 ? 'rank' : sortRoll < 0.8 ? 'added' : 'title',
      sortHow: rng.chance(0.8) ? 'asc' : 'desc',
      displayNumbers: rng.chance(0.5),
      allowComments: rng.chance(0.8),
      createdAt,
      updatedAt: items.reduce((m, it) => Math.max(m, it.listedAt), createdAt),
      likes: rng.skewed(200, 3),
      commentCount: rng.skewed(30, 3),
      items,
    };
  });
}

// ---------------------------------------------------------------- social

function makeOthers(rng: Rng): OtherUser[] {
  const names = [
    'justin',
    'sean',
    'mika_k',
    'ana-lúcia',
    'the.critic',
    'binge_bot',
    'noor',
    'olu',
    'ren',
    'sasha',
  ];
  return names.map((username, k) => ({
    username,
    slug: slugify(username),
    name: `${username.charAt(0).toUpperCase()}${username.slice(1)} ${String.fromCharCode(65 + k)}.`,
    private: rng.chance(0.2),
    vip: rng.chance(0.4),
    vipEp: rng.chance(0.1),
    trakt: 1000 + k * 7919 + rng.int(100),
  }));
}

function makeOtherLists(
  rng: Rng,
  others: OtherUser[],
  anchor: number,
  spanStart: number,
  count: number,
): OtherList[] {
  const slugs = new SlugRegistry();
  return Array.from({ length: count }, (_, k) => {
    const name = `${phrase(rng)} Collection`;
    const createdAt = spanStart + rng.int(anchor - spanStart - DAY);
    return {
      trakt: 5_000_000 + k * 131 + rng.int(100),
      slug: slugs.take(slugify(name), `list-${k}`),
      name,
      description: sentence(rng, 8),
      privacy: 'public' as const,
      itemCount: rng.range(3, 400),
      likes: rng.skewed(5000, 3),
      commentCount: rng.skewed(100, 3),
      createdAt,
      updatedAt: after(rng, createdAt, anchor, spanStart, 300 * DAY),
      user: rng.int(others.length),
    };
  });
}

function randomTarget(
  rng: Rng,
  universe: MediaUniverse,
  lists: number,
): { kind: Comment['target']['kind']; idx: number } {
  const r = rng.next();
  if (r < 0.35) return { kind: 'movie', idx: rng.int(universe.movies.length) };
  if (r < 0.6) return { kind: 'show', idx: rng.int(universe.shows.length) };
  if (r < 0.7) return { kind: 'season', idx: rng.int(universe.seasons.length) };
  if (r < 0.9) return { kind: 'episode', idx: rng.int(universe.episodes.length) };
  return { kind: 'list', idx: rng.int(lists) };
}

function commentBody(rng: Rng, review: boolean): string {
  if (review) return Array.from({ length: 22 }, () => sentence(rng, 10)).join(' ');
  const r = rng.next();
  if (r < 0.15) return `${rng.pick(HOSTILE_TITLES)} :smiley: ${sentence(rng, 6)}`;
  return `${sentence(rng, rng.range(5, 14))} ${rng.chance(0.3) ? ':fire:' : ''}`.trim();
}

function makeOtherComments(
  rng: Rng,
  universe: MediaUniverse,
  others: OtherUser[],
  lists: OtherList[],
  anchor: number,
  spanStart: number,
  count: number,
): Comment[] {
  const ids = { comment: 400_000 + rng.int(10_000) };
  return Array.from({ length: count }, () => {
    const createdAt = spanStart + rng.int(anchor - spanStart - DAY);
    const review = rng.chance(0.1);
    return {
      id: nextId(ids, 'comment', 1 + rng.int(3000)),
      parentId: 0,
      createdAt,
      updatedAt: createdAt,
      body: commentBody(rng, review),
      spoiler: rng.chance(0.1),
      review,
      likes: rng.skewed(500, 3),
      replies: rng.skewed(20, 3),
      userRating: rng.chance(0.5) ? ratingValue(rng) : null,
      target: randomTarget(rng, universe, lists.length),
      user: rng.int(others.length),
    };
  });
}

function makeComments(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  ids: { comment: number },
  otherComments: Comment[],
  otherLists: OtherList[],
  ratings: Map<string, Rating>,
): Comment[] {
  const times = Array.from(
    { length: size.comments },
    () => spanStart + rng.int(anchor - spanStart - DAY),
  ).sort((a, b) => a - b);
  return times.map((createdAt) => {
    const reply = rng.chance(0.15) ? rng.pick(otherComments) : undefined;
    const target = reply ? reply.target : randomTarget(rng, universe, otherLists.length);
    const review = !reply && rng.chance(0.2);
    const rated = target.kind === 'list' ? undefined : ratings.get(ratingKey(target.kind, target.idx));
    return {
      id: nextId(ids, 'comment', 1 + rng.int(5000)),
      parentId: reply ? reply.id : 0,
      createdAt,
      updatedAt: rng.chance(0.2) ? after(rng, createdAt, anchor, spanStart, 30 * DAY) : createdAt,
      body: commentBody(rng, review),
      spoiler: rng.chance(0.1),
      review,
      likes: rng.skewed(60, 3),
      replies: reply ? 0 : rng.skewed(10, 3),
      userRating: rated ? rated.rating : null,
      target,
      user: -1,
    };
  });
}

function makeLikes(
  rng: Rng,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  otherComments: Comment[],
  otherLists: OtherList[],
): Like[] {
  const comments = rng.sample(otherComments.length, Math.ceil(size.likes * 0.6));
  const lists = rng.sample(otherLists.length, size.likes - comments.length);
  const out: Like[] = [
    ...comments.map((ref) => ({
      kind: 'comment' as const,
      ref,
      likedAt: after(rng, otherComments[ref]!.createdAt, anchor, spanStart, 200 * DAY),
    })),
    ...lists.map((ref) => ({
      kind: 'list' as const,
      ref,
      likedAt: after(rng, otherLists[ref]!.createdAt, anchor, spanStart, 200 * DAY),
    })),
  ];
  return out;
}

function makeHidden(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  others: OtherUser[],
  watchedShows: Map<number, number>,
): Hidden[] {
  const plan: [HiddenSection, Hidden['kind'], number][] = [
    ['calendar', 'show', 0.2],
    ['calendar', 'movie', 0.1],
    ['progress_watched', 'show', 0.2],
    ['progress_watched', 'season', 0.05],
    ['progress_collected', 'show', 0.1],
    ['progress_collected', 'season', 0.05],
    ['recommendations', 'movie', 0.12],
    ['recommendations', 'show', 0.08],
    ['comments', 'user', 0.03],
    ['dropped', 'show', 0.07],
  ];
  const out: Hidden[] = [];
  const watched = [...watchedShows.keys()];
  for (const [section, kind, share] of plan) {
    const want = Math.max(1, Math.round(size.hidden * share));
    let picks: number[];
    if (kind === 'show' && (section === 'dropped' || section === 'progress_watched')) {
      picks = rng.shuffle([...watched]).slice(0, want);
    } else {
      const poolSize =
        kind === 'movie'
          ? universe.movies.length
          : kind === 'show'
            ? universe.shows.length
            : kind === 'season'
              ? universe.seasons.length
              : others.length;
      picks = rng.sample(poolSize, want);
    }
    for (const idx of picks) {
      out.push({ section, kind, idx, hiddenAt: spanStart + rng.int(anchor - spanStart - DAY) });
    }
  }
  return out;
}

function makeNotes(
  rng: Rng,
  universe: MediaUniverse,
  size: ProfileSize,
  anchor: number,
  spanStart: number,
  ids: { note: number },
): Note[] {
  const times = Array.from(
    { length: size.notes },
    () => anchor - rng.int(Math.min(anchor - spanStart, 700 * DAY)),
  ).sort((a, b) => a - b);
  const seen = new Set<string>();
  const out: Note[] = [];
  for (const createdAt of times) {
    const r = rng.next();
    const kind: MediaKind =
      r < 0.4 ? 'movie' : r < 0.6 ? 'show' : r < 0.7 ? 'season' : r < 0.9 ? 'episode' : 'person';
    const poolSize =
      kind === 'movie'
        ? universe.movies.length
        : kind === 'show'
          ? universe.shows.length
          : kind === 'season'
            ? universe.seasons.length
            : kind === 'episode'
              ? universe.episodes.length
              : universe.listablePeople;
    const idx = rng.int(poolSize);
    if (seen.has(`${kind}:${idx}`)) continue;
    seen.add(`${kind}:${idx}`);
    out.push({
      id: nextId(ids, 'note', 1 + rng.int(200)),
      createdAt,
      updatedAt: rng.chance(0.3) ? after(rng, createdAt, anchor, spanStart, 20 * DAY) : createdAt,
      // Notes are at most 500 characters (docs/trakt-api.md §5).
      body: noteText(rng).slice(0, 500),
      privacy: rng.pick(['private', 'friends', 'public'] as const),
      spoiler: rng.chance(0.15),
      kind,
      idx,
    });
  }
  return out;
}

// ---------------------------------------------------------------- last activities

function initialActivities(a: Account, anchor: number): Activities {
  const base = a.profile.joinedAt;
  const acts: Activities = { all: { all: base } };
  for (const [group, fields] of Object.entries(ACTIVITY_FIELDS)) {
    acts[group] = Object.fromEntries(fields.map((f) => [f, base]));
  }
  const bump = (group: string, field: string, at: number) => {
    const g = acts[group]!;
    if (at > g[field]!) g[field] = at;
  };
  const plays = a.plays;
  for (let p = 0; p < plays.length; p++) {
    bump(plays.kind[p] === MOVIE ? 'movies' : 'episodes', 'watched_at', plays.created[p]!);
  }
  for (const c of a.collectionMovies.values()) bump('movies', 'collected_at', c.updatedAt);
  for (const c of a.collectionEpisodes.values()) bump('episodes', 'collected_at', c.updatedAt);
  for (const r of a.ratings.values()) bump(`${r.kind}s`, 'rated_at', r.ratedAt);
  for (const w of a.watchlist) {
    bump(`${w.kind}s`, 'watchlisted_at', w.listedAt);
    bump('watchlist', 'updated_at', w.listedAt);
  }
  for (const f of a.favorites) {
    bump(`${f.kind}s`, 'favorited_at', f.listedAt);
    bump('favorites', 'updated_at', f.listedAt);
  }
  for (const c of a.comments) bump(`${c.target.kind}s`, 'commented_at', c.createdAt);
  for (const p of a.playback) bump(`${p.kind}s`, 'paused_at', p.pausedAt);
  for (const h of a.hidden) {
    if (h.section === 'dropped') bump('shows', 'dropped_at', h.hiddenAt);
    else if (h.kind === 'user') bump('comments', 'blocked_at', h.hiddenAt);
    else bump(`${h.kind}s`, 'hidden_at', h.hiddenAt);
  }
  for (const l of a.likes) bump(l.kind === 'comment' ? 'comments' : 'lists', 'liked_at', l.likedAt);
  for (const l of a.lists) bump('lists', 'updated_at', l.updatedAt);
  for (const n of a.notes) bump('notes', 'updated_at', n.updatedAt);
  // docs/trakt-api.md §9 (Apiary /sync/last_activities): followed_at when someone follows the
  // account, following_at when it follows someone, requested_at for requests to it, pending_at
  // for its own requests awaiting approval.
  for (const at of a.social.followers.values()) bump('account', 'followed_at', at);
  for (const at of a.social.following.values()) bump('account', 'following_at', at);
  for (const r of a.social.requestsIn) bump('account', 'requested_at', r.requestedAt);
  for (const r of a.social.requestsOut) bump('account', 'pending_at', r.requestedAt);
  for (const l of a.collaborations) bump('collaborations', 'updated_at', l.updatedAt);
  for (const f of a.savedFilters) bump('saved_filters', 'updated_at', f.updatedAt);
  bump('account', 'settings_at', anchor - 40 * DAY);
  let all = base;
  for (const [group, fields] of Object.entries(acts)) {
    if (group === 'all') continue;
    for (const v of Object.values(fields)) all = Math.max(all, v);
  }
  acts['all']!['all'] = all;
  return acts;
}
