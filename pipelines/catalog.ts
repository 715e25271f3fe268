import type { Resource } from '../src/extract/resource.ts';

/**
 * The resource catalog: every account table of docs/schema.md and the Trakt
 * endpoints that fill it. Shapes and behaviour are from
 * docs/trakt-api.md §3 (cited per entry).
 *
 * Every list endpoint is paged explicitly: since 2026-04-15 "optional"
 * pagination silently stops at 100 items (docs/trakt-api.md §2, discussion #681), so the
 * runner always sends `page` and `limit=250` (the clamp, docs/trakt-api.md §2, #925).
 *
 * `docs` names the public documentation each path comes from: `contract`
 * is Trakt's ts-rest contract (github.com/trakt/trakt-api,
 * projects/api/src/contracts/), `Apiary` its older API documentation. A path
 * neither documents may answer 404 on the real service (docs/tolerance.md).
 */

// extended=full brings runtime, genres, certification, aired_episodes (docs/trakt-api.md §3).
const FULL = { extended: 'full' } as const;

const ALL_WATCHED = ['movies.watched_at', 'episodes.watched_at'] as const;

export const catalog: readonly Resource[] = [
  {
    // Settings and the public profile together make the one profile row.
    name: 'profile',
    title: 'profile and settings',
    table: 'profile',
    path: '/users/settings',
    also: { user: '/users/{user}' },
    query: FULL,
    pagination: 'single',
    normalizer: 'profile',
    activities: ['account.settings_at'],
    docs: 'contract users/index.ts: GET /users/settings and GET /users/:id',
  },
  {
    // docs/trakt-api.md §3: /sync/history newest first, `id` is int64; end_at pins the run's snapshot.
    name: 'plays',
    title: 'watch history',
    table: 'plays',
    path: '/sync/history',
    userPath: '/users/{user}/history',
    query: FULL,
    pagination: 'pages',
    normalizer: 'history',
    activities: ALL_WATCHED,
    window: { column: 'watched_at' },
    statsCount: ['movies.plays', 'episodes.plays'],
    docs: 'contract sync/index.ts GET /sync/history/:type/:id ("specify a type and id to limit"); Apiary /users/{id}/history/{type}/{item_id}',
  },
  {
    name: 'ratings',
    title: 'ratings',
    table: 'ratings',
    path: '/sync/ratings/all',
    userPath: '/users/{user}/ratings/all',
    query: FULL,
    pagination: 'pages',
    normalizer: 'ratings',
    activities: ['movies.rated_at', 'shows.rated_at', 'seasons.rated_at', 'episodes.rated_at'],
    statsCount: ['ratings.total'],
    docs: 'contract sync/index.ts GET /sync/ratings/:type/:rating (type all); Apiary /users/{id}/ratings/{type}/{rating}',
  },
  {
    // docs/trakt-api.md §3: watchlist returns only 100 items unless paged (2026).
    name: 'watchlist',
    title: 'watchlist',
    table: 'watchlist',
    path: '/sync/watchlist/all/rank/asc',
    userPath: '/users/{user}/watchlist/all/rank/asc',
    query: FULL,
    pagination: 'pages',
    normalizer: 'watchlist',
    activities: [
      'movies.watchlisted_at',
      'shows.watchlisted_at',
      'seasons.watchlisted_at',
      'episodes.watchlisted_at',
      'watchlist.updated_at',
      // Watching an item removes it from the watchlist (docs/trakt-api.md §3, AG).
      ...ALL_WATCHED,
    ],
    // ...and can do nothing else to it: when only those moved, its count tells whether to re-pull.
    removalsOnlyWhen: ALL_WATCHED,
    docs: 'contract sync/index.ts GET /sync/watchlist/:type/:sort_by/:sort_how; Apiary /users/{id}/watchlist/{type}/{sort}',
  },
  {
    name: 'favorites',
    title: 'favorites',
    table: 'favorites',
    path: '/sync/favorites/all/rank/asc',
    userPath: '/users/{user}/favorites/all/rank/asc',
    query: FULL,
    pagination: 'pages',
    normalizer: 'favorites',
    activities: ['movies.favorited_at', 'shows.favorited_at', 'favorites.updated_at'],
    docs: 'contract sync/index.ts GET /sync/favorites/:type/:sort_by/:sort_how; contract users/subroutes/favorites.ts',
  },
  {
    // docs/trakt-api.md §3: collection is paged since 2026; `metadata` only with extended=metadata.
    name: 'collection_movies',
    title: 'collection (movies)',
    table: 'collection',
    path: '/sync/collection/movies',
    userPath: '/users/{user}/collection/movies',
    query: { extended: 'full,metadata' },
    pagination: 'pages',
    normalizer: 'collection_movies',
    scope: { media_type: 'movie' },
    activities: ['movies.collected_at'],
    statsCount: ['movies.collected'],
    docs: 'contract sync/index.ts GET /sync/collection/movies; contract users/index.ts GET /users/:id/collection/:type',
  },
  {
    // docs/trakt-api.md §3: the C contract adds type `episodes`: one item per collected episode, with ids.
    name: 'collection_episodes',
    title: 'collection (episodes)',
    table: 'collection',
    path: '/sync/collection/episodes',
    query: { extended: 'full,metadata' },
    pagination: 'pages',
    normalizer: 'collection_episodes',
    scope: { media_type: 'episode' },
    activities: ['episodes.collected_at'],
    statsCount: ['episodes.collected'],
    docs: 'contract sync/index.ts GET /sync/collection/episodes',
  },
  {
    name: 'watched_movies',
    title: 'watched (movies)',
    table: 'watched',
    path: '/sync/watched/movies',
    userPath: '/users/{user}/watched/movies',
    query: FULL,
    pagination: 'pages',
    normalizer: 'watched',
    scope: { media_type: 'movie' },
    activities: ['movies.watched_at'],
    statsCount: ['movies.watched'],
    docs: 'contract sync/index.ts GET /sync/watched/:type; Apiary /users/{id}/watched/{type}',
  },
  {
    name: 'watched_shows',
    title: 'watched (shows)',
    table: 'watched',
    path: '/sync/watched/shows',
    userPath: '/users/{user}/watched/shows',
    query: FULL,
    pagination: 'pages',
    normalizer: 'watched',
    scope: { media_type: 'show' },
    activities: ['episodes.watched_at', 'shows.dropped_at'],
    statsCount: ['shows.watched'],
    docs: 'contract sync/index.ts GET /sync/watched/:type; Apiary /users/{id}/watched/{type}',
  },
  {
    // docs/trakt-api.md §3: only the last 6 months of playback are kept by Trakt.
    name: 'playback',
    title: 'playback progress',
    table: 'playback',
    path: '/sync/playback',
    query: FULL,
    pagination: 'pages',
    normalizer: 'playback',
    activities: ['movies.paused_at', 'episodes.paused_at'],
    docs: 'Apiary GET /sync/playback/{type} (type optional); contract sync/index.ts GET /sync/playback/:type',
  },
  {
    name: 'lists',
    title: 'personal lists',
    table: 'lists',
    path: '/users/{user}/lists',
    userPath: '/users/{user}/lists',
    query: FULL,
    pagination: 'pages',
    normalizer: 'lists',
    activities: ['lists.updated_at'],
    children: {
      // docs/trakt-api.md §3: list items default to 100 per page, max 250; duplicates at page boundaries (#451).
      name: 'list_items',
      title: 'list items',
      table: 'list_items',
      path: '/users/{user}/lists/{id}/items',
      query: FULL,
      normalizer: 'list_items',
      parentKey: 'list_trakt_id',
      scopeColumn: 'list_trakt_id',
      changedWhen: ['updated_at', 'item_count'],
      // An answer without X-Pagination headers is checked against the list's own count.
      countColumn: 'item_count',
      docs: 'Apiary GET /users/{id}/lists/{list_id}/items/{type} ("optionally specify the type"); contract users/subroutes/userLists.ts',
    },
    docs: 'contract users/subroutes/userLists.ts GET /users/:id/lists; Apiary /users/{id}/lists',
  },
  ...(
    ['calendar', 'progress_watched', 'progress_collected', 'recommendations', 'comments', 'dropped'] as const
  ).map(
    (section): Resource => ({
      // docs/trakt-api.md §3: /users/hidden/{section}, `type` movie|show|season|user.
      name: `hidden_${section}`,
      title: `hidden items (${section.replace('_', ' ')})`,
      table: 'hidden_items',
      path: `/users/hidden/${section}`,
      query: FULL,
      pagination: 'pages',
      normalizer: 'hidden',
      scope: { section },
      activities: [
        'movies.hidden_at',
        'shows.hidden_at',
        'seasons.hidden_at',
        'shows.dropped_at',
        'comments.blocked_at',
      ],
      docs: 'contract users/subroutes/hidden.ts GET /users/hidden/:section; Apiary /users/hidden/{section}',
    }),
  ),
  {
    // docs/trakt-api.md §3: comment_type all, type all, include_replies true gives every comment of the user.
    name: 'comments',
    title: 'comments',
    table: 'comments',
    path: '/users/{user}/comments/all/all',
    userPath: '/users/{user}/comments/all/all',
    query: { extended: 'full', include_replies: 'true' },
    pagination: 'pages',
    normalizer: 'comments',
    activities: [
      'movies.commented_at',
      'shows.commented_at',
      'seasons.commented_at',
      'episodes.commented_at',
      'lists.commented_at',
    ],
    docs: 'contract users/index.ts GET /users/:id/comments/:comment_type/:type; Apiary /users/{id}/comments/{comment_type}/{type}',
  },
  {
    name: 'likes_comments',
    title: 'liked comments',
    table: 'likes',
    path: '/users/likes/comments',
    pagination: 'pages',
    normalizer: 'likes',
    scope: { kind: 'comment' },
    activities: ['comments.liked_at'],
    docs: 'contract users/index.ts GET /users/likes/comments',
  },
  {
    name: 'likes_lists',
    title: 'liked lists',
    table: 'likes',
    path: '/users/likes/lists',
    pagination: 'pages',
    normalizer: 'likes',
    scope: { kind: 'list' },
    activities: ['lists.liked_at'],
    docs: 'contract users/index.ts GET /users/likes/lists',
  },
  {
    // docs/trakt-api.md §3: the notes shape is loosely specified (UNCERTAIN); the normalizer accepts both forms.
    // The type is not optional: the bare /users/{id}/notes is documented nowhere. `all` is the
    // type Apiary's "Get notes" gives for every note (docs/trakt-api.md §3, docs/tolerance.md).
    name: 'notes',
    title: 'notes',
    table: 'notes',
    path: '/users/{user}/notes/all',
    query: FULL,
    pagination: 'pages',
    normalizer: 'notes',
    activities: ['notes.updated_at'],
    docs: 'contract users/index.ts GET /users/:id/notes/:type; Apiary reference users/notes/get-notes (type all, movies, shows, seasons, episodes, people, history, collection, ratings)',
  },
  {
    // A snapshot per run: `verify` compares local totals with Trakt's own.
    name: 'stats',
    title: 'stats',
    table: 'stats_snapshots',
    path: '/users/{user}/stats',
    userPath: '/users/{user}/stats',
    pagination: 'single',
    normalizer: 'stats',
    activities: ['all'],
    docs: 'contract users/index.ts GET /users/:id/stats; Apiary /users/{id}/stats',
  },
];
