/**
 * Views derived from the history: watched aggregates (/sync/watched) and
 * /users/{id}/stats. They are recomputed from the plays whenever the account
 * changes, so they can never disagree with the history.
 */
import { type Account, friendsOf } from './account.ts';
import { MOVIE } from './plays.ts';
import { episodeMinutes, movieMinutes } from './universe.ts';

export interface WatchedEpisode {
  plays: number;
  last: number;
}

export interface WatchedItem {
  idx: number;
  plays: number;
  lastWatched: number;
  lastUpdated: number;
  /** Shows only: episode index -> plays and last watch. */
  episodes?: Map<number, WatchedEpisode>;
}

export interface WatchedView {
  movies: WatchedItem[];
  shows: WatchedItem[];
}

/** Watched movies and shows, most plays first (AG "sorted by most plays"), then newest, then trakt id. */
export function watchedView(a: Account): WatchedView {
  const movies = new Map<number, WatchedItem>();
  const shows = new Map<number, WatchedItem>();
  const p = a.plays;
  for (let i = 0; i < p.length; i++) {
    const media = p.media[i]!;
    const watched = p.watched[i]!;
    const created = p.created[i]!;
    let item: WatchedItem | undefined;
    if (p.kind[i] === MOVIE) {
      item = movies.get(media);
      if (!item) {
        item = { idx: media, plays: 0, lastWatched: 0, lastUpdated: 0 };
        movies.set(media, item);
      }
    } else {
      const show = a.universe.episodes[media]!.show;
      item = shows.get(show);
      if (!item) {
        item = { idx: show, plays: 0, lastWatched: 0, lastUpdated: 0, episodes: new Map() };
        shows.set(show, item);
      }
      const ep = item.episodes!.get(media);
      if (ep) {
        ep.plays++;
        if (watched > ep.last) ep.last = watched;
      } else item.episodes!.set(media, { plays: 1, last: watched });
    }
    item.plays++;
    if (watched > item.lastWatched) item.lastWatched = watched;
    if (created > item.lastUpdated) item.lastUpdated = created;
  }
  for (const [key, at] of a.touched) {
    const item = key.startsWith('m') ? movies.get(Number(key.slice(1))) : shows.get(Number(key.slice(1)));
    if (item && at > item.lastUpdated) item.lastUpdated = at;
  }
  const order = (trakt: (idx: number) => number) => (x: WatchedItem, y: WatchedItem) =>
    y.plays - x.plays || y.lastWatched - x.lastWatched || trakt(x.idx) - trakt(y.idx);
  return {
    movies: [...movies.values()].sort(order((i) => a.universe.movies[i]!.trakt)),
    shows: [...shows.values()].sort(order((i) => a.universe.shows[i]!.trakt)),
  };
}

export interface Stats {
  movies: {
    plays: number;
    watched: number;
    minutes: number;
    collected: number;
    ratings: number;
    comments: number;
  };
  shows: { watched: number; collected: number; ratings: number; comments: number };
  seasons: { ratings: number; comments: number };
  episodes: {
    plays: number;
    watched: number;
    minutes: number;
    collected: number;
    ratings: number;
    comments: number;
  };
  network: { friends: number; followers: number; following: number };
  ratings: { total: number; distribution: Record<string, number> };
}

/** /users/{id}/stats (docs/trakt-api.md §3), computed from the account; minutes use the runtime fallbacks of docs/reports.md. */
export function computeStats(a: Account): Stats {
  const p = a.plays;
  let moviePlays = 0;
  let movieMinutesTotal = 0;
  let episodePlays = 0;
  let episodeMinutesTotal = 0;
  const movies = new Set<number>();
  const episodes = new Set<number>();
  const shows = new Set<number>();
  for (let i = 0; i < p.length; i++) {
    const media = p.media[i]!;
    if (p.kind[i] === MOVIE) {
      moviePlays++;
      movieMinutesTotal += movieMinutes(a.universe, media);
      movies.add(media);
    } else {
      episodePlays++;
      episodeMinutesTotal += episodeMinutes(a.universe, media);
      episodes.add(media);
      shows.add(a.universe.episodes[media]!.show);
    }
  }
  const ratingsBy = { movie: 0, show: 0, season: 0, episode: 0 };
  const distribution: Record<string, number> = {};
  for (let r = 1; r <= 10; r++) distribution[String(r)] = 0;
  for (const r of a.ratings.values()) {
    ratingsBy[r.kind]++;
    distribution[String(r.rating)] = (distribution[String(r.rating)] ?? 0) + 1;
  }
  const commentsBy = { movie: 0, show: 0, season: 0, episode: 0, list: 0 };
  for (const c of a.comments) commentsBy[c.target.kind]++;
  const collectedShows = new Set<number>();
  for (const ep of a.collectionEpisodes.keys()) collectedShows.add(a.universe.episodes[ep]!.show);
  return {
    movies: {
      plays: moviePlays,
      watched: movies.size,
      minutes: movieMinutesTotal,
      collected: a.collectionMovies.size,
      ratings: ratingsBy.movie,
      comments: commentsBy.movie,
    },
    shows: {
      watched: shows.size,
      collected: collectedShows.size,
      ratings: ratingsBy.show,
      comments: commentsBy.show,
    },
    seasons: { ratings: ratingsBy.season, comments: commentsBy.season },
    episodes: {
      plays: episodePlays,
      watched: episodes.size,
      minutes: episodeMinutesTotal,
      collected: a.collectionEpisodes.size,
      ratings: ratingsBy.episode,
      comments: commentsBy.episode,
    },
    // Friends are exactly the mutual follows (docs/trakt-api.md §9), so the three numbers agree with the lists.
    network: {
      friends: friendsOf(a.social).size,
      followers: a.social.followers.size,
      following: a.social.following.size,
    },
    ratings: { total: a.ratings.size, distribution },
  };
}
