/**
 * A second, empty account on the same media universe, signed in with a token of
 * its own: the target of migration tests (a backup of one account restored
 * into another). A new free account, as one made for a move would be, so the
 * free limits of docs/trakt-api.md §5 apply to it.
 */
import { ACTIVITY_FIELDS, type Account, type Activities } from './account.ts';
import { PlayStore } from './plays.ts';

const DAY = 86_400;

export function emptyAccount(main: Account): Account {
  const joinedAt = main.anchor - 10 * DAY;
  const activities: Activities = { all: { all: joinedAt } };
  for (const [group, fields] of Object.entries(ACTIVITY_FIELDS)) {
    activities[group] = Object.fromEntries(fields.map((f) => [f, joinedAt]));
  }
  const plays = new PlayStore(64);
  // History ids are Trakt-wide: the newcomer's start above every id the main account holds.
  plays.maxId = main.plays.maxId + 1_000_000;
  return {
    universe: main.universe,
    anchor: main.anchor,
    plays,
    ratings: new Map(),
    watchlist: [],
    favorites: [],
    collectionMovies: new Map(),
    collectionEpisodes: new Map(),
    playback: [],
    lists: [],
    hidden: [],
    comments: [],
    likes: [],
    notes: [],
    profile: {
      username: 'traktdb_newcomer',
      slug: 'traktdb-newcomer',
      name: 'New Account',
      private: true,
      vip: false,
      vipEp: false,
      vipOg: false,
      vipYears: 0,
      director: false,
      trakt: main.profile.trakt + 7_777,
      uuid: '7b52009b64fd0a2a49e6d8a939753077792b0554',
      joinedAt,
      location: '',
      about: '',
      gender: '',
      age: 0,
      timezone: main.profile.timezone,
      dateFormat: 'dmy',
      time24hr: true,
    },
    others: [],
    otherLists: [],
    otherComments: [],
    social: { followers: new Map(), following: new Map(), requestsIn: [], requestsOut: [] },
    savedFilters: [],
    collaborations: [],
    resetAt: new Map(),
    touched: new Map(),
    activities,
    next: {
      listItem: main.next.listItem + 50_000_000,
      list: main.next.list + 5_000_000,
      comment: main.next.comment + 1_000_000,
      note: main.next.note + 100_000,
      playback: main.next.playback + 50_000_000,
      request: main.next.request + 1_000_000,
      filter: main.next.filter + 1_000_000,
    },
    version: 0,
  };
}
