import type { CommitRecord } from '../load/contract.ts';

/**
 * The archive manifest: one JSON object per line in `<run>/manifest.jsonl`.
 * A `response` line is written after its body file; a `commit` line just
 * before the database commits the load it describes (a crash in between
 * leaves the archive ahead of the database, never behind). `rebuild` replays
 * commit lines, in order, from the files they name, so a database can be
 * recreated with no network.
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
  /**
   * The answer's X-Pagination headers, when it had them: a resumed run
   * (docs/sync.md "Resuming") checks pages read back from the archive
   * against them as it would live ones. Absent in archives before issue 18.
   */
  pagination?: { page: number; limit: number; pageCount: number; itemCount: number };
  bytes: number;
  sha256: string;
  at: string;
}

/** A load the database committed, as the contract records it (load/contract.ts). */
export interface CommitEntry extends CommitRecord {
  type: 'commit';
}

export interface RunEntry {
  type: 'run';
  runId: number;
  mode: string;
  startedAt: string;
}

export type ManifestEntry = ResponseEntry | CommitEntry | RunEntry;
