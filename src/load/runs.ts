import { DatabaseError } from '../errors.ts';
import { MEDIA_TABLES } from '../normalize/rows.ts';
import { isoTimestamp } from '../normalize/time.ts';
import type { Duck } from './duck.ts';
import { toIso, toNumber, toText } from './values.ts';

/** The run ledger, sync_runs (docs/schema.md). */

export type RunMode = 'backup' | 'sync' | 'sync-full' | 'rebuild' | 'import';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'incomplete' | 'interrupted';

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  finishedAt: string;
  requests: number;
  rateLimited: number;
  waitedMs: number;
  error?: string;
  incompleteResources?: string[];
  /** Resources whose endpoint answered 404 or 405, each as `resource (METHOD /path answered 404)`. */
  unavailableResources?: string[];
  /** A rebuild: the archived runs it replayed, by their original ids. */
  replayedRuns?: number[];
}

/**
 * What a run changed, counted one way everywhere (the run's summary,
 * `status`, sync_runs), from its change_log rows (docs/sync.md "What the
 * numbers mean"): `account` the account's own rows (the mirror tables:
 * history, ratings, lists...) inserted, updated or deleted, rank-only
 * renumbering left out; `media` rows of movies, shows, seasons, episodes
 * and people added or refreshed; `reranked` rank-only updates.
 */
export interface RunChanges {
  account: number;
  media: number;
  reranked: number;
}

export interface SyncRunRow {
  runId: number;
  mode: string;
  startedAt: string | null;
  finishedAt: string | null;
  status: string;
  requests: number | null;
  rateLimited: number | null;
  rowsChanged: number | null;
  error: string | null;
  waitedMs: number | null;
  /** Rows of the media tables the run added or refreshed (NULL for a run before schema 6). */
  mediaRowsChanged?: number | null;
  rowsReranked?: number | null;
  replayedRuns?: number[];
  incompleteResources: string[];
  unavailableResources: string[];
}

export async function startRun(duck: Duck, mode: RunMode, startedAt: string): Promise<number> {
  const row = await duck.one(
    `INSERT INTO sync_runs (run_id, mode, started_at, status)
     VALUES (nextval('sync_run_ids'), ?, CAST(? AS TIMESTAMPTZ), 'running') RETURNING run_id`,
    [mode, iso(startedAt)],
  );
  const runId = toNumber(row?.['run_id'], 'sync_runs.run_id');
  if (runId === null) throw new DatabaseError('starting a run returned no run id');
  return runId;
}

const MEDIA_LIST = MEDIA_TABLES.map((t) => `'${t}'`).join(', ');

/** rows_changed, media_rows_changed and rows_reranked are counted from the run's change_log rows (RunChanges). */
export async function finishRun(duck: Duck, runId: number, outcome: RunOutcome): Promise<RunChanges> {
  const counted = await duck.one(
    `SELECT count(*) FILTER (WHERE table_name NOT IN (${MEDIA_LIST}) AND NOT coalesce(rank_only, FALSE))::DOUBLE AS account,
            count(*) FILTER (WHERE table_name IN (${MEDIA_LIST}))::DOUBLE AS media,
            count(*) FILTER (WHERE coalesce(rank_only, FALSE))::DOUBLE AS reranked
     FROM change_log WHERE run_id = ?`,
    [runId],
  );
  const changes: RunChanges = {
    account: Number(counted?.['account'] ?? 0),
    media: Number(counted?.['media'] ?? 0),
    reranked: Number(counted?.['reranked'] ?? 0),
  };
  const changed = await duck.changes(
    `UPDATE sync_runs SET finished_at = CAST(? AS TIMESTAMPTZ), status = ?, requests = ?, rate_limited = ?,
       waited_ms = ?, error = ?, incomplete_resources = CAST(CAST(? AS JSON) AS VARCHAR[]),
       unavailable_resources = CAST(CAST(? AS JSON) AS VARCHAR[]),
       rows_changed = ?, media_rows_changed = ?, rows_reranked = ?,
       replayed_runs = CAST(CAST(? AS JSON) AS BIGINT[])
     WHERE run_id = ?`,
    [
      iso(outcome.finishedAt),
      outcome.status,
      outcome.requests,
      outcome.rateLimited,
      Math.round(outcome.waitedMs),
      outcome.error ?? null,
      JSON.stringify(outcome.incompleteResources ?? []),
      JSON.stringify(outcome.unavailableResources ?? []),
      changes.account,
      changes.media,
      changes.reranked,
      outcome.replayedRuns === undefined ? null : JSON.stringify(outcome.replayedRuns),
      runId,
    ],
  );
  if (changed === 0) throw new DatabaseError(`there is no run ${runId} to finish`);
  return changes;
}

/**
 * Runs left `running` by a process that died (the caller holds the write
 * lock, so no live process owns them) are marked interrupted.
 */
export function closeAbandonedRuns(duck: Duck): Promise<number> {
  return duck.changes(
    `UPDATE sync_runs SET status = 'interrupted',
       error = coalesce(error, 'the process ended before the run finished')
     WHERE status = 'running'`,
  );
}

export async function lastRuns(duck: Duck, n: number): Promise<SyncRunRow[]> {
  const limit = Math.max(0, Math.floor(n));
  const rows = await duck.all(`SELECT * FROM sync_runs ORDER BY run_id DESC LIMIT ${limit}`);
  return rows.map((row) => ({
    runId: toNumber(row['run_id'], 'sync_runs.run_id') ?? 0,
    mode: String(row['mode']),
    startedAt: toIso(row['started_at']),
    finishedAt: toIso(row['finished_at']),
    status: String(row['status']),
    requests: toNumber(row['requests'], 'sync_runs.requests'),
    rateLimited: toNumber(row['rate_limited'], 'sync_runs.rate_limited'),
    rowsChanged: toNumber(row['rows_changed'], 'sync_runs.rows_changed'),
    error: toText(row['error']),
    waitedMs: toNumber(row['waited_ms'], 'sync_runs.waited_ms'),
    mediaRowsChanged: toNumber(row['media_rows_changed'], 'sync_runs.media_rows_changed'),
    rowsReranked: toNumber(row['rows_reranked'], 'sync_runs.rows_reranked'),
    replayedRuns: Array.isArray(row['replayed_runs'])
      ? row['replayed_runs'].map((id) => toNumber(id, 'sync_runs.replayed_runs') ?? 0)
      : [],
    incompleteResources: Array.isArray(row['incomplete_resources'])
      ? row['incomplete_resources'].map(String)
      : [],
    unavailableResources: Array.isArray(row['unavailable_resources'])
      ? row['unavailable_resources'].map(String)
      : [],
  }));
}

/** One rejected item as `status` shows it. */
export interface RejectedSummary {
  resource: string;
  request: string;
  position: number;
  reason: string;
}

/** The rejected items a run recorded, in the order they were fetched. */
export async function rejectedItems(duck: Duck, runId: number): Promise<RejectedSummary[]> {
  const rows = await duck.all(
    `SELECT resource, request, position, reason FROM rejected_items WHERE run_id = ?
     ORDER BY resource, request, position`,
    [runId],
  );
  return rows.map((row) => ({
    resource: String(row['resource']),
    request: String(row['request']),
    position: toNumber(row['position'], 'rejected_items.position') ?? 0,
    reason: String(row['reason']),
  }));
}

function iso(text: string): string {
  const value = isoTimestamp(text);
  if (value === null) throw new DatabaseError(`'${text}' is not an ISO timestamp`);
  return value;
}
