/**
 * The archive manifest: one JSON object per line in `<run>/manifest.jsonl`.
 * A `response` line is written after its body file; a `commit` line after the
 * database committed the resource load it describes. `rebuild` replays commit
 * lines, in order, from the files they name, so a database can be recreated
 * with no network.
 */
export interface ResponseEntry {
  type: 'response';
  file: string;
  resource: string;
  method: string;
  /** Path and query without secrets. */
  path: string;
  status: number;
  items: number | null;
  bytes: number;
  sha256: string;
  at: string;
}

export interface CommitEntry {
  type: 'commit';
  resource: string;
  table: string;
  normalizer: string;
  /** Normalizer context beyond the source (list id, hidden section). */
  context: { listTraktId?: number; section?: string };
  /** The Store scope the load replaced. */
  scope: unknown;
  /** For single resources: which response file is which part (`main`, `user`, ...). */
  parts?: Record<string, string>;
  files: string[];
  rows: number;
  /** The sync_state the load saved, so a rebuilt database syncs incrementally. */
  state?: unknown;
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

export interface CommittedLoad {
  resource: string;
  context: { listTraktId?: number; section?: string };
  scope: unknown;
  files: string[];
  rows: number;
  state?: unknown;
}

export interface RunEntry {
  type: 'run';
  runId: number;
  mode: string;
  startedAt: string;
}

export type ManifestEntry = ResponseEntry | CommitEntry | RunEntry;
