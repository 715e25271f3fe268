/**
 * The rest of the account (docs/trakt-api.md §9): the social graph (followers,
 * following, friends as the mutual follows, follow requests both ways), VIP
 * saved filters, and the lists of other users the account collaborates on.
 * Drawn from a stream of its own, after everything else, so it changes
 * nothing the rest of the generator made; the users it needs are appended to
 * `others` (a few of the existing commenters and list owners take part too).
 */
import type { CollabList, FilterSection, FollowRequest, OtherUser, SavedFilter, Social } from './account.ts';
import { listedItems } from './listed-items.ts';
import { Rng } from './prng.ts';
import type { ProfileSize } from './profiles.ts';
import { HOSTILE_TITLES, phrase, SlugRegistry, sentence, slugify, userNames } from './text.ts';
import type { MediaKind, MediaUniverse } from './universe.ts';

const DAY = 86_400;

export interface SocialParts {
  social: Social;
  savedFilters: SavedFilter[];
  collaborations: CollabList[];
  nextRequest: number;
  nextFilter: number;
}

export function generateSocial(
  seed: number,
  size: ProfileSize,
  universe: MediaUniverse,
  others: OtherUser[],
  anchor: number,
  spanStart: number,
  blocked: ReadonlySet<number>,
): SocialParts {
  const rng = new Rng(seed, 303);
  const { followers, following, friends, requestsIn, requestsOut } = size.social;
  const mutual = Math.min(friends, followers, following);
  const total = followers + following - mutual + requestsIn + requestsOut;

  // A few users the account already meets elsewhere (commenters, list owners) are in its graph.
  const known = rng
    .shuffle(others.map((_, i) => i).filter((i) => !blocked.has(i)))
    .slice(0, Math.min(6, mutual + 1));
  const slugs = new SlugRegistry();
  for (const o of others) slugs.take(o.slug, o.slug);
  const fresh: number[] = [];
  for (let n = 0; n < total - known.length; n++) {
    const { username, name } = userNames(rng, n + 1);
    const user: OtherUser = {
      username,
      slug: slugs.take(slugify(username), `user-${n + 1}`),
      // Every profile has someone who never set a display name (the contract's name is nullish).
      name: n === 1 ? null : name,
      private: rng.chance(0.15),
      vip: rng.chance(0.3),
      vipEp: rng.chance(0.05),
      trakt: 2_000_000 + n * 37 + rng.int(30),
      joinedAt: spanStart - rng.int(3000) * DAY,
      location: rng.chance(0.6) ? null : rng.pick(['Berlin', 'Lagos', 'São Paulo', '東京', 'Montréal']),
    };
    fresh.push(others.length);
    others.push(user);
  }
  const people = [...known, ...fresh];
  const when = () => spanStart + rng.int(anchor - spanStart - DAY);
  const recent = () => anchor - DAY - rng.int(60 * DAY);

  const social: Social = { followers: new Map(), following: new Map(), requestsIn: [], requestsOut: [] };
  let k = 0;
  for (let n = 0; n < mutual; n++, k++) {
    social.followers.set(people[k]!, when());
    social.following.set(people[k]!, when());
  }
  for (let n = mutual; n < followers; n++, k++) social.followers.set(people[k]!, when());
  // A private follower the account does not follow back: following them needs their approval.
  const shy = Math.max(mutual, known.length);
  if (shy < followers) others[people[shy]!]!.private = true;
  for (let n = mutual; n < following; n++, k++) social.following.set(people[k]!, when());
  const ids = { request: 3_000 + rng.int(5_000) };
  const request = (user: number): FollowRequest => {
    ids.request += 1 + rng.int(90);
    return { id: ids.request, user, requestedAt: recent() };
  };
  for (let n = 0; n < requestsIn; n++, k++) social.requestsIn.push(request(people[k]!));
  for (let n = 0; n < requestsOut; n++, k++) {
    // Only a private profile makes a follow wait for approval (Apiary POST /users/{id}/follow).
    others[people[k]!]!.private = true;
    social.requestsOut.push(request(people[k]!));
  }

  const savedFilters = makeSavedFilters(rng, size.savedFilters, anchor);
  const owners = [...social.following.keys()];
  const collaborations = makeCollaborations(rng, universe, size.collaborations, owners, anchor, spanStart);
  return {
    social,
    savedFilters,
    collaborations,
    nextRequest: ids.request,
    nextFilter: savedFilters.reduce((m, f) => Math.max(m, f.id), 100),
  };
}

/** Saved-filter templates per section, shaped like Apiary's `/users/saved_filters/{section}` example. */
const FILTERS: Record<FilterSection, { paths: string[]; queries: string[]; names: string[] }> = {
  movies: {
    paths: ['/movies/recommended/weekly', '/movies/popular', '/movies/trending', '/movies/anticipated'],
    queries: [
      'imdb_ratings=6.9-10.0&tmdb_ratings=4.2-10.0',
      'genres=+action,+adventure',
      'years=1990-1999',
      'languages=ja&genres=anime',
      '',
    ],
    names: [
      'Movies: IMDB + TMDB ratings',
      '90s gems',
      'Ação & Aventura 🎬',
      'アニメ映画',
      'Short, "quick" ones',
    ],
  },
  shows: {
    paths: ['/shows/popular', '/shows/trending', '/shows/watched/weekly'],
    queries: ['watchnow=disney_plus&countries=us', 'networks=HBO,Netflix', 'status=ended', 'countries=kr'],
    names: ['Shows: US + Disney+', 'Finished series', '한국 드라마', 'Prestige; HBO'],
  },
  calendars: {
    paths: ['/calendars/my/shows', '/calendars/all/movies', '/calendars/my/dvd'],
    queries: ['networks=Netflix', 'genres=+documentary', ''],
    names: ['On Netflix', 'Docs this week', 'Premières'],
  },
  search: {
    paths: ['/search/movie,show', '/search/person', '/search/show'],
    queries: ['genres=+action,+adventure', 'query=star&years=1977', 'ratings=80-100'],
    names: ['Action & Adventure', 'Star search ⭐', '=Top rated'],
  },
};
const SECTIONS: FilterSection[] = ['movies', 'movies', 'movies', 'shows', 'shows', 'calendars', 'search'];

function makeSavedFilters(rng: Rng, count: number, anchor: number): SavedFilter[] {
  const out: SavedFilter[] = [];
  let id = 100 + rng.int(2_000);
  // Every section has at least one filter, then they fall where users put them.
  const sections = (['movies', 'shows', 'calendars', 'search'] as const).slice(0, count);
  while (sections.length < count) sections.push(rng.pick(SECTIONS));
  const ranks = rng.shuffle(Array.from({ length: count }, (_, i) => i + 1));
  sections.forEach((section, n) => {
    const t = FILTERS[section];
    id += 1 + rng.int(40);
    const name = rng.pick(t.names);
    out.push({
      id,
      rank: ranks[n]!,
      section,
      name: n < 4 ? name : `${name} ${n}`,
      path: rng.pick(t.paths),
      query: rng.pick(t.queries),
      updatedAt: anchor - DAY - rng.int(3 * 365 * DAY),
    });
  });
  return out;
}

function makeCollaborations(
  rng: Rng,
  universe: MediaUniverse,
  sizes: number[],
  owners: number[],
  anchor: number,
  spanStart: number,
): CollabList[] {
  if (owners.length === 0) return [];
  // Ids above the account's own lists (20M+), so its own lists sort first by trakt id.
  const ids = { listItem: 300_000_000 + rng.int(1_000_000), list: 40_000_000 + rng.int(1_000_000) };
  const slugs = new SlugRegistry();
  const pools: [MediaKind, number, number][] = [
    ['movie', universe.movies.length, 0.6],
    ['show', universe.shows.length, 0.15],
    ['season', universe.seasons.length, 0.05],
    ['episode', universe.episodes.length, 0.15],
    ['person', universe.listablePeople, 0.05],
  ];
  return sizes.map((count, n) => {
    const name =
      n === 0 ? 'Our Favorite Movies' : n % 3 === 2 ? rng.pick(HOSTILE_TITLES) : `${phrase(rng)} (shared)`;
    const picks: { kind: MediaKind; idx: number }[] = [];
    for (const [kind, poolSize, share] of pools) {
      const want = Math.min(poolSize, Math.round(count * share), count - picks.length);
      for (const idx of rng.sample(poolSize, want)) picks.push({ kind, idx });
    }
    // Small catalogues run short of some kinds: movies make up the count.
    const taken = new Set(picks.filter((p) => p.kind === 'movie').map((p) => p.idx));
    for (let idx = 0; picks.length < count && idx < universe.movies.length; idx++) {
      if (!taken.has(idx)) picks.push({ kind: 'movie', idx });
    }
    const createdAt = spanStart + rng.int(Math.max(DAY, anchor - spanStart - 60 * DAY));
    const items = listedItems(rng, rng.shuffle(picks), createdAt, anchor - DAY, ids, 0.08);
    ids.list += 1 + rng.int(50_000);
    const sortRoll = rng.next();
    return {
      trakt: ids.list,
      slug: slugs.take(slugify(name), `shared-list-${n + 1}`),
      name,
      description: rng.chance(0.2) ? null : sentence(rng, rng.range(4, 14)),
      privacy: rng.pick(['private', 'friends', 'public', 'link'] as const),
      sortBy: sortRoll < 0.7 ? 'rank' : 'added',
      sortHow: rng.chance(0.85) ? 'asc' : 'desc',
      displayNumbers: rng.chance(0.5),
      allowComments: rng.chance(0.8),
      createdAt,
      updatedAt: items.reduce((m, it) => Math.max(m, it.listedAt), createdAt),
      likes: rng.skewed(40, 3),
      commentCount: rng.skewed(10, 3),
      items,
      owner: owners[n % owners.length]!,
    };
  });
}
