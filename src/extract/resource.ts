import type { ItemNormalizer, SingleNormalizer } from '../normalize/registry.ts';
import { type MirrorTable, PRIMARY_KEYS } from '../normalize/rows.ts';
import type { LoadContext, PartValue } from './ports.ts';

/**
 * One entry of the declarative resource catalog (pipelines/catalog.ts): what
 * to fetch, how it pages, which normalizer reads it (and so which table its
 * rows go to, keyed how), how a complete load writes that table, and which
 * `last_activities` fields announce that it changed. Adding a resource is
 * adding an entry: the runner (planner.ts) has no per-resource branches, and
 * what differs between resources is said here, as data.
 */
export type Resource = PagedResource | SingleResource;

/** How a complete load of a resource writes its table (an incomplete one only upserts). */
export type WriteMode =
  /** Replaces the whole table. */
  | { mode: 'replace' }
  /** Replaces the rows whose columns equal `where`: its own part of a table other resources share. */
  | { mode: 'replace-where'; where: Record<string, PartValue> }
  /**
   * A history of events by time (`column`): a backup pins it at the run's
   * start; a sync fetches only the windows whose counts moved (history-sync.ts).
   */
  | { mode: 'windows'; column: string }
  /** A snapshot per run (stats): a row is kept only when it differs from the latest one. */
  | { mode: 'snapshot' };

/**
 * A second look after a sync, where counts cannot see a change: `kind`
 * names the repair (repairs.ts), `after` the resources it reads, which must
 * be current (complete in this run, or unchanged) for it to run.
 */
export interface Repair {
  kind: 'play-counts';
  after: readonly string[];
}

interface Common {
  /** Stable name; also the `sync_state.resource` key (children append `:<id>`). */
  name: string;
  /** One line for progress output and `status`. */
  title: string;
  /** The mirror table this resource fills: its normalizer's. */
  table: MirrorTable;
  /** The table's primary key (normalize/rows.ts): rows are told apart, and counted, by it. */
  primaryKey: readonly string[];
  /** How a complete load writes the table. */
  write: WriteMode;
  /** Path for the signed-in user (`/sync/...`); `{user}` is replaced by the user slug or `me`. */
  path: string;
  /** Path when another user's data is asked for; absent = only the signed-in user's account has it. */
  userPath?: string;
  /** Query parameters sent with every request. */
  query?: Record<string, string>;
  /** Dotted `last_activities` fields; when any moved, the resource is re-pulled. */
  activities: readonly string[];
  /**
   * Those of `activities` whose move can only mean items were removed (watching an item takes it off
   * the watchlist). When only these moved, a sync compares Trakt's item count with the local one
   * first (one request) and re-pulls only when they differ.
   */
  removalsOnlyWhen?: readonly string[];
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

/** A resource paged with page/limit and X-Pagination-* headers: an array of items. */
export interface PagedResource extends Common {
  pagination: 'pages';
  normalizer: ItemNormalizer;
  /** What the normalizer needs beyond each item (a hidden item's section). */
  context?: LoadContext;
  /** Child resources fetched once per parent row (list items per list). */
  children?: ChildResource;
  /** A repair after a sync pulled this resource. */
  repair?: Repair;
  /**
   * The endpoint is not paged (its contract takes no page query): one
   * request, without page or limit, brings the whole array. It is checked
   * against `statsCount` only where a silent cut could hide items (an
   * answer of exactly 100, docs/trakt-api.md §2): a count that lags behind
   * (Trakt's network numbers do) never fails a run.
   */
  unpaged?: true;
  /**
   * Statuses that mean "none here" rather than "unavailable" or an error:
   * saved filters refuse a free account with 403, 404 or 426 (docs/trakt-api.md §9).
   * The load completes empty, replacing its part of the table with nothing.
   */
  emptyWhen?: readonly number[];
  /**
   * On a sync, re-page only the slices that moved rather than everything
   * (src/extract/ratings-sync.ts): `path` pages one type's values,
   * `{type}` and `{rating}` (comma-separated values) filled in.
   */
  slices?: { kind: 'rating-values'; path: string };
}

/** A resource that is one object (profile, stats), possibly assembled from several calls. */
export interface SingleResource extends Common {
  pagination: 'single';
  normalizer: SingleNormalizer;
  /** The other calls it needs, fetched with the same query (`parts` of the normalizer). */
  also?: Record<string, string>;
}

/**
 * A resource instantiated per row of its parent, e.g. the items of each
 * list. Its key is `<name>:<parent key>`; on a sync only parents whose
 * `changedWhen` columns moved are pulled again, and the children of parents
 * that vanished are removed.
 */
export interface ChildResource {
  name: string;
  title: string;
  table: MirrorTable;
  primaryKey: readonly string[];
  /** `{user}` and `{id}` (the parent's key) are replaced, and each placeholder of `pathColumns`. */
  path: string;
  /**
   * Placeholders of `path` filled from parent columns, e.g. `{owner}` from
   * `owner_slug`: a list another user owns has its items under its owner.
   */
  pathColumns?: Record<string, string>;
  query?: Record<string, string>;
  normalizer: ItemNormalizer;
  /** What a parent is called in titles and reasons (`list items of removed list 7`). */
  parentNoun: string;
  /** The parent column that identifies the child, e.g. list_trakt_id. */
  parentKey: string;
  /** The parent column that names it in titles. */
  labelColumn: string;
  /** The child's own column holding the parent's key: a complete load replaces the rows where it equals it. */
  scopeColumn: string;
  /** The normalizer context field the parent's key goes in. */
  contextKey: keyof LoadContext;
  /** Parent columns whose change means the child must be re-pulled. */
  changedWhen: readonly string[];
  /** The parent column that counts the child's items (a list's item_count): the check for a headerless answer. */
  countColumn?: string;
  /** As Resource.docs. */
  docs: string;
}

/**
 * A resource of a new kind: one request per movie or show the account
 * played (credits, `/movies/{id}/people`), fetched only when the user opts in
 * (`--with <optIn>`). Not part of `catalog`: the planner of the account's
 * resources never sees it; src/extract/per-title.ts plans and runs it after them.
 * Each title is its own load, keyed `<name>:<media_type>:<trakt_id>`, replacing
 * that title's rows; a title already fetched is not asked again until a full sync.
 */
export interface PerTitleResource {
  pagination: 'per-title';
  name: string;
  title: string;
  /** The `--with` word that turns it on. */
  optIn: string;
  table: MirrorTable;
  primaryKey: readonly string[];
  normalizer: SingleNormalizer;
  /** `{id}` is the title's trakt id. */
  paths: { movie: string; show: string };
  query?: Record<string, string>;
  docs: string;
}

/** A per-title entry; its table and primary key come from its normalizer. */
export function perTitle(entry: Omit<PerTitleResource, Derived | 'pagination'>): PerTitleResource {
  return { ...entry, pagination: 'per-title', ...tableOf(entry.normalizer) };
}

type Derived = 'table' | 'primaryKey';

/** A paged catalog entry; its table and primary key come from its normalizer. */
export function paged(entry: Omit<PagedResource, Derived | 'pagination'>): PagedResource {
  return { ...entry, pagination: 'pages', ...tableOf(entry.normalizer) };
}

/** A single-object catalog entry; its table and primary key come from its normalizer. */
export function single(entry: Omit<SingleResource, Derived | 'pagination'>): SingleResource {
  return { ...entry, pagination: 'single', ...tableOf(entry.normalizer) };
}

/** A child resource; its table and primary key come from its normalizer. */
export function child(entry: Omit<ChildResource, Derived>): ChildResource {
  return { ...entry, ...tableOf(entry.normalizer) };
}

function tableOf(normalizer: { table: MirrorTable }): Pick<Common, Derived> {
  return { table: normalizer.table, primaryKey: PRIMARY_KEYS[normalizer.table] };
}
