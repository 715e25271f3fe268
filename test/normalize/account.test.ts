import test from 'ava';
import { normalizeCommentItem } from '../../src/normalize/comments.ts';
import { normalizeHiddenItem } from '../../src/normalize/hidden.ts';
import { normalizeLikeItem } from '../../src/normalize/likes.ts';
import { normalizeList } from '../../src/normalize/lists.ts';
import { normalizeNoteItem } from '../../src/normalize/notes.ts';
import { normalizeProfile } from '../../src/normalize/profile.ts';
import { ShapeError } from '../../src/normalize/shape-error.ts';
import { normalizeStats } from '../../src/normalize/stats.ts';
import {
  batmanBegins,
  breakingBad,
  comments,
  hiddenShow,
  likedList,
  personalList,
  settings,
  stats,
} from './fixtures.ts';

const ctx = (source: string, index = 0) => ({ source, index });

test('a personal list from the Apiary example', (t) => {
  t.deepEqual(normalizeList(false)(personalList, ctx('GET /users/me/lists')).lists, [
    {
      list_trakt_id: 55,
      slug: 'star-wars-in-machete-order',
      name: 'Star Wars in machete order',
      description:
        'Next time you want to introduce someone to Star Wars for the first time, watch the films with them in this order: IV, V, II, III, VI.',
      privacy: 'public',
      list_type: 'personal',
      sort_by: 'rank',
      sort_how: 'asc',
      created_at: '2014-10-11T17:00:54.000Z',
      updated_at: '2014-10-11T17:00:54.000Z',
      item_count: 5,
      likes: 0,
      comment_count: 0,
      // The Apiary example's list carries no user: nothing to learn the owner from.
      owner_slug: null,
      collaboration: false,
    },
  ]);
});

test('hidden items: a show, a season without its show, and a user keyed by trakt id, learned from its slug', (t) => {
  const hide = normalizeHiddenItem('progress_watched');
  t.deepEqual(hide(hiddenShow, ctx('GET /users/hidden/progress_watched')).hidden_items, [
    { section: 'progress_watched', media_type: 'show', trakt_id: 48, hidden_at: '2015-03-30T23:18:42.000Z' },
  ]);
  const season = hide(
    { hidden_at: '2016-01-01T00:00:00.000Z', type: 'season', season: { number: 3, ids: { trakt: 99 } } },
    ctx('x'),
  );
  t.deepEqual(season.hidden_items, [
    {
      section: 'progress_watched',
      media_type: 'season',
      trakt_id: 99,
      hidden_at: '2016-01-01T00:00:00.000Z',
    },
  ]);
  t.deepEqual(season.seasons, [{ trakt_id: 99, show_trakt_id: null, number: 3 }]);
  const user = normalizeHiddenItem('comments')(
    {
      hidden_at: '2020-01-01T00:00:00.000Z',
      type: 'user',
      user: { username: 'troll', ids: { slug: 'troll', trakt: 666 } },
    },
    ctx('GET /users/hidden/comments'),
  );
  t.deepEqual(user.hidden_items, [
    { section: 'comments', media_type: 'user', trakt_id: 666, hidden_at: '2020-01-01T00:00:00.000Z' },
  ]);
  // Trakt's documented user objects hold only the slug: the id the run learned from /users/{slug} keys the row.
  const slugOnly = { hidden_at: '2020-01-01T00:00:00.000Z', type: 'user', user: { ids: { slug: 'troll' } } };
  const learned = normalizeHiddenItem('comments')(slugOnly, {
    ...ctx('GET /users/hidden/comments', 1),
    lookups: { season: () => undefined, user: (slug) => (slug === 'troll' ? 666 : undefined) },
  });
  t.deepEqual(learned.hidden_items, [
    { section: 'comments', media_type: 'user', trakt_id: 666, hidden_at: '2020-01-01T00:00:00.000Z' },
  ]);
  // Not learned: the row cannot be keyed, and the reason says so.
  const error = t.throws(
    () => normalizeHiddenItem('comments')(slugOnly, ctx('GET /users/hidden/comments', 1)),
    { instanceOf: ShapeError },
  );
  t.is(
    error?.message,
    'hidden item (comments) 1 of GET /users/hidden/comments: user.ids.trakt is missing and /users/{slug} did not give it for the slug sent',
  );
  t.is(error?.field, 'user.ids.trakt');
});

test('comments from the Apiary example: on a movie, a season (with its show) and a list', (t) => {
  const movie = normalizeCommentItem(comments.movie, ctx('GET /users/sean/comments'));
  t.deepEqual(movie.comments, [
    {
      comment_id: 267,
      parent_id: 0,
      created_at: '2015-04-25T00:14:57.000Z',
      updated_at: '2015-04-25T00:14:57.000Z',
      body: 'Great kickoff to a new Batman trilogy!',
      spoiler: false,
      review: false,
      likes: 0,
      replies: 0,
      user_rating: 10,
      media_type: 'movie',
      trakt_id: 1,
    },
  ]);
  t.like(movie.movies?.[0], { trakt_id: 1, title: 'Batman Begins' });
  const season = normalizeCommentItem(comments.season, ctx('GET /users/sean/comments', 1));
  t.like(season.comments?.[0], { comment_id: 220, media_type: 'season', trakt_id: 3958, user_rating: 8 });
  t.deepEqual(season.seasons, [{ trakt_id: 3958, show_trakt_id: 869, number: 1 }]);
  const list = normalizeCommentItem(comments.list, ctx('GET /users/sean/comments', 4));
  t.like(list.comments?.[0], { comment_id: 268, media_type: 'list', trakt_id: 51, user_rating: null });
  t.is(list.lists, undefined);
});

test('likes: a list from the Apiary example, and a comment with its media (extended=comments)', (t) => {
  t.deepEqual(normalizeLikeItem(likedList, ctx('GET /users/likes/lists')).likes, [
    { kind: 'list', target_id: 55, liked_at: '2015-03-31T23:18:42.000Z' },
  ]);
  const comment = normalizeLikeItem(
    {
      liked_at: '2015-03-31T23:18:42.000Z',
      type: 'comment',
      comment: comments.movie.comment,
      movie: batmanBegins,
    },
    ctx('GET /users/likes/comments'),
  );
  t.deepEqual(comment.likes, [{ kind: 'comment', target_id: 267, liked_at: '2015-03-31T23:18:42.000Z' }]);
  t.like(comment.movies?.[0], { trakt_id: 1 });
  t.throws(
    () =>
      normalizeLikeItem(
        { liked_at: '2015-03-31T23:18:42.000Z', type: 'list', list: { ids: { slug: 'x' } } },
        ctx('GET /users/likes/lists', 2),
      ),
    {
      message: 'like 2 of GET /users/likes/lists: missing list.ids.trakt',
    },
  );
});

test('notes in both uncertain shapes: nested item, and type + media at the top level', (t) => {
  const base = {
    id: 10,
    notes: 'Rewatch with subtitles',
    privacy: 'private',
    spoiler: false,
    created_at: '2025-06-01T12:00:00.000Z',
    updated_at: '2025-06-02T12:00:00.000Z',
  };
  const nested = normalizeNoteItem(
    { ...base, item: { type: 'show', show: breakingBad } },
    ctx('GET /users/me/notes/all'),
  );
  const flat = normalizeNoteItem(
    { ...base, type: 'show', show: breakingBad },
    ctx('GET /users/me/notes/all'),
  );
  const expected = [
    {
      note_id: 10,
      created_at: '2025-06-01T12:00:00.000Z',
      updated_at: '2025-06-02T12:00:00.000Z',
      body: 'Rewatch with subtitles',
      privacy: 'private',
      spoiler: false,
      media_type: 'show',
      trakt_id: 1,
    },
  ];
  t.deepEqual(nested.notes, expected);
  t.deepEqual(flat.notes, expected);
  t.like(nested.shows?.[0], { trakt_id: 1 });
  // A note on a history entry keeps that type and the entry's id; its movie is still upserted.
  const history = normalizeNoteItem(
    { ...base, item: { type: 'history', history: { id: 1982346 }, movie: batmanBegins } },
    ctx('GET /users/me/notes/all'),
  );
  t.like(history.notes?.[0], { media_type: 'history', trakt_id: 1982346 });
  t.like(history.movies?.[0], { trakt_id: 1 });
  const bare = normalizeNoteItem(base, ctx('x'));
  t.like(bare.notes?.[0], { media_type: null, trakt_id: null });
});

test('profile from settings alone, and with /users/{id} winning where both have a value', (t) => {
  t.deepEqual(normalizeProfile(settings).profile, [
    {
      slug: 'justin',
      username: 'justin',
      name: 'Justin Nemeth',
      vip: true,
      vip_ep: false,
      private: false,
      joined_at: '2010-09-25T17:49:25.000Z',
      location: 'San Diego, CA',
      about: 'Co-founder of trakt.',
      timezone: 'America/Los_Angeles',
      date_format: 'mdy',
      time_24hr: false,
      user_trakt_id: null,
    },
  ]);
  const both = normalizeProfile(settings, {
    username: 'justin',
    name: 'Justin N.',
    private: true,
    ids: { slug: 'justin', trakt: 1 },
  });
  t.like(both.profile?.[0], {
    name: 'Justin N.',
    private: true,
    user_trakt_id: 1,
    location: 'San Diego, CA',
  });
  t.throws(() => normalizeProfile({ account: {} }), {
    instanceOf: ShapeError,
    message: 'response of GET /users/settings: missing user.ids.slug',
  });
});

test('stats from the Apiary example, one column per number', (t) => {
  t.deepEqual(normalizeStats(stats, '2026-11-01T10:00:00Z').stats_snapshots, [
    {
      fetched_at: '2026-11-01T10:00:00.000Z',
      movies_plays: 155,
      movies_watched: 114,
      movies_minutes: 15650,
      movies_collected: 933,
      movies_ratings: 256,
      movies_comments: 28,
      shows_watched: 16,
      shows_collected: 7,
      shows_ratings: 63,
      shows_comments: 20,
      seasons_ratings: 6,
      seasons_comments: 1,
      episodes_plays: 552,
      episodes_watched: 534,
      episodes_minutes: 17330,
      episodes_collected: 117,
      episodes_ratings: 64,
      episodes_comments: 14,
      network_friends: 1,
      network_followers: 4,
      network_following: 11,
      ratings_total: 389,
      ratings_1: 18,
      ratings_2: 1,
      ratings_3: 4,
      ratings_4: 1,
      ratings_5: 10,
      ratings_6: 9,
      ratings_7: 37,
      ratings_8: 37,
      ratings_9: 57,
      ratings_10: 215,
    },
  ]);
  t.like(normalizeStats({ movies: { plays: 1 } }, '2026-11-01T10:00:00.000Z').stats_snapshots?.[0], {
    movies_plays: 1,
    movies_minutes: null,
    ratings_10: null,
  });
  t.throws(() => normalizeStats(stats, 'yesterday'), { instanceOf: ShapeError });
  t.throws(() => normalizeStats({ movies: { plays: -0.5 } }, '2026-11-01T10:00:00.000Z'), {
    message: 'response of GET /users/{id}/stats: movies.plays is not a safe integer (got -0.5)',
  });
});
