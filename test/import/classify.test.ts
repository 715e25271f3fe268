import test from 'ava';
import { classify } from '../../src/import/classify.ts';
import { escapingPath } from '../../src/import/export-source.ts';
import { parseByteSize } from '../../src/import/limits.ts';
import { hiddenSection, listFileRef, parseFileName } from '../../src/import/names.ts';

const movie = { title: 'Heat', year: 1995, ids: { trakt: 1, plex: { guid: 'a' } } };
const show = { title: 'Severance', year: 2022, ids: { trakt: 2 } };

test('file names: numbered parts are one logical file; list files keep their slug, even a numeric one', (t) => {
  t.like(parseFileName('top/watched-history-12.json'), {
    base: 'watched-history-12.json',
    logical: 'watched-history',
    part: 12,
  });
  t.like(parseFileName('watched-movies.json'), { logical: 'watched-movies', part: null });
  t.like(parseFileName('x/lists-list-123-best-of-2024.json'), {
    logical: 'lists-list-123-best-of-2024',
    part: null,
  });
  t.deepEqual(listFileRef('lists-list-123-best-of-2024'), { listId: 123, slug: 'best-of-2024' });
  t.is(listFileRef('lists-watchlist'), null);
  t.is(hiddenSection('hidden-progress-watched-reset'), 'progress_watched_reset');
  t.is(hiddenSection('ratings-movies'), null);
});

test('paths that escape the export folder are spotted', (t) => {
  for (const bad of [
    '../evil.json',
    'a/../../evil.json',
    '/etc/passwd',
    'C:/x.json',
    'a\\..\\b.json',
    'a\0.json',
  ]) {
    t.true(escapingPath(bad), bad);
  }
  for (const good of ['watched-history-1.json', 'top/x..y.json', 'top/..hidden.json'])
    t.false(escapingPath(good), good);
});

test('sizes parse with units', (t) => {
  t.is(parseByteSize('1KiB'), 1024);
  t.is(parseByteSize('256MiB'), 256 * 1024 * 1024);
  t.is(parseByteSize('2gb'), 2 * 1024 ** 3);
  t.is(parseByteSize('1048576'), 1048576);
  t.is(parseByteSize('lots'), undefined);
  t.is(parseByteSize('0'), undefined);
});

test('items are classified by their shape, whatever the file is called', (t) => {
  const cases: [string, unknown, unknown][] = [
    [
      'anything',
      [{ id: 1, watched_at: 'x', action: 'watch', type: 'movie', movie }],
      { kind: 'items', normalizer: 'history' },
    ],
    ['watched-movies', [{ plays: 2, last_watched_at: 'x', movie }], { kind: 'items', normalizer: 'watched' }],
    [
      'watched-shows',
      [{ plays: 2, last_watched_at: 'x', reset_at: null, show }],
      { kind: 'items', normalizer: 'watched' },
    ],
    [
      'ratings-episodes',
      [{ rated_at: 'x', rating: 8, type: 'show', show }],
      { kind: 'items', normalizer: 'ratings' },
    ],
    [
      'watched-playback',
      [{ progress: 25, paused_at: 'x', id: 3, type: 'movie', movie }],
      { kind: 'items', normalizer: 'playback' },
    ],
    [
      'lists-watchlist',
      [{ rank: 1, id: 4, listed_at: 'x', type: 'movie', movie }],
      { kind: 'items', normalizer: 'watchlist' },
    ],
    [
      'lists-favorites',
      [{ rank: 1, id: 4, listed_at: 'x', type: 'show', show }],
      { kind: 'items', normalizer: 'favorites' },
    ],
    [
      'lists-list-77-picks',
      [{ rank: 1, id: 4, listed_at: 'x', type: 'movie', movie }],
      { kind: 'list-items', listId: 77, slug: 'picks' },
    ],
    [
      'lists-picks',
      [{ rank: 1, id: 4, listed_at: 'x', type: 'movie', movie }],
      { kind: 'list-items', listId: null, slug: 'picks' },
    ],
    [
      'hidden-calendar',
      [{ hidden_at: 'x', type: 'show', show }],
      { kind: 'items', normalizer: 'hidden', context: { section: 'calendar' } },
    ],
    [
      'likes-lists',
      [{ liked_at: 'x', type: 'list', list: { ids: { trakt: 1 } } }],
      { kind: 'items', normalizer: 'likes' },
    ],
    [
      'comments-movies',
      [{ type: 'movie', comment: { id: 1 }, movie }],
      { kind: 'items', normalizer: 'comments' },
    ],
    [
      'notes-movies',
      [{ id: 1, notes: 'n', item: { type: 'movie', movie } }],
      { kind: 'items', normalizer: 'notes' },
    ],
    [
      'collection-movies',
      [{ collected_at: 'x', updated_at: 'x', movie }],
      { kind: 'items', normalizer: 'collection_movies' },
    ],
    [
      'collection-episodes',
      [{ collected_at: 'x', episode: {}, show }],
      { kind: 'items', normalizer: 'collection_episodes' },
    ],
    [
      'collection-shows',
      [{ last_collected_at: 'x', show, seasons: [] }],
      { kind: 'items', normalizer: 'collection_shows' },
    ],
    [
      'lists-lists',
      [{ name: 'Picks', privacy: 'public', ids: { trakt: 77, slug: 'picks' } }],
      { kind: 'items', normalizer: 'lists' },
    ],
    [
      'user-settings',
      { user: { ids: { slug: 's' } }, account: { timezone: 'UTC' } },
      { kind: 'profile', part: 'main' },
    ],
    ['user-profile', { username: 's', ids: { slug: 's' } }, { kind: 'profile', part: 'user' }],
    ['watched-history', [], { kind: 'empty', table: 'plays' }],
    ['ratings-seasons', [], { kind: 'empty', table: 'ratings' }],
  ];
  for (const [name, value, expected] of cases) t.like(classify(name, value), expected as object, name);
});

test('the social graph and the collaboration lists go to social and lists, by the name of their file', (t) => {
  const user = { username: 'u', ids: { slug: 'u' } };
  t.deepEqual(classify('lists-collaborations', [{ name: 'Theirs', privacy: 'public', ids: { trakt: 1 } }]), {
    kind: 'items',
    normalizer: 'collaborations',
    context: {},
  });
  t.like(classify('lists-collaborations', []), { kind: 'empty', table: 'lists' });
  const files = [
    ['network-followers', { followed_at: 'x', user }, 'followers'],
    ['network-following', { followed_at: 'x', user }, 'following'],
    ['network-friends', { friends_at: 'x', user }, 'friends'],
    ['network-followers-requests', { id: 3, requested_at: 'x', user }, 'requests_in'],
  ] as const;
  for (const [name, item, normalizer] of files) {
    t.like(classify(name, [item]), { kind: 'items', normalizer }, name);
    t.like(classify(name, []), { kind: 'empty', table: 'social' }, name);
  }
});

test('what is known but has no place in the schema is skipped; what matches nothing is unknown, with the reason', (t) => {
  // A person file whose name says no relation cannot be placed.
  t.like(classify('network-mystery', [{ followed_at: 'x', user: {} }]), { kind: 'skip' });
  t.like(classify('user-stats', { movies: {}, shows: {}, episodes: {} }), { kind: 'skip' });
  t.like(classify('user-last-activities', { all: 'x', movies: {} }), { kind: 'skip' });
  t.like(classify('mystery', []), { kind: 'skip', reason: 'empty; nothing to load' });
  t.deepEqual(classify('some-future-file', [{ badge: {}, earned: 'x' }]), {
    kind: 'unknown',
    reason: 'items have keys {badge, earned}, which match no known Trakt shape',
  });
  t.like(classify('hidden', [{ hidden_at: 'x', type: 'show', show }]), { kind: 'unknown' });
  t.like(classify('my-items', [{ rank: 1, id: 4, listed_at: 'x', type: 'movie', movie }]), {
    kind: 'unknown',
  });
  t.like(classify('numbers', [1, 2, 3]), { kind: 'unknown', reason: 'an array of number, not of items' });
  t.like(classify('odd', 'text'), { kind: 'unknown' });
  t.like(classify('odd', { a: 1 }), {
    kind: 'unknown',
    reason: 'a JSON object with keys {a}, which match no known shape',
  });
});
