/**
 * Response items transcribed from the Apiary examples in
 * shared/trakt-api/apiary-openapi.yaml (docs/trakt-api.md source AG), plus the
 * `extended=full` fields of its /movies/{id} and /shows/{id} examples.
 */

export const breakingBad = {
  title: 'Breaking Bad',
  year: 2008,
  ids: { trakt: 1, slug: 'breaking-bad', tvdb: 81189, imdb: 'tt0903747', tmdb: 1396 },
};

export const parksAndRec = {
  title: 'Parks and Recreation',
  year: 2009,
  ids: { trakt: 4, slug: 'parks-and-recreation', tvdb: 84912, imdb: 'tt1266020', tmdb: 8592 },
};

export const batmanBegins = {
  title: 'Batman Begins',
  year: 2005,
  ids: { trakt: 1, slug: 'batman-begins-2005', imdb: 'tt0372784', tmdb: 272 },
};

/** GET /sync/history/episodes (AG "Get watched history"). */
export const historyEpisodes = [
  {
    id: 1982346,
    watched_at: '2014-03-31T09:28:53.000Z',
    action: 'scrobble',
    type: 'episode',
    episode: {
      season: 2,
      number: 1,
      title: 'Pawnee Zoo',
      ids: { trakt: 251, tvdb: 797571, imdb: null, tmdb: 397629 },
    },
    show: parksAndRec,
  },
  {
    id: 1982347,
    watched_at: '2014-03-31T09:28:53.000Z',
    action: 'checkin',
    type: 'episode',
    episode: {
      season: 2,
      number: 2,
      title: 'The Stakeout',
      ids: { trakt: 252, tvdb: 1088031, imdb: null, tmdb: 397627 },
    },
    show: parksAndRec,
  },
  {
    id: 1982348,
    watched_at: '2014-03-31T09:28:53.000Z',
    action: 'watch',
    type: 'episode',
    episode: {
      season: 2,
      number: 3,
      title: 'Beauty Pageant',
      ids: { trakt: 253, tvdb: 1088041, imdb: null, tmdb: 397642 },
    },
    show: parksAndRec,
  },
];

/** /movies/tron-legacy-2010?extended=full (AG "Get a movie"), as a history item would carry it. */
export const tronLegacyFull = {
  title: 'TRON: Legacy',
  year: 2010,
  ids: { trakt: 343, slug: 'tron-legacy-2010', imdb: 'tt1104001', tmdb: 20526 },
  tagline: 'The Game Has Changed.',
  overview: 'Sam Flynn, the tech-savvy and daring son of Kevin Flynn, investigates...',
  released: '2010-12-16',
  runtime: 125,
  country: 'us',
  updated_at: '2014-07-23T03:21:46.000Z',
  trailer: null,
  homepage: 'http://disney.go.com/tron/',
  status: 'released',
  rating: 8,
  votes: 111,
  comment_count: 92,
  language: 'en',
  available_translations: ['en'],
  genres: ['action'],
  certification: 'PG-13',
};

/** /shows/game-of-thrones?extended=full (AG "Get a single show"). */
export const gameOfThronesFull = {
  title: 'Game of Thrones',
  year: 2010,
  ids: { trakt: 353, slug: 'game-of-thrones', tvdb: 121361, imdb: 'tt0944947', tmdb: 1399 },
  first_aired: '2011-04-18T01:00:00.000Z',
  airs: { day: 'Sunday', time: '21:00', timezone: 'America/New_York' },
  runtime: 60,
  certification: 'TV-MA',
  network: 'HBO',
  country: 'us',
  status: 'returning series',
  rating: 9,
  votes: 111,
  comment_count: 92,
  language: 'en',
  genres: ['drama', 'fantasy'],
  aired_episodes: 50,
};

/** GET /sync/ratings/episodes (AG "Get ratings"). */
export const ratingEpisode = {
  rated_at: '2014-09-01T09:10:11.000Z',
  rating: 10,
  type: 'episode',
  episode: {
    season: 4,
    number: 1,
    title: 'Box Cutter',
    ids: { trakt: 49, tvdb: 2639411, imdb: 'tt1683084', tmdb: 62118 },
  },
  show: breakingBad,
};

/** GET /sync/watchlist/episodes (AG "Get watchlist"). */
export const watchlistEpisode = {
  rank: 1,
  id: 101,
  listed_at: '2014-09-01T09:10:11.000Z',
  notes: null,
  type: 'episode',
  episode: {
    season: 4,
    number: 1,
    title: 'Box Cutter',
    ids: { trakt: 49, tvdb: 2639411, imdb: 'tt1683084', tmdb: 62118 },
  },
  show: breakingBad,
};

/** GET /users/sean/lists/star-wars-in-machete-order/items (AG "Get items on a personal list"). */
export const listItems = [
  {
    rank: 1,
    id: 101,
    listed_at: '2014-06-16T06:07:12.000Z',
    notes: 'You are part of the rebel alliance and a spy!',
    type: 'movie',
    movie: {
      title: 'Star Wars: Episode IV - A New Hope',
      year: 1977,
      ids: { trakt: 12, slug: 'star-wars-episode-iv-a-new-hope-1977', imdb: 'tt0076759', tmdb: 11 },
    },
  },
  {
    rank: 2,
    id: 102,
    listed_at: '2014-06-16T06:07:12.000Z',
    notes: null,
    type: 'show',
    show: {
      title: 'The Walking Dead',
      year: 2010,
      ids: { trakt: 2, slug: 'the-walking-dead', tvdb: 153021, imdb: 'tt1520211', tmdb: 1402 },
    },
  },
  {
    // The Apiary example's season has no ids.trakt (only tvdb and tmdb).
    rank: 3,
    id: 103,
    listed_at: '2014-06-16T06:07:12.000Z',
    notes: null,
    type: 'season',
    season: { number: 1, ids: { tvdb: 30272, tmdb: 3572 } },
    show: breakingBad,
  },
  {
    rank: 4,
    id: 104,
    listed_at: '2014-06-17T06:52:03.000Z',
    notes: null,
    type: 'episode',
    episode: {
      season: 0,
      number: 2,
      title: 'Wedding Day',
      ids: { trakt: 2, tvdb: 3859791, imdb: null, tmdb: 62133 },
    },
    show: breakingBad,
  },
  {
    rank: 5,
    id: 105,
    listed_at: '2014-06-17T06:52:03.000Z',
    notes: null,
    type: 'person',
    person: {
      name: 'Garrett Hedlund',
      ids: { trakt: 1, slug: 'garrett-hedlund', imdb: 'nm1330560', tmdb: 9828 },
    },
  },
];

const metadata = (hdr: string) => ({
  media_type: 'digital',
  resolution: 'hd_720p',
  audio: 'aac',
  audio_channels: '5.1',
  '3d': false,
  hdr,
});

/** GET /sync/collection/shows?extended=metadata (AG "Get collection"), first show. */
export const collectionShow = {
  last_collected_at: '2014-09-01T09:10:11.000Z',
  last_updated_at: '2014-09-01T09:10:11.000Z',
  show: breakingBad,
  seasons: [
    {
      number: 1,
      episodes: [
        { number: 1, collected_at: '2014-09-01T09:10:11.000Z', metadata: metadata('hdr10') },
        { number: 2, collected_at: '2014-09-01T09:10:11.000Z', metadata: metadata('hdr10') },
      ],
    },
    {
      number: 2,
      episodes: [
        { number: 1, collected_at: '2014-09-01T09:10:11.000Z', metadata: metadata('hdr10_plus') },
        { number: 2, collected_at: '2014-09-01T09:10:11.000Z', metadata: metadata('hdr10_plus') },
      ],
    },
  ],
};

/** GET /sync/watched/shows?extended=noseasons (AG "Get watched"). */
export const watchedShows = [
  {
    plays: 56,
    last_watched_at: '2014-10-11T17:00:54.000Z',
    last_updated_at: '2014-10-11T17:00:54.000Z',
    reset_at: null,
    show: breakingBad,
  },
  {
    plays: 23,
    last_watched_at: '2014-10-12T17:00:54.000Z',
    last_updated_at: '2014-10-12T17:00:54.000Z',
    reset_at: '2019-08-12T17:00:54.000Z',
    show: parksAndRec,
  },
];

/** GET /sync/playback (AG "Get playback progress"). */
export const playback = [
  { progress: 10, paused_at: '2015-01-25T22:01:32.000Z', id: 13, type: 'movie', movie: batmanBegins },
  {
    progress: 65.5,
    paused_at: '2015-01-25T22:01:32.000Z',
    id: 37,
    type: 'episode',
    episode: {
      season: 0,
      number: 1,
      title: 'Good Cop Bad Cop',
      ids: { trakt: 1, tvdb: 3859781, imdb: '', tmdb: 62131 },
    },
    show: breakingBad,
  },
];

/** GET /users/sean/lists (AG "Get a user's personal lists"), first list. */
export const personalList = {
  name: 'Star Wars in machete order',
  description:
    'Next time you want to introduce someone to Star Wars for the first time, watch the films with them in this order: IV, V, II, III, VI.',
  privacy: 'public',
  type: 'personal',
  display_numbers: true,
  allow_comments: true,
  sort_by: 'rank',
  sort_how: 'asc',
  created_at: '2014-10-11T17:00:54.000Z',
  updated_at: '2014-10-11T17:00:54.000Z',
  item_count: 5,
  comment_count: 0,
  likes: 0,
  ids: { trakt: 55, slug: 'star-wars-in-machete-order' },
};

/** GET /users/hidden/progress_watched (AG "Get hidden items"), first item. */
export const hiddenShow = {
  hidden_at: '2015-03-30T23:18:42.000Z',
  type: 'show',
  show: {
    title: 'Gossip Girl',
    year: 2007,
    ids: { trakt: 48, slug: 'gossip-girl', tvdb: 80547, imdb: 'tt0397442', tmdb: 1395 },
  },
};

const justin = {
  username: 'justin',
  private: false,
  name: 'Justin N.',
  vip: true,
  vip_ep: false,
  ids: { slug: 'justin' },
};

/** GET /users/sean/comments (AG "Get comments"): a movie, a season and a list comment. */
export const comments = {
  movie: {
    type: 'movie',
    movie: batmanBegins,
    comment: {
      id: 267,
      comment: 'Great kickoff to a new Batman trilogy!',
      spoiler: false,
      review: false,
      parent_id: 0,
      created_at: '2015-04-25T00:14:57.000Z',
      updated_at: '2015-04-25T00:14:57.000Z',
      replies: 0,
      likes: 0,
      user_stats: { rating: 10, play_count: 1, completed_count: 1 },
      user: justin,
    },
  },
  season: {
    type: 'season',
    season: { number: 1, ids: { trakt: 3958, tvdb: 274431, tmdb: 60394 } },
    show: {
      title: 'Gotham',
      year: 2014,
      ids: { trakt: 869, slug: 'gotham', tvdb: 274431, imdb: 'tt3749900', tmdb: 60708 },
    },
    comment: {
      id: 220,
      comment: 'Kicking off season 1 for a new Batman show.',
      spoiler: false,
      review: false,
      parent_id: 0,
      created_at: '2015-04-21T06:53:25.000Z',
      updated_at: '2015-04-21T06:53:25.000Z',
      replies: 0,
      likes: 0,
      user_stats: { rating: 8, play_count: 1, completed_count: 1 },
      user: justin,
    },
  },
  list: {
    type: 'list',
    list: {
      name: 'Star Wars',
      description: 'The complete Star Wars saga!',
      privacy: 'public',
      display_numbers: false,
      allow_comments: true,
      updated_at: '2015-04-22T22:01:39.000Z',
      item_count: 8,
      comment_count: 0,
      likes: 0,
      ids: { trakt: 51, slug: 'star-wars' },
    },
    comment: {
      id: 268,
      comment: 'May the 4th be with you!',
      spoiler: false,
      review: false,
      parent_id: 0,
      created_at: '2014-12-08T17:34:51.000Z',
      updated_at: '2014-12-08T17:34:51.000Z',
      replies: 0,
      likes: 0,
      user_stats: { rating: null, play_count: 1, completed_count: 1 },
      user: justin,
    },
  },
};

/** GET /users/sean/likes/lists (AG "Get likes"). */
export const likedList = {
  liked_at: '2015-03-31T23:18:42.000Z',
  type: 'list',
  list: {
    name: 'Star Wars in NEW machete order',
    description: 'Next time you want to introduce someone to Star Wars...',
    privacy: 'private',
    display_numbers: true,
    allow_comments: false,
    updated_at: '2014-10-11T17:00:54.000Z',
    item_count: 5,
    comment_count: 0,
    likes: 0,
    ids: { trakt: 55, slug: 'star-wars-in-machete-order' },
    user: {
      username: 'sean',
      private: false,
      name: 'Sean Rudford',
      vip: true,
      vip_ep: false,
      ids: { slug: 'sean' },
    },
  },
};

/** GET /users/settings (AG "Retrieve settings"). */
export const settings = {
  user: {
    username: 'justin',
    private: false,
    name: 'Justin Nemeth',
    vip: true,
    vip_ep: false,
    ids: { slug: 'justin', uuid: 'b6589fc6ab0dc82cf12099d1c2d40ab994e8410c' },
    joined_at: '2010-09-25T17:49:25.000Z',
    location: 'San Diego, CA',
    about: 'Co-founder of trakt.',
    gender: 'male',
    age: 32,
    images: {
      avatar: { full: 'https://secure.gravatar.com/avatar/30c2f0dfbc39e48656f40498aa871e33?r=pg&s=256' },
    },
    vip_og: true,
    vip_years: 5,
  },
  account: {
    timezone: 'America/Los_Angeles',
    date_format: 'mdy',
    time_24hr: false,
    cover_image: 'https://walter.trakt.tv/images/movies/000/001/545/fanarts/original/0abb604492.jpg',
  },
  connections: { facebook: false, twitter: true, google: true },
  sharing_text: {
    watching: "I'm watching [item]",
    watched: 'I just watched [item]',
    rated: '[item] [stars]',
  },
  limits: { list: { count: 5, item_count: 250 }, watchlist: { item_count: 250 } },
};

/** GET /users/sean/stats (AG "Get stats"). */
export const stats = {
  movies: { plays: 155, watched: 114, minutes: 15650, collected: 933, ratings: 256, comments: 28 },
  shows: { watched: 16, collected: 7, ratings: 63, comments: 20 },
  seasons: { ratings: 6, comments: 1 },
  episodes: { plays: 552, watched: 534, minutes: 17330, collected: 117, ratings: 64, comments: 14 },
  network: { friends: 1, followers: 4, following: 11 },
  ratings: {
    total: 389,
    distribution: { '1': 18, '2': 1, '3': 4, '4': 1, '5': 10, '6': 9, '7': 37, '8': 37, '9': 57, '10': 215 },
  },
};

/** The user object of the Apiary network examples (docs/trakt-api.md §9, §10): ids with only a slug. */
export const apiaryUser = {
  username: 'sean',
  private: false,
  name: 'Sean Rudford',
  vip: true,
  vip_ep: false,
  ids: { slug: 'sean' },
};

/** GET /users/{id}/followers (AG "Get followers"), first item; /following has the same shape. */
export const follower = { followed_at: '2014-09-01T09:10:11.000Z', user: apiaryUser };

/** GET /users/{id}/friends (AG "Get friends"), first item. */
export const friend = { friends_at: '2014-09-01T09:10:11.000Z', user: apiaryUser };

/** GET /users/requests (AG "Get follow requests"), the item. */
export const followRequest = { id: 3, requested_at: '2014-09-22T04:23:48.000Z', user: apiaryUser };

/** GET /users/saved_filters/shows: the contract's filterResponseSchema fields (users/subroutes/filters.ts). */
export const savedFilter = {
  rank: 1,
  id: 101,
  section: 'shows',
  name: 'Popular shows',
  path: '/shows/popular',
  query: 'genres=drama&years=2020-2024',
  updated_at: '2022-06-15T11:15:06.000Z',
};

/** GET /users/{id}/lists/collaborations: a list in the lists' shape, owned by another user. */
export const collaborationList = { ...personalList, user: apiaryUser };
