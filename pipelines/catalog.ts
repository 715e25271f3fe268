import {
  child,
  type PerTitleResource,
  paged,
  perTitle,
  type Resource,
  single,
} from '../src/extract/resource.ts';
import { NORMALIZERS as N, SINGLE_NORMALIZERS as S } from '../src/normalize/registry.ts';

/**
 * The resource catalog: every account table of docs/schema.md and the Trakt
 * endpoints that fill it. Shapes and behaviour are from
 * docs/trakt-api.md §3 (cited per entry).
 *
 * Each entry names its normalizer (which gives the table its rows go to,
 * and that table's primary key) and its write mode: what a complete load
 * replaces. Everything the runner does differently for one resource is
 * stated here, as data (src/extract/resource.ts); test/pipelines/catalog.test.ts
 * holds every entry against the simulator.
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

// docs/trakt-api.md §9: any of these moving means pulling all five relations (docs/account.md).
const ACCOUNT_SOCIAL = [
  'account.followed_at',
  'account.following_at',
  'account.pending_at',
  'account.requested_at',
] as const;

// A list's items are re-pulled when its updated_at or item_count moves.
const LIST_ITEMS_CHANGED = ['updated_at', 'item_count'] as const;

export const catalog: readonly Resource[] = [
  single({
    // Settings and the public profile together make the one profile row.
    name: 'profile',
    title: 'profile and settings',
    normalizer: S.profile,
    write: { mode: 'replace' },
    path: '/users/settings',
    also: { user: '/users/{user}' },
    query: FULL,
    activities: ['account.settings_at'],
    docs: 'contract users/index.ts: GET /users/settings and GET /users/:id',
  }),
  paged({
    // docs/trakt-api.md §3: /sync/history newest first, `id` is int64; end_at pins the run's snapshot.
    name: 'plays',
    title: 'watch history',
    normalizer: N.history,
    write: { mode: 'windows', column: 'watched_at' },
    path: '/sync/history',
    userPath: '/users/{user}/history',
    query: FULL,
    activities: ALL_WATCHED,
    statsCount: ['movies.plays', 'episodes.plays'],
    // Window counts cannot see a backdated and a removed play side by side; the watched
    // aggregates' play counts can, once both are current (src/extract/repairs.ts).
    repair: { kind: 'play-counts', after: ['watched_movies', 'watched_shows'] },
    docs: 'contract sync/index.ts GET /sync/history/:type/:id ("specify a type and id to limit"); Apiary /users/{id}/history/{type}/{item_id}',
  }),
  paged({
    name: 'ratings',
    title: 'ratings',
    normalizer: N.ratings,
    write: { mode: 'replace' },
    path: '/sync/ratings/all',
    userPath: '/users/{user}/ratings/all',
    query: FULL,
    activities: ['movies.rated_at', 'shows.rated_at', 'seasons.rated_at', 'episodes.rated_at'],
    statsCount: ['ratings.total'],
    // A sync re-pages only the (type, value) slices whose counts moved (src/extract/ratings-slices.ts).
    slices: { kind: 'rating-values', path: '/sync/ratings/{type}/{rating}' },
    docs: 'contract sync/index.ts GET /sync/ratings/:type/:rating (type all); Apiary /users/{id}/ratings/{type}/{rating}',
  }),
  paged({
    // docs/trakt-api.md §3: watchlist returns only 100 items unless paged (2026).
    name: 'watchlist',
    title: 'watchlist',
    normalizer: N.watchlist,
    write: { mode: 'replace' },
    path: '/sync/watchlist/all/rank/asc',
    userPath: '/users/{user}/watchlist/all/rank/asc',
    query: FULL,
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
  }),
  paged({
    name: 'favorites',
    title: 'favorites',
    normalizer: N.favorites,
    write: { mode: 'replace' },
    path: '/sync/favorites/all/rank/asc',
    userPath: '/users/{user}/favorites/all/rank/asc',
    query: FULL,
    activities: ['movies.favorited_at', 'shows.favorited_at', 'favorites.updated_at'],
    docs: 'contract sync/index.ts GET /sync/favorites/:type/:sort_by/:sort_how; contract users/subroutes/favorites.ts',
  }),
  paged({
    // docs/trakt-api.md §3: collection is paged since 2026; `metadata` only with extended=metadata.
    name: 'collection_movies',
    title: 'collection (movies)',
    normalizer: N.collection_movies,
    write: { mode: 'replace-where', where: { media_type: 'movie' } },
    path: '/sync/collection/movies',
    userPath: '/users/{user}/collection/movies',
    query: { extended: 'full,metadata' },
    activities: ['movies.collected_at'],
    statsCount: ['movies.collected'],
    docs: 'contract sync/index.ts GET /sync/collection/movies; contract users/index.ts GET /users/:id/collection/:type',
  }),
  paged({
    // docs/trakt-api.md §3: the C contract adds type `episodes`: one item per collected episode, with ids.
    name: 'collection_episodes',
    title: 'collection (episodes)',
    normalizer: N.collection_episodes,
    write: { mode: 'replace-where', where: { media_type: 'episode' } },
    path: '/sync/collection/episodes',
    query: { extended: 'full,metadata' },
    activities: ['episodes.collected_at'],
    statsCount: ['episodes.collected'],
    docs: 'contract sync/index.ts GET /sync/collection/episodes',
  }),
  paged({
    name: 'watched_movies',
    title: 'watched (movies)',
    normalizer: N.watched,
    write: { mode: 'replace-where', where: { media_type: 'movie' } },
    path: '/sync/watched/movies',
    userPath: '/users/{user}/watched/movies',
    query: FULL,
    activities: ['movies.watched_at'],
    statsCount: ['movies.watched'],
    docs: 'contract sync/index.ts GET /sync/watched/:type; Apiary /users/{id}/watched/{type}',
  }),
  paged({
    name: 'watched_shows',
    title: 'watched (shows)',
    normalizer: N.watched,
    write: { mode: 'replace-where', where: { media_type: 'show' } },
    path: '/sync/watched/shows',
    userPath: '/users/{user}/watched/shows',
    query: FULL,
    activities: ['episodes.watched_at', 'shows.dropped_at'],
    statsCount: ['shows.watched'],
    docs: 'contract sync/index.ts GET /sync/watched/:type; Apiary /users/{id}/watched/{type}',
  }),
  paged({
    // docs/trakt-api.md §3: only the last 6 months of playback are kept by Trakt.
    name: 'playback',
    title: 'playback progress',
    normalizer: N.playback,
    write: { mode: 'replace' },
    path: '/sync/playback',
    query: FULL,
    activities: ['movies.paused_at', 'episodes.paused_at'],
    docs: 'Apiary GET /sync/playback/{type} (type optional); contract sync/index.ts GET /sync/playback/:type',
  }),
  paged({
    name: 'lists',
    title: 'personal lists',
    normalizer: N.lists,
    // The collaboration lists share the table (docs/account.md); each resource replaces its own part.
    write: { mode: 'replace-where', where: { collaboration: false } },
    path: '/users/{user}/lists',
    userPath: '/users/{user}/lists',
    query: FULL,
    activities: ['lists.updated_at'],
    children: child({
      // docs/trakt-api.md §3: list items default to 100 per page, max 250; duplicates at page boundaries (#451).
      name: 'list_items',
      title: 'list items',
      normalizer: N.list_items,
      path: '/users/{user}/lists/{id}/items',
      query: FULL,
      parentNoun: 'list',
      parentKey: 'list_trakt_id',
      labelColumn: 'name',
      scopeColumn: 'list_trakt_id',
      contextKey: 'listTraktId',
      changedWhen: LIST_ITEMS_CHANGED,
      // An answer without X-Pagination headers is checked against the list's own count.
      countColumn: 'item_count',
      docs: 'Apiary GET /users/{id}/lists/{list_id}/items/{type} ("optionally specify the type"); contract users/subroutes/userLists.ts',
    }),
    docs: 'contract users/subroutes/userLists.ts GET /users/:id/lists; Apiary /users/{id}/lists',
  }),
  paged({
    // docs/trakt-api.md §9: lists other users own that the account may edit; not paged.
    name: 'collaborations',
    title: 'collaboration lists',
    normalizer: N.collaborations,
    write: { mode: 'replace-where', where: { collaboration: true } },
    path: '/users/{user}/lists/collaborations',
    userPath: '/users/{user}/lists/collaborations',
    query: FULL,
    unpaged: true,
    activities: ['collaborations.updated_at'],
    children: child({
      // A collaboration list's items live under its owner, not under the account.
      name: 'collaboration_items',
      title: 'collaboration list items',
      normalizer: N.list_items,
      path: '/users/{owner}/lists/{id}/items',
      pathColumns: { '{owner}': 'owner_slug' },
      query: FULL,
      parentNoun: 'collaboration list',
      parentKey: 'list_trakt_id',
      labelColumn: 'name',
      scopeColumn: 'list_trakt_id',
      contextKey: 'listTraktId',
      changedWhen: LIST_ITEMS_CHANGED,
      countColumn: 'item_count',
      docs: 'Apiary GET /users/{id}/lists/{list_id}/items/{type}; contract users/subroutes/userLists.ts',
    }),
    docs: 'contract users/subroutes/userLists.ts GET /users/:id/lists/collaborations',
  }),
  ...(
    [
      ['followers', 'followers', N.followers, 'follower', '/users/{user}/followers', 'network.followers'],
      ['following', 'following', N.following, 'following', '/users/{user}/following', 'network.following'],
      ['friends', 'friends', N.friends, 'friend', '/users/{user}/friends', 'network.friends'],
    ] as const
  ).map(([name, title, normalizer, relation, path, count]) =>
    paged({
      // docs/trakt-api.md §9: [{followed_at|friends_at, user}], not paged; friends are the mutual follows.
      name,
      title,
      normalizer,
      write: { mode: 'replace-where', where: { relation } },
      path,
      userPath: path,
      query: FULL,
      unpaged: true,
      activities: ACCOUNT_SOCIAL,
      statsCount: [count],
      docs: `contract users/index.ts GET ${path.replace('{user}', ':id')}`,
    }),
  ),
  ...(
    [
      ['requests_in', 'follow requests to you', N.requests_in, 'request_in', '/users/requests'],
      ['requests_out', 'your follow requests', N.requests_out, 'request_out', '/users/requests/following'],
    ] as const
  ).map(([name, title, normalizer, relation, path]) =>
    paged({
      // docs/trakt-api.md §9: [{id, requested_at, user}], OAuth only, not paged.
      name,
      title,
      normalizer,
      write: { mode: 'replace-where', where: { relation } },
      path,
      query: FULL,
      unpaged: true,
      activities: ACCOUNT_SOCIAL,
      docs: `contract users/subroutes/requests.ts GET ${path}`,
    }),
  ),
  ...(['movies', 'shows', 'calendars', 'search'] as const).map((section) =>
    paged({
      // docs/trakt-api.md §9: VIP only, paged; a free account is refused with 403, 404 or 426.
      name: `saved_filters_${section}`,
      title: `saved filters (${section})`,
      normalizer: N.saved_filters,
      context: { section },
      write: { mode: 'replace-where', where: { section } },
      path: `/users/saved_filters/${section}`,
      activities: ['saved_filters.updated_at'],
      emptyWhen: [403, 404, 426],
      docs: 'contract users/subroutes/filters.ts GET /users/saved_filters/:section',
    }),
  ),
  ...(
    ['calendar', 'progress_watched', 'progress_collected', 'recommendations', 'comments', 'dropped'] as const
  ).map((section) =>
    paged({
      // docs/trakt-api.md §3: /users/hidden/{section}, `type` movie|show|season|user.
      name: `hidden_${section}`,
      title: `hidden items (${section.replace('_', ' ')})`,
      normalizer: N.hidden,
      context: { section },
      write: { mode: 'replace-where', where: { section } },
      path: `/users/hidden/${section}`,
      query: FULL,
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
  paged({
    // docs/trakt-api.md §3: comment_type all, type all, include_replies true gives every comment of the user.
    name: 'comments',
    title: 'comments',
    normalizer: N.comments,
    write: { mode: 'replace' },
    path: '/users/{user}/comments/all/all',
    userPath: '/users/{user}/comments/all/all',
    query: { extended: 'full', include_replies: 'true' },
    activities: [
      'movies.commented_at',
      'shows.commented_at',
      'seasons.commented_at',
      'episodes.commented_at',
      'lists.commented_at',
    ],
    docs: 'contract users/index.ts GET /users/:id/comments/:comment_type/:type; Apiary /users/{id}/comments/{comment_type}/{type}',
  }),
  paged({
    name: 'likes_comments',
    title: 'liked comments',
    normalizer: N.likes,
    write: { mode: 'replace-where', where: { kind: 'comment' } },
    path: '/users/likes/comments',
    activities: ['comments.liked_at'],
    docs: 'contract users/index.ts GET /users/likes/comments',
  }),
  paged({
    name: 'likes_lists',
    title: 'liked lists',
    normalizer: N.likes,
    write: { mode: 'replace-where', where: { kind: 'list' } },
    path: '/users/likes/lists',
    activities: ['lists.liked_at'],
    docs: 'contract users/index.ts GET /users/likes/lists',
  }),
  paged({
    // docs/trakt-api.md §3: the notes shape is loosely specified (UNCERTAIN); the normalizer accepts both forms.
    // The type is not optional: the bare /users/{id}/notes is documented nowhere. `all` is the
    // type Apiary's "Get notes" gives for every note (docs/trakt-api.md §3, docs/tolerance.md).
    name: 'notes',
    title: 'notes',
    normalizer: N.notes,
    write: { mode: 'replace' },
    path: '/users/{user}/notes/all',
    query: FULL,
    activities: ['notes.updated_at'],
    docs: 'contract users/index.ts GET /users/:id/notes/:type; Apiary reference users/notes/get-notes (type all, movies, shows, seasons, episodes, people, history, collection, ratings)',
  }),
  single({
    // A snapshot per run: `verify` compares local totals with Trakt's own.
    name: 'stats',
    title: 'stats',
    normalizer: S.stats,
    write: { mode: 'snapshot' },
    path: '/users/{user}/stats',
    userPath: '/users/{user}/stats',
    activities: ['all'],
    docs: 'contract users/index.ts GET /users/:id/stats; Apiary /users/{id}/stats',
  }),
];

/**
 * Opt-in resources fetched once per played movie and show (`--with credits`,
 * docs/credits.md): never part of a plain backup or sync.
 */
export const perTitleCatalog: readonly PerTitleResource[] = [
  perTitle({
    // docs/trakt-api.md §8: {cast, crew}; person ids and names (full fields only with extended=full).
    name: 'credits',
    title: 'credits',
    optIn: 'credits',
    normalizer: S.credits,
    paths: { movie: '/movies/{id}/people', show: '/shows/{id}/people' },
    docs: 'contract movies/index.ts and shows/index.ts GET /:id/people (_internal/response/peopleResponseSchema.ts); Apiary /movies/{id}/people, /shows/{id}/people',
  }),
];
