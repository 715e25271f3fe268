import fc from 'fast-check';
import * as fixtures from './fixtures.ts';

/**
 * Inputs "Trakt could plausibly send" (issue 8 item 6): valid items from the
 * Apiary examples with a few fields replaced by nulls, wrong types, huge or
 * fractional numbers, unicode (lone surrogates included), timestamps in odd
 * spellings and unknown `type` values, or removed; and plain arbitrary JSON.
 */

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const weirdString = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: anyUnit }),
  fc.constantFrom('', ' ', 'null', '0', '😀', '\u0000', '\ud800', 'tt0903747', 'x'.repeat(5000)),
);

const timestampish = fc.oneof(
  fc
    .date({
      noInvalidDate: true,
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
    })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2014-09-01T09:10:11.000Z',
    '2014-09-01T09:10:11Z',
    '2014-09-01',
    '2014-09-01T09:10:11+05:30',
    '2014-02-30T00:00:00.000Z',
    '2014-09-01T25:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-01:00',
    '+275760-09-13T00:00:00.000Z',
    'yesterday',
  ),
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, 0.5, -0),
);

const typeName = fc.constantFrom(
  'movie',
  'show',
  'season',
  'episode',
  'person',
  'user',
  'list',
  'comment',
  'alien',
  '',
);

const scalar = fc.oneof(fc.constant(null), fc.boolean(), number, weirdString, timestampish, typeName);

export const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), typeName, fc.constantFrom('ids', 'trakt', 'id', '__proto__')),
      tie('value'),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

/** A deep copy of `item` with a few fields replaced (by `jsonish`) or removed. */
export function mutated(item: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(item);
  const mutation = fc.record({
    path: fc.nat({ max: Math.max(0, paths.length - 1) }),
    remove: fc.boolean(),
    value: fc.oneof(scalar, jsonish),
  });
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const copy: unknown = structuredClone(item);
    for (const m of mutations) {
      const path = paths[m.path];
      if (path !== undefined) setPath(copy, path, m.remove ? undefined : m.value);
    }
    return copy;
  });
}

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function setPath(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = Reflect.get(node, key);
  }
  const last = path.at(-1);
  if (last === undefined || typeof node !== 'object' || node === null) return;
  if (value === undefined) Reflect.deleteProperty(node, last);
  else Reflect.set(node, last, value);
}

/** Valid items per registry normalizer, to mutate. */
export const SEEDS: Record<string, unknown[]> = {
  history: [
    ...fixtures.historyEpisodes,
    { id: 1, watched_at: '2024-03-01T20:15:00Z', type: 'movie', movie: fixtures.tronLegacyFull },
  ],
  ratings: [fixtures.ratingEpisode],
  watchlist: [fixtures.watchlistEpisode],
  favorites: [fixtures.watchlistEpisode],
  list_items: fixtures.listItems,
  collection_movies: [
    { collected_at: '2014-09-01T09:10:11.000Z', movie: fixtures.batmanBegins, metadata: { '3d': true } },
  ],
  collection_episodes: [
    {
      collected_at: '2014-09-01T09:10:11.000Z',
      episode: { season: 1, number: 1, ids: { trakt: 5 } },
      show: fixtures.breakingBad,
    },
  ],
  collection_shows: [fixtures.collectionShow],
  watched: fixtures.watchedShows,
  playback: fixtures.playback,
  lists: [fixtures.personalList],
  collaborations: [fixtures.collaborationList],
  followers: [fixtures.follower],
  following: [fixtures.follower],
  friends: [fixtures.friend],
  requests_in: [fixtures.followRequest],
  requests_out: [fixtures.followRequest],
  saved_filters: [fixtures.savedFilter],
  hidden: [fixtures.hiddenShow],
  comments: Object.values(fixtures.comments),
  likes: [fixtures.likedList],
  notes: [{ id: 1, notes: 'n', item: { type: 'movie', movie: fixtures.batmanBegins } }],
};
