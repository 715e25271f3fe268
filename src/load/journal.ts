import { DatabaseError } from '../errors.ts';
import type { Duck } from './duck.ts';
import { toIso, toNumber } from './values.ts';

/**
 * The write journal (migration 003): one `restore_runs` row per `restore
 * --apply` or `dedupe --apply`, one `restore_journal` row per batch, written
 * before the batch is sent and updated with Trakt's answer after. A batch
 * left `sent` (the process died waiting) or `unknown` (the answer was lost)
 * is settled by the next run's fresh read of the account, never by sending
 * it again.
 */
export type WriteCommand = 'restore' | 'dedupe';
export type BatchState = 'sent' | 'answered' | 'refused' | 'failed' | 'unknown' | 'settled';

export interface BatchRecord {
  restoreId: number;
  batch: number;
  resource: string;
  method: string;
  path: string;
  items: number;
  body: unknown;
  sentAt: string;
}

export interface UnsettledBatch {
  restoreId: number;
  batch: number;
  resource: string;
  path: string;
  items: number;
  state: BatchState;
  sentAt: string | null;
}

/** A new run, `running`; runs a killed process left `running` become `interrupted` first (the caller holds the lock). */
export async function startWriteRun(
  duck: Duck,
  run: { command: WriteCommand; startedAt: string; accountSlug: string | null; asOf?: string | undefined },
): Promise<number> {
  await duck.run(
    `UPDATE restore_runs SET status = 'interrupted', error = coalesce(error, 'the process ended before the run finished')
     WHERE status = 'running'`,
  );
  const row = await duck.one(
    `INSERT INTO restore_runs (restore_id, command, started_at, status, account_slug, as_of)
     VALUES (nextval('restore_ids'), $command, CAST($startedAt AS TIMESTAMPTZ), 'running', $slug,
             CAST($asOf AS TIMESTAMPTZ))
     RETURNING restore_id`,
    { command: run.command, startedAt: run.startedAt, slug: run.accountSlug, asOf: run.asOf ?? null },
  );
  const id = toNumber(row?.['restore_id'], 'restore_runs.restore_id');
  if (id === null) throw new DatabaseError('starting a restore run returned no id');
  return id;
}

export async function finishWriteRun(
  duck: Duck,
  id: number,
  outcome: {
    status: 'succeeded' | 'incomplete' | 'failed' | 'interrupted';
    finishedAt: string;
    results?: unknown;
    error?: string;
  },
): Promise<void> {
  await duck.run(
    `UPDATE restore_runs SET status = $status, finished_at = CAST($at AS TIMESTAMPTZ),
       results = CAST($results AS JSON), error = $error WHERE restore_id = $id`,
    {
      status: outcome.status,
      at: outcome.finishedAt,
      results: outcome.results === undefined ? null : JSON.stringify(outcome.results),
      error: outcome.error ?? null,
      id,
    },
  );
}

/** Recorded before the batch leaves: a crash after this line leaves it `sent`. */
export async function recordBatch(duck: Duck, batch: BatchRecord): Promise<void> {
  await duck.run(
    `INSERT INTO restore_journal (restore_id, batch, resource, method, path, items, body, sent_at, state)
     VALUES ($id, $batch, $resource, $method, $path, $items, CAST($body AS JSON), CAST($sentAt AS TIMESTAMPTZ), 'sent')`,
    {
      id: batch.restoreId,
      batch: batch.batch,
      resource: batch.resource,
      method: batch.method,
      path: batch.path,
      items: batch.items,
      body: JSON.stringify(batch.body),
      sentAt: batch.sentAt,
    },
  );
}

/** What became of a batch: Trakt's answer (`answered`, `refused`, `failed`), or `unknown`. */
export async function recordAnswer(
  duck: Duck,
  answer: {
    restoreId: number;
    batch: number;
    state: Exclude<BatchState, 'sent' | 'settled'>;
    status: number | null;
    answer: unknown;
    at: string;
  },
): Promise<void> {
  await duck.run(
    `UPDATE restore_journal SET state = $state, status = $status, answer = CAST($answer AS JSON),
       answered_at = CAST($at AS TIMESTAMPTZ) WHERE restore_id = $id AND batch = $batch`,
    {
      state: answer.state,
      status: answer.status,
      answer: answer.answer === undefined ? null : JSON.stringify(answer.answer),
      at: answer.at,
      id: answer.restoreId,
      batch: answer.batch,
    },
  );
}

/** Batches whose outcome no answer told: sent by a process that died, or answered with nothing usable. */
export async function unsettledBatches(duck: Duck): Promise<UnsettledBatch[]> {
  const rows = await duck.all(
    `SELECT restore_id, batch, resource, path, items, state, sent_at FROM restore_journal
     WHERE state IN ('sent', 'unknown') ORDER BY restore_id, batch`,
  );
  return rows.map((row) => ({
    restoreId: toNumber(row['restore_id'], 'restore_journal.restore_id') ?? 0,
    batch: toNumber(row['batch'], 'restore_journal.batch') ?? 0,
    resource: String(row['resource']),
    path: String(row['path']),
    items: toNumber(row['items'], 'restore_journal.items') ?? 0,
    state: String(row['state']) as BatchState,
    sentAt: toIso(row['sent_at']),
  }));
}

/** A fresh read of the account (taken after `before`) settled these batches: whatever they did is in it. */
export async function settleBatches(
  duck: Duck,
  batches: readonly { restoreId: number; batch: number }[],
  at: string,
): Promise<void> {
  for (const b of batches) {
    await duck.run(
      `UPDATE restore_journal SET state = 'settled', settled_at = CAST($at AS TIMESTAMPTZ)
       WHERE restore_id = $id AND batch = $batch AND state IN ('sent', 'unknown')`,
      { at, id: b.restoreId, batch: b.batch },
    );
  }
}

export interface JournalRow {
  restoreId: number;
  batch: number;
  resource: string;
  path: string;
  items: number;
  state: string;
  status: number | null;
}

/** Every batch of one run, in order (tests and `--verbose`). */
export async function journalOf(duck: Duck, restoreId: number): Promise<JournalRow[]> {
  const rows = await duck.all(
    `SELECT restore_id, batch, resource, path, items, state, status FROM restore_journal
     WHERE restore_id = $id ORDER BY batch`,
    { id: restoreId },
  );
  return rows.map((row) => ({
    restoreId,
    batch: toNumber(row['batch'], 'restore_journal.batch') ?? 0,
    resource: String(row['resource']),
    path: String(row['path']),
    items: toNumber(row['items'], 'restore_journal.items') ?? 0,
    state: String(row['state']),
    status: toNumber(row['status'], 'restore_journal.status'),
  }));
}
