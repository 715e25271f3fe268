/**
 * The media universe the generated account draws from. Records are compact
 * and hold only what the API shows; JSON objects are built per response
 * (media-json.ts), so nothing is held twice.
 */
import { Rng } from './prng.ts';
import {
  BIRTHPLACES,
  COUNTRIES,
  creditDepartment,
  creditName,
  GENRES,
  HOSTILE_TITLES,
  LANGUAGES,
  NETWORKS,
  personName,
  phrase,
  SlugRegistry,
  sentence,
  slugify,
} from './text.ts';
import { isoDate } from './time.ts';

export type MediaKind = 'movie' | 'show' | 'season' | 'episode' | 'person';

export interface Movie {
  trakt: number;
  slug: string;
  title: string;
  year: number | null;
  imdb: string | null;
  tmdb: number | null;
  runtime: number | null;
  released: string | null;
  genres: string[];
  certification: string | null;
  country: string | null;
  language: string | null;
  status: string;
  rating: number;
  votes: number;
  commentCount: number;
  updatedAt: number;
  tagline: string;
  overview: string;
}

export interface Show {
  trakt: number;
  slug: string;
  title: string;
  year: number | null;
  imdb: string | null;
  tmdb: number | null;
  tvdb: number | null;
  runtime: number | null;
  network: string | null;
  country: string | null;
  language: string | null;
  status: string;
  certification: string | null;
  genres: string[];
  firstAired: number | null;
  airedEpisodes: number;
  rating: number;
  votes: number;
  commentCount: number;
  updatedAt: number;
  overview: string;
  airsDay: string;
  airsTime: string;
  /** Season indices, specials (season 0) first as Trakt lists them. */
  seasons: number[];
  /** Aired episodes of seasons >= 1 in watching order (episode indices). */
  regular: number[];
  /** Aired specials (episode indices). */
  specials: number[];
}

export interface Season {
  trakt: number;
  show: number;
  number: number;
  tvdb: number | null;
  tmdb: number | null;
  firstEpisode: number;
  episodeCount: number;
  airedEpisodes: number;
  firstAired: number | null;
  rating: number;
  votes: number;
  updatedAt: number;
}

export interface Episode {
  trakt: number;
  show: number;
  seasonIdx: number;
  season: number;
  number: number;
  numberAbs: number | null;
  title: string | null;
  runtime: number | null;
  firstAired: number | null;
  imdb: string | null;
  tmdb: number | null;
  tvdb: number | null;
  rating: number;
  votes: number;
  commentCount: number;
  updatedAt: number;
}

export interface Person {
  trakt: number;
  slug: string;
  name: string;
  imdb: string | null;
  tmdb: number | null;
  birthday: string | null;
  birthplace: string | null;
  gender: string | null;
  department: string;
  updatedAt: number;
}

export interface UniverseSize {
  movies: number;
  shows: number;
  /** People that lists and notes draw from. */
  people: number;
  /** More people, who appear only in credits (credits.ts): casts and crews share them. */
  creditPeople: number;
  maxSeasons: number;
}

export interface MediaUniverse {
  movies: Movie[];
  shows: Show[];
  seasons: Season[];
  episodes: Episode[];
  /** The first `listablePeople` are the ones lists and notes pick from; the rest appear only in credits. */
  people: Person[];
  listablePeople: number;
  /** The seed the catalog came from: credits are drawn from it per title, when asked. */
  seed: number;
  /** trakt id -> index, one map per kind. */
  index: Record<MediaKind, Map<number, number>>;
}

const DAY = 86_400;
const MOVIE_CERTS = ['G', 'PG', 'PG-13', 'R', 'NR', null];
const SHOW_CERTS = ['TV-MA', 'TV-14', 'TV-PG', 'TV-Y7', null];
const MOVIE_STATUS = [
  'released',
  'released',
  'released',
  'released',
  'in production',
  'post production',
  'planned',
];
const SHOW_STATUS = ['ended', 'returning series', 'ended', 'canceled', 'returning series'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function imdbId(rng: Rng, prefix: string): string {
  return `${prefix}${String(rng.range(100_000, 39_999_999)).padStart(7, '0')}`;
}

function maybe<T>(rng: Rng, p: number, value: T): T | null {
  return rng.chance(p) ? null : value;
}

function genresFor(rng: Rng): string[] {
  if (rng.chance(0.02)) return [];
  const count = rng.range(1, 3);
  const out = new Set<string>();
  while (out.size < count) out.add(rng.pick(GENRES));
  return [...out];
}

function communityRating(rng: Rng): number {
  return Math.round((4 + rng.next() * 5.5) * 100_000) / 100_000;
}

export function generateUniverse(seed: number, size: UniverseSize, anchorSec: number): MediaUniverse {
  const rng = new Rng(seed, 101);
  const anchorYear = new Date(anchorSec * 1000).getUTCFullYear();
  const movies: Movie[] = [];
  const movieSlugs = new SlugRegistry();
  let trakt = rng.range(3, 40);
  for (let i = 0; i < size.movies; i++) {
    trakt += rng.range(1, 30);
    const title =
      i % 6 === 1 ? (HOSTILE_TITLES[Math.floor(i / 6) % HOSTILE_TITLES.length] as string) : phrase(rng);
    const status = rng.pick(MOVIE_STATUS);
    const year = status === 'planned' && rng.chance(0.5) ? null : anchorYear - rng.skewed(70, 1.8);
    const releasedSec =
      year === null
        ? null
        : Date.UTC(year, rng.int(12), rng.range(1, 28)) / 1000 + (status === 'released' ? 0 : 0);
    const runtimeRoll = rng.next();
    movies.push({
      trakt,
      slug: movieSlugs.take(slugify(title) + (year === null ? '' : `-${year}`), `movie-${trakt}`),
      title,
      year,
      imdb: maybe(rng, 0.08, imdbId(rng, 'tt')),
      tmdb: maybe(rng, 0.03, rng.range(2, 1_400_000)),
      runtime: runtimeRoll < 0.03 ? null : runtimeRoll < 0.05 ? 0 : rng.range(72, 185),
      released: releasedSec === null || rng.chance(0.02) ? null : isoDate(releasedSec),
      genres: genresFor(rng),
      certification: rng.pick(MOVIE_CERTS),
      country: maybe(rng, 0.03, rng.pick(COUNTRIES)),
      language: maybe(rng, 0.03, rng.pick(LANGUAGES)),
      status,
      rating: communityRating(rng),
      votes: rng.skewed(60_000, 3),
      commentCount: rng.skewed(300, 3),
      updatedAt: anchorSec - rng.int(900 * DAY),
      tagline: phrase(rng),
      overview: sentence(rng, rng.range(8, 30)),
    });
  }

  const shows: Show[] = [];
  const seasons: Season[] = [];
  const episodes: Episode[] = [];
  const showSlugs = new SlugRegistry();
  let showTrakt = rng.range(1, 20);
  let seasonTrakt = rng.range(1000, 2000);
  let episodeTrakt = rng.range(100, 300);
  for (let s = 0; s < size.shows; s++) {
    showTrakt += rng.range(1, 60);
    const title =
      s % 5 === 2 ? (HOSTILE_TITLES[(Math.floor(s / 5) + 7) % HOSTILE_TITLES.length] as string) : phrase(rng);
    const status = rng.pick(SHOW_STATUS);
    const seasonCount = rng.range(1, size.maxSeasons);
    const firstYear = Math.max(1985, anchorYear - seasonCount - rng.skewed(25, 1.6));
    const firstAired = Date.UTC(firstYear, rng.int(12), rng.range(1, 28), rng.range(0, 23)) / 1000;
    const runtimeRoll = rng.next();
    const showRuntime = runtimeRoll < 0.05 ? null : rng.pick([22, 24, 30, 43, 45, 50, 55, 60]);
    const show: Show = {
      trakt: showTrakt,
      slug: showSlugs.take(slugify(title), `show-${showTrakt}`),
      title,
      year: firstYear,
      imdb: maybe(rng, 0.1, imdbId(rng, 'tt')),
      tmdb: maybe(rng, 0.03, rng.range(2, 300_000)),
      tvdb: maybe(rng, 0.05, rng.range(70_000, 450_000)),
      runtime: showRuntime,
      network: maybe(rng, 0.04, rng.pick(NETWORKS)),
      country: maybe(rng, 0.03, rng.pick(COUNTRIES)),
      language: maybe(rng, 0.03, rng.pick(LANGUAGES)),
      status,
      certification: rng.pick(SHOW_CERTS),
      genres: genresFor(rng),
      firstAired,
      airedEpisodes: 0,
      rating: communityRating(rng),
      votes: rng.skewed(90_000, 3),
      commentCount: rng.skewed(500, 3),
      updatedAt: anchorSec - rng.int(400 * DAY),
      overview: sentence(rng, rng.range(10, 40)),
      airsDay: rng.pick(DAYS),
      airsTime: `${String(rng.range(18, 23)).padStart(2, '0')}:00`,
      seasons: [],
      regular: [],
      specials: [],
    };
    const showIdx = shows.length;
    shows.push(show);
    const hasSpecials = rng.chance(0.4);
    for (let number = hasSpecials ? 0 : 1; number <= seasonCount; number++) {
      seasonTrakt += rng.range(1, 5);
      const count = number === 0 ? rng.range(1, 5) : rng.range(6, 24);
      const seasonStart = firstAired + (number === 0 ? 200 : (number - 1) * 365) * DAY;
      const lastSeason = number === seasonCount && status === 'returning series';
      const season: Season = {
        trakt: seasonTrakt,
        show: showIdx,
        number,
        tvdb: maybe(rng, 0.2, rng.range(1_000, 2_000_000)),
        tmdb: maybe(rng, 0.05, rng.range(1_000, 400_000)),
        firstEpisode: episodes.length,
        episodeCount: count,
        airedEpisodes: 0,
        firstAired: null,
        rating: communityRating(rng),
        votes: rng.skewed(5_000, 3),
        updatedAt: anchorSec - rng.int(400 * DAY),
      };
      const seasonIdx = seasons.length;
      seasons.push(season);
      show.seasons.push(seasonIdx);
      for (let e = 1; e <= count; e++) {
        episodeTrakt += rng.range(1, 3);
        // The current season of a returning show is still airing: later episodes are in the future or TBA.
        let aired: number | null = seasonStart + (e - 1) * 7 * DAY;
        if (lastSeason) aired = anchorSec - (count - e * 2) * 7 * DAY;
        if (lastSeason && e === count) aired = null;
        const epRoll = rng.next();
        const episodeTitle =
          episodes.length % 9 === 4
            ? (HOSTILE_TITLES[(Math.floor(episodes.length / 9) + 3) % HOSTILE_TITLES.length] as string)
            : rng.chance(0.05)
              ? null
              : rng.chance(0.2)
                ? `Episode ${e}`
                : phrase(rng);
        const episode: Episode = {
          trakt: episodeTrakt,
          show: showIdx,
          seasonIdx,
          season: number,
          number: e,
          numberAbs: null,
          title: episodeTitle,
          runtime:
            epRoll < 0.08 ? null : epRoll < 0.12 ? 0 : Math.max(5, (showRuntime ?? 42) + rng.range(-8, 8)),
          firstAired: aired,
          imdb: maybe(rng, 0.4, imdbId(rng, 'tt')),
          tmdb: maybe(rng, 0.05, rng.range(10_000, 5_000_000)),
          tvdb: maybe(rng, 0.1, rng.range(100_000, 10_000_000)),
          rating: communityRating(rng),
          votes: rng.skewed(3_000, 3),
          commentCount: rng.skewed(40, 3),
          updatedAt: anchorSec - rng.int(400 * DAY),
        };
        const epIdx = episodes.length;
        episodes.push(episode);
        const isAired = aired !== null && aired <= anchorSec;
        if (isAired) {
          season.airedEpisodes++;
          if (season.firstAired === null) season.firstAired = aired;
          if (number === 0) show.specials.push(epIdx);
          else show.regular.push(epIdx);
        }
      }
    }
    show.airedEpisodes = show.regular.length;
  }

  const people: Person[] = [];
  const personSlugs = new SlugRegistry();
  let personTrakt = rng.range(1, 10);
  for (let p = 0; p < size.people; p++) {
    personTrakt += rng.range(1, 20);
    const name = p % 7 === 3 ? `${personName(rng)} ${rng.pick(['李', 'José', '🎭'])}` : personName(rng);
    people.push({
      trakt: personTrakt,
      slug: personSlugs.take(slugify(name), `person-${personTrakt}`),
      name,
      imdb: maybe(rng, 0.1, imdbId(rng, 'nm')),
      tmdb: maybe(rng, 0.03, rng.range(1, 4_000_000)),
      birthday: rng.chance(0.3)
        ? null
        : isoDate(Date.UTC(rng.range(1930, 2005), rng.int(12), rng.range(1, 28)) / 1000),
      birthplace: rng.chance(0.4)
        ? null
        : `${rng.pick(['Springfield', 'Osaka', 'Lyon', 'Toronto', 'Malmö'])}`,
      gender: rng.pick(['male', 'female', 'non_binary', null]),
      department: rng.pick(['acting', 'directing', 'writing', 'production', 'sound']),
      updatedAt: anchorSec - rng.int(900 * DAY),
    });
  }

  // A stream of its own, so adding credit people changes nothing drawn above.
  const crowd = new Rng(seed, 111);
  for (let p = 0; p < size.creditPeople; p++) {
    personTrakt += crowd.range(1, 12);
    const name = creditName(crowd);
    people.push({
      trakt: personTrakt,
      slug: personSlugs.take(slugify(name), `person-${personTrakt}`),
      name,
      imdb: maybe(crowd, 0.15, imdbId(crowd, 'nm')),
      tmdb: maybe(crowd, 0.04, crowd.range(1, 5_000_000)),
      birthday: crowd.chance(0.4)
        ? null
        : isoDate(Date.UTC(crowd.range(1920, 2012), crowd.int(12), crowd.range(1, 28)) / 1000),
      birthplace: crowd.chance(0.5) ? null : crowd.pick(BIRTHPLACES),
      gender: crowd.pick(['male', 'female', 'non_binary', 'unknown', null]),
      department: creditDepartment(crowd),
      updatedAt: anchorSec - crowd.int(900 * DAY),
    });
  }

  const indexOf = (items: { trakt: number }[]) => new Map(items.map((item, i) => [item.trakt, i]));
  return {
    movies,
    shows,
    seasons,
    episodes,
    people,
    listablePeople: size.people,
    seed,
    index: {
      movie: indexOf(movies),
      show: indexOf(shows),
      season: indexOf(seasons),
      episode: indexOf(episodes),
      person: indexOf(people),
    },
  };
}

/** Minutes a play of this episode counts for (docs/reports.md, "What the numbers mean"). */
export function episodeMinutes(universe: MediaUniverse, epIdx: number): number {
  const ep = universe.episodes[epIdx]!;
  if (ep.runtime) return ep.runtime;
  return universe.shows[ep.show]!.runtime || 42;
}

export function movieMinutes(universe: MediaUniverse, movieIdx: number): number {
  return universe.movies[movieIdx]!.runtime || 90;
}
