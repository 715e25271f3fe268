/**
 * How big each generated account is. `heavy` is the 2026 VIP account caps
 * (docs/trakt-api.md §5: 100K history, 20K ratings, 5K watchlist, 100 lists, 5K items per
 * list, 100K list items in total); `stress` multiplies the history by ten.
 */
import type { UniverseSize } from './universe.ts';

export type ProfileName = 'tiny' | 'typical' | 'heavy' | 'stress';

export interface ProfileSize {
  universe: UniverseSize;
  plays: number;
  spanYears: number;
  ratings: { movie: number; show: number; season: number; episode: number };
  watchlist: { movie: number; show: number; season: number; episode: number };
  favorites: { movie: number; show: number };
  collection: { movies: number; episodes: number };
  playback: number;
  /** Item count of each personal list; `bigLists` lists of the maximum size come first. */
  lists: { count: number; total: number; max: number; fixed?: number[] };
  hidden: number;
  comments: number;
  likes: number;
  notes: number;
  /**
   * The social graph (docs/trakt-api.md §9): friends are the mutual follows, so
   * `friends` of the followers are also followed; requests are pending both ways.
   */
  social: { followers: number; following: number; friends: number; requestsIn: number; requestsOut: number };
  /** VIP saved filters across the four sections. */
  savedFilters: number;
  /** Item count of each list the account collaborates on (owned by other users). */
  collaborations: number[];
}

const HEAVY: ProfileSize = {
  universe: { movies: 16_000, shows: 800, people: 2_500, creditPeople: 20_000, maxSeasons: 8 },
  plays: 100_000,
  spanYears: 16,
  ratings: { movie: 7_000, show: 600, season: 1_400, episode: 11_000 },
  watchlist: { movie: 4_000, show: 500, season: 200, episode: 300 },
  // docs/trakt-api.md §5: favorites are capped at 50 per add (UNCERTAIN), so a full account holds 50.
  favorites: { movie: 30, show: 20 },
  collection: { movies: 3_000, episodes: 10_000 },
  playback: 200,
  lists: { count: 100, total: 100_000, max: 5_000 },
  hidden: 600,
  comments: 500,
  likes: 400,
  // AE plans/ list 2K notes for VIP (UNCERTAIN).
  notes: 2_000,
  social: { followers: 400, following: 150, friends: 60, requestsIn: 12, requestsOut: 6 },
  savedFilters: 260,
  // One collaboration list at the 5K VIP cap of its owner (docs/trakt-api.md §5).
  collaborations: [5_000, 1_200, 800, 400, 250, 120, 60, 30, 8, 2],
};

export const PROFILES: Record<ProfileName, ProfileSize> = {
  tiny: {
    universe: { movies: 30, shows: 8, people: 8, creditPeople: 60, maxSeasons: 3 },
    plays: 60,
    spanYears: 2,
    ratings: { movie: 6, show: 2, season: 2, episode: 4 },
    watchlist: { movie: 4, show: 2, season: 1, episode: 1 },
    favorites: { movie: 2, show: 2 },
    collection: { movies: 6, episodes: 10 },
    playback: 4,
    lists: { count: 2, total: 10, max: 6, fixed: [6, 4] },
    hidden: 6,
    comments: 5,
    likes: 4,
    notes: 4,
    social: { followers: 4, following: 3, friends: 2, requestsIn: 1, requestsOut: 1 },
    savedFilters: 5,
    collaborations: [5],
  },
  typical: {
    universe: { movies: 1_200, shows: 120, people: 80, creditPeople: 1_500, maxSeasons: 6 },
    plays: 3_000,
    spanYears: 8,
    ratings: { movie: 160, show: 30, season: 20, episode: 90 },
    watchlist: { movie: 110, show: 25, season: 5, episode: 10 },
    favorites: { movie: 20, show: 10 },
    collection: { movies: 600, episodes: 900 },
    playback: 25,
    lists: { count: 5, total: 890, max: 400, fixed: [20, 60, 150, 260, 400] },
    hidden: 30,
    comments: 40,
    likes: 30,
    notes: 25,
    // The follower and following counts a published exporter met on this profile (issue 22).
    social: { followers: 26, following: 9, friends: 5, requestsIn: 3, requestsOut: 2 },
    savedFilters: 14,
    collaborations: [12, 48, 130],
  },
  heavy: HEAVY,
  stress: { ...HEAVY, plays: 1_000_000, spanYears: 20 },
};
