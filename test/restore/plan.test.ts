import test from 'ava';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.ts';
import {
  type AccountState,
  type Listed,
  type PersonalList,
  type Play,
  parseAsOf,
  parseOnly,
  playKey,
  stateFromRows,
} from '../../src/restore/model.ts';
import { plannedCount, planResource, unitsOf } from '../../src/restore/plan.ts';
import { historyBody, notFoundKeys } from '../../src/restore/requests.ts';

const EMPTY: AccountState = {
  plays: [],
  ratings: [],
  watchlist: [],
  favorites: [],
  collection: [],
  lists: [],
};
const T = Date.parse('2024-03-01T20:00:00.000Z');

const play: fc.Arbitrary<Play> = fc.record({
  mediaType: fc.constantFrom('movie' as const, 'episode' as const),
  traktId: fc.integer({ min: 1, max: 6 }),
  // Seconds within a few minutes: several plays share a minute, others do not.
  watchedAt: fc.integer({ min: 0, max: 400 }).map((s) => new Date(T + s * 1000).toISOString()),
});

function counts(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

test('property: history plans exactly the multiset difference by item and minute; after writing it nothing is planned', (t) => {
  fc.assert(
    fc.property(fc.array(play, { maxLength: 40 }), fc.array(play, { maxLength: 40 }), (wanted, live) => {
      const plan = planResource('history', { ...EMPTY, plays: wanted }, { ...EMPTY, plays: live });
      if (plan.resource !== 'history') return false;
      const want = counts(wanted.map(playKey));
      const have = counts(live.map(playKey));
      const planned = counts(plan.missing.map(playKey));
      for (const [key, n] of want) {
        if ((planned.get(key) ?? 0) !== Math.max(0, n - (have.get(key) ?? 0))) return false;
      }
      for (const key of planned.keys()) if (!want.has(key)) return false;
      if (plan.alreadyThere + plan.missing.length !== wanted.length) return false;
      // Written, then planned again: nothing, and never a play more than the wanted state has.
      const after = [...live, ...plan.missing];
      const again = planResource('history', { ...EMPTY, plays: wanted }, { ...EMPTY, plays: after });
      return again.missing.length === 0;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('two plays of one item in one minute are two plays; the same minute at another second is the same play', (t) => {
  const at = (s: number) => new Date(T + s * 1000).toISOString();
  const wanted: Play[] = [
    { mediaType: 'movie', traktId: 1, watchedAt: at(5) },
    { mediaType: 'movie', traktId: 1, watchedAt: at(50) },
    { mediaType: 'movie', traktId: 1, watchedAt: at(65) },
  ];
  const live: Play[] = [{ mediaType: 'movie', traktId: 1, watchedAt: at(30) }];
  const plan = planResource('history', { ...EMPTY, plays: wanted }, { ...EMPTY, plays: live });
  t.deepEqual(
    plan.missing.map((p) => (p as Play).watchedAt),
    [at(50), at(65)],
  );
  t.is(plan.alreadyThere, 1);
});

test('ratings: missing or with another value are planned; the same value is already there', (t) => {
  const plan = planResource(
    'ratings',
    {
      ...EMPTY,
      ratings: [
        { mediaType: 'movie', traktId: 1, rating: 8, ratedAt: null },
        { mediaType: 'show', traktId: 1, rating: 5, ratedAt: null },
        { mediaType: 'episode', traktId: 9, rating: 10, ratedAt: '2020-01-01T00:00:00.000Z' },
      ],
    },
    {
      ...EMPTY,
      ratings: [
        { mediaType: 'movie', traktId: 1, rating: 8, ratedAt: null },
        { mediaType: 'show', traktId: 1, rating: 6, ratedAt: null },
      ],
    },
  );
  t.deepEqual(
    unitsOf(plan).map((u) => u.key),
    ['show:1', 'episode:9'],
  );
  t.is(plan.alreadyThere, 1);
});

const item = (mediaType: Listed['mediaType'], traktId: number): Listed => ({
  mediaType,
  traktId,
  notes: null,
});
const list = (id: number, name: string, items: Listed[]): PersonalList => ({
  id,
  name,
  description: null,
  privacy: 'private',
  sortBy: 'rank',
  sortHow: 'asc',
  items,
});

test('lists: matched by name, only missing items planned; a missing list is created with all its items, an empty one counts one', (t) => {
  const wanted: AccountState = {
    ...EMPTY,
    lists: [
      list(1, 'Horror', [item('movie', 1), item('show', 2)]),
      list(2, 'Gone', [item('movie', 3)]),
      list(3, 'Empty', []),
      list(4, 'Horror', [item('movie', 9)]),
    ],
  };
  const live: AccountState = {
    ...EMPTY,
    lists: [list(70, 'Horror', [item('movie', 1)]), list(71, 'Unrelated', [item('movie', 3)])],
  };
  const plan = planResource('lists', wanted, live);
  if (plan.resource !== 'lists') throw new Error('lists');
  t.deepEqual(
    plan.missing.map((w) => [w.list.name, w.liveId, w.items.map((i) => i.traktId)]),
    [
      ['Horror', 70, [2]],
      ['Gone', null, [3]],
      ['Empty', null, []],
      // The second wanted "Horror" has no second live one: it is created.
      ['Horror', null, [9]],
    ],
  );
  t.is(plannedCount(plan), 4);
  t.is(plan.alreadyThere, 1);
  t.is(plan.wanted, 5);
});

test('rows: a collaboration list (issue 22 adds the column) is never a restore target; plays take their item id by type', (t) => {
  const state = stateFromRows({
    lists: [
      { list_trakt_id: 1, name: 'Mine', collaboration: false },
      { list_trakt_id: 2, name: 'Theirs', collaboration: true },
      { list_trakt_id: 3, name: 'Older mirror, no column' },
    ],
    list_items: [{ list_trakt_id: 2, media_type: 'movie', trakt_id: 5, notes: null }],
    plays: [
      {
        history_id: 1,
        watched_at: '2024-01-01T00:00:00.000Z',
        media_type: 'episode',
        movie_trakt_id: null,
        show_trakt_id: 7,
        episode_trakt_id: 70,
      },
    ],
  });
  t.deepEqual(
    state.lists.map((l) => l.name),
    ['Mine', 'Older mirror, no column'],
  );
  t.deepEqual(state.plays, [{ mediaType: 'episode', traktId: 70, watchedAt: '2024-01-01T00:00:00.000Z' }]);
});

test('bodies name items by trakt id with their own watched_at; not_found answers map back to items', (t) => {
  t.deepEqual(
    historyBody([
      { mediaType: 'movie', traktId: 1, watchedAt: '2024-01-01T00:00:00.000Z' },
      { mediaType: 'episode', traktId: 2, watchedAt: '2024-01-02T00:00:00.000Z' },
      { mediaType: 'movie', traktId: 1, watchedAt: '2024-01-03T00:00:00.000Z' },
    ]),
    {
      movies: [
        { ids: { trakt: 1 }, watched_at: '2024-01-01T00:00:00.000Z' },
        { ids: { trakt: 1 }, watched_at: '2024-01-03T00:00:00.000Z' },
      ],
      episodes: [{ ids: { trakt: 2 }, watched_at: '2024-01-02T00:00:00.000Z' }],
    },
  );
  t.deepEqual(
    [
      ...notFoundKeys({
        added: { movies: 1 },
        not_found: {
          movies: [{ ids: { trakt: 4 } }, { ids: { imdb: 'tt1' } }],
          people: [{ ids: { trakt: 8 } }],
        },
      }),
    ],
    ['movie:4', 'person:8'],
  );
});

test('--only and --as-of refuse what they cannot read, in one sentence (exit 2)', (t) => {
  t.deepEqual(parseOnly('lists, history'), ['history', 'lists']);
  t.deepEqual(parseOnly(undefined).length, 6);
  const bad = t.throws(() => parseOnly('history,plays'), { instanceOf: UsageError });
  t.is(
    bad.message,
    '--only takes a comma-separated list of history, ratings, watchlist, favorites, collection, lists, not "plays".',
  );
  t.is(parseAsOf('2026-03-01T18:00:00+01:00'), '2026-03-01T17:00:00.000Z');
  t.is(parseAsOf('2026-03-01'), '2026-03-01T00:00:00.000Z');
  for (const raw of ['yesterday', '2026-03-01T18:00:00', '2026-13-01T00:00:00Z']) {
    t.throws(() => parseAsOf(raw), {
      instanceOf: UsageError,
      message: /--as-of must be an ISO 8601 instant/,
    });
  }
});
