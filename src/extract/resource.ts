import type { MirrorTable } from '../normalize/rows.ts';

/**
 * One entry of the declarative resource catalog (pipelines/catalog.ts): what
 * to fetch, how it pages, where its rows go and which `last_activities`
 * fields announce that it changed. Adding a resource is adding an entry;
 * the runner has no per-resource branches.
 */
export interface Resource {
  /** Stable name; also the `sync_state.resource` key (children append `:<id>`). */
  name: string;
  /** One line for progress output and `status`. */
  title: string;
  /** The mirror table this resource fills. */
  table: MirrorTable;
  /** Path for the signed-in user (`/sync/...`); `{user}` is replaced by the user slug or `me`. */
  path: string;
  /** Path when another user's data is asked for; absent = only the signed-in user's account has it. */
  userPath?: string;
  /** Single resources that need more than one call name the others here (fetched with the same query). */
  also?: Record<string, string>;
  /** Query parameters sent with every page. */
  query?: Record<string, string>;
  /** `pages`: page/limit with X-Pagination-* headers; `single`: one object. */
  pagination: 'pages' | 'single';
  /** Key into the normalizer registry (src/normalize). */
  normalizer: string;
  /** Which part of `table` this resource replaces, as column = value pairs; absent = the whole table. */
  scope?: Record<string, string | number>;
  /** Dotted `last_activities` fields; when any moved, the resource is re-pulled. */
  activities: readonly string[];
  /**
   * Those of `activities` whose move can only mean items were removed (watching an item takes it off
   * the watchlist). When only these moved, a sync compares Trakt's item count with the local one
   * first (one request) and re-pulls only when they differ.
   */
  removalsOnlyWhen?: readonly string[];
  /** History: plays are windowed by watched_at with `start_at`/`end_at`. */
  window?: { column: string };
  /** Child resources fetched once per parent row (list items per list). */
  children?: ChildResource;
  /**
   * Dotted numbers of /users/{id}/stats whose sum counts this resource's
   * items: how an answer without X-Pagination headers is checked (docs/tolerance.md
   * "Real Trakt is messier than any simulator"). Absent: one more page is.
   */
  statsCount?: readonly string[];
  /**
   * The public documentation `path` (and `userPath`) come from: a file of
   * Trakt's contract (github.com/trakt/trakt-api, projects/api/src/contracts/)
   * or a path of its Apiary documentation. A path no public document gives
   * may answer 404 on the real service however well a simulator serves it.
   */
  docs: string;
}

/** A resource instantiated per parent row, e.g. the items of each list. */
export interface ChildResource {
  name: string;
  title: string;
  table: MirrorTable;
  /** `{user}` and `{id}` (the parent's key) are replaced. */
  path: string;
  query?: Record<string, string>;
  normalizer: string;
  /** The parent column that identifies the child, e.g. list_trakt_id. */
  parentKey: string;
  /** The child's scope column in its own table, e.g. list_trakt_id. */
  scopeColumn: string;
  /** Parent columns whose change means the child must be re-pulled. */
  changedWhen: readonly string[];
  /** The parent column that counts the child's items (a list's item_count): the check for a headerless answer. */
  countColumn?: string;
  /** As Resource.docs. */
  docs: string;
}
