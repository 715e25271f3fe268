import type { Job, RunContext } from './job.ts';
import type { StateUpdate } from './ports.ts';

/**
 * Saves a resource's sync_state in a commit of its own, with no rows: for
 * resources whose state may only move once several loads are in (history
 * windows, a list parent after its children). Like every load it is
 * recorded in the archive first, so a rebuilt database syncs from the same
 * state as the original.
 */
export async function commitState(
  job: Pick<Job, 'key' | 'table' | 'normalizer' | 'context'>,
  run: RunContext,
  state: StateUpdate,
): Promise<void> {
  const stage = await run.store.stage(job.table);
  await run.archive.recordCommit({
    resource: job.key,
    table: job.table,
    normalizer: job.normalizer.name,
    context: job.context,
    scope: { kind: 'upsert' },
    files: [],
    rows: 0,
    state,
    at: run.now(),
  });
  await stage.commit({ runId: run.runId, at: run.runStart, scope: { kind: 'upsert' }, state });
}
