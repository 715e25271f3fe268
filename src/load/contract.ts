import type { RejectedItemRow } from '../normalize/rejected.ts';
import type { MirrorTable, RowBatch } from '../normalize/rows.ts';

/**
 * The load contract: what every path into the mirror (the API pull, the
 * export import, the archive rebuild) hands the database, and what it gets
 * back. Declared once, here; the extractor's ports, the archive's manifest,
 * the store and the replay all speak these types. Nothing in this file
 * touches DuckDB.
 */

export type { MirrorTable };

/** A value that names a part of a table: a column's value (`section = 'calendar'`, `collaboration = true`). */
export type PartValue = string | number | boolean;

/** Which part of a mirror table one load replaces (rows outside it are never deleted). */
export type Scope =
  /** The whole table. */
  | { kind: 'all' }
  /** The rows whose columns equal these values (a shared table's part: collected movies, one list's items). */
  | { kind: 'where'; equals: Record<string, PartValue> }
  /** The rows whose `column` lies in [from, to] (either end open), within `equals` when given: a history window. */
  | { kind: 'range'; column: string; from?: string; to?: string; equals?: Record<string, PartValue> }
  /** Nothing is deleted: rows are inserted or updated (an export, a load that could not be verified). */
  | { kind: 'upsert' }
  /** Time series (stats_snapshots): a staged row is kept only when it differs from the latest one. */
  | { kind: 'snapshot' }
  /**
   * Several loads committed together (a group of lists' items): the union of
   * their scopes. Their staged rows must each lie in their own load's scope,
   * and the scopes must not overlap, so that the group leaves the table as the
   * loads one after another would.
   */
  | { kind: 'union'; of: Scope[] };

/** One sync_state row to write with a load. */
export interface StateUpdate {
  /** `plays`, `list_items:123`. */
  resource: string;
  /** The last_activities values seen; left as stored when undefined, null clears it. */
  activities?: unknown;
  cursor?: unknown;
  itemCount?: number | null;
}

/** One sync_state row as read: what a resource last saw, and which run wrote it. */
export interface SyncState {
  resource: string;
  activities: unknown;
  cursor: unknown;
  itemCount: number | null;
  runId: number | null;
  updatedAt: string | null;
}

export interface CommitSpec {
  runId: number;
  /** changed_at of the change_log rows, an ISO timestamp. */
  at: string;
  scope: Scope;
  /** Upserted into sync_state in the same transaction. */
  state?: StateUpdate;
  /** More sync_state rows to upsert in the same transaction. */
  extraState?: StateUpdate[];
  /** sync_state resources to delete in the same transaction (e.g. what an import made stale). */
  dropState?: string[];
  /** A key column of the mirror table to count changes by (loads committed together: list items by list). */
  countBy?: string;
}

export interface Counts {
  inserted: number;
  /** Updates that changed more than a rank. */
  updated: number;
  deleted: number;
  /** Updates that only renumbered a rank (watchlist, favorites, list items): logged, marked rank_only, not counted as changed. */
  reranked?: number;
}

/** What one commit changed. */
export interface MergeResult extends Counts {
  /** Media rows inserted or updated. */
  mediaUpserted: number;
  /** Every table the commit changed (media included), with its counts. */
  byTable: Record<string, Counts>;
  /** With CommitSpec.countBy: the mirror table's counts per value of that column. */
  by?: Record<string, Counts>;
  /** rejected_items rows written with the load. */
  rejected: number;
}

/**
 * A staging area for one resource load: rows go in page by page, and reach
 * the mirror only when the load commits, in one transaction.
 */
export interface Stage {
  /**
   * Appends a batch's rows (this stage's mirror table and any media tables).
   * The stage may keep references to media rows: do not mutate them after.
   */
  add(batch: RowBatch): Promise<void>;
  /** Items the normalizers refused, written to rejected_items in the same transaction as the rows. */
  reject(rows: readonly RejectedItemRow[]): Promise<void>;
  /** Mirror rows staged so far, before duplicates are folded. */
  readonly rowCount: number;
  /** One transaction: media upsert, mirror merge within the scope, change_log, sync_state. */
  commit(spec: CommitSpec): Promise<MergeResult>;
  /** Drops what was staged; the stage can be filled again from scratch. */
  discard(): Promise<void>;
  /** Nothing more will be added before the commit: what the stage holds in memory goes to disk. */
  rest(): Promise<void>;
}

/** Where loads go: the Store, or a fake of it. */
export interface LoadTarget {
  stage(table: MirrorTable): Promise<Stage>;
  /** Several stages of one table as one load, in one transaction; `spec.scope` covers them all. */
  commitTogether(stages: readonly Stage[], spec: CommitSpec): Promise<MergeResult>;
}

/** What a normalizer needs beyond the item itself, per load (a list item's list, a hidden item's section). */
export interface LoadContext {
  listTraktId?: number;
  section?: string;
  /** A per-title load (credits): the movie or show the answer is about. */
  title?: { mediaType: 'movie' | 'show'; traktId: number };
}

/**
 * One load as the archive records it: which archived responses, read by
 * which normalizer with which context, replaced which scope and saved
 * which state. Replaying it gives the same rows (runs/replay.ts).
 */
export interface CommittedLoad {
  resource: string;
  context: LoadContext;
  scope: Scope;
  files: string[];
  rows: number;
  state?: StateUpdate;
}

/**
 * The archive's resource name for the answers that taught a run ids its
 * items left out (normalize/lookups.ts): replaying an archived load reads
 * them again from there.
 */
export const LOOKUP_RESOURCE = 'id_lookups';

/** A commit as the archive records it, before the database commits it (land/manifest.ts adds its `type`). */
export interface CommitRecord extends CommittedLoad {
  table: MirrorTable;
  /** The name of the normalizer that read the files (normalize/registry.ts): rebuild finds it again by this name. */
  normalizer: string;
  /** For single resources: which response file is which part (`main`, `user`, ...). */
  parts?: Record<string, string>;
  /** sync_state rows the load made stale (an import's), dropped again when it is replayed. */
  dropState?: string[];
  /**
   * Loads of one table committed in one transaction (the items of several
   * lists): each with its own files, normalizer context, scope and state.
   * Then `files` and `rows` are theirs together, `scope` the union of
   * theirs, and `state` is absent. Replayed together, in this order.
   */
  loads?: CommittedLoad[];
  at: string;
}
