import { ArchiveError } from '../errors.ts';
import { type ActivityValues, activitiesChanged } from '../extract/activities.ts';
import { readArchivedRun } from '../land/archive.ts';
import type { CommitEntry, ResponseEntry } from '../land/manifest.ts';
import type { StateUpdate, SyncState } from '../load/contract.ts';
import type { Store } from '../load/store.ts';
import { replayCommit } from './replay.ts';

/**
 * Finishes what an interrupted run left half done. The archive records a
 * load before the database commits it, so a run killed in between leaves a
 * load the archive holds and the database lacks. Loading it from the
 * archive, as that run, makes the database what a rebuild from the archive
 * gives, and spares the next run fetching it again.
 *
 * Only loads that carry a state are considered: whether the database has
 * them is known from sync_state (the run that wrote it and the activities
 * it saw). A later run's state wins; a load without a state (a history
 * window, an incomplete upsert) is fetched again anyway, since its resource
 * never reached a saved state. A load that cannot be replayed is left to be
 * fetched again. Returns how many loads were recovered.
 */
export async function recoverRun(
  store: Store,
  archiveRoot: string,
  interrupted: { runId: number; startedAt: string },
): Promise<number> {
  const { runId } = interrupted;
  const run = await readArchivedRun(archiveRoot, runId, interrupted.startedAt).catch((error: unknown) => {
    if (error instanceof ArchiveError) return undefined; // a corrupt manifest: its loads are fetched again
    throw error;
  });
  if (run === undefined) return 0;
  const states = await store.syncState();
  const responses = new Map<string, ResponseEntry>();
  let recovered = 0;
  for (const entry of run.entries) {
    if (entry.type === 'response') responses.set(entry.file, entry);
    if (entry.type !== 'commit' || committed(entry, states, runId)) continue;
    try {
      await replayCommit(store, run.dir, entry, responses, runId);
    } catch {
      // A body the kill cut short or the disk lost, or a load the database refused when it was live
      // (it rolled back then and now): its state stays unsaved, so the resource is fetched again.
      continue;
    }
    recovered += 1;
  }
  return recovered;
}

/**
 * Loads committed together went in one transaction: if any of their states
 * is saved, all of them were committed (or a later run has moved on).
 */
function committed(entry: CommitEntry, states: ReadonlyMap<string, SyncState>, runId: number): boolean {
  if (entry.loads === undefined) return committedLoad(entry.state, states.get(entry.resource), runId);
  const withState = entry.loads.filter((load) => load.state !== undefined);
  return (
    withState.length === 0 ||
    withState.some((load) => committedLoad(load.state, states.get(load.resource), runId))
  );
}

function committedLoad(state: StateUpdate | undefined, saved: SyncState | undefined, runId: number): boolean {
  if (state === undefined) return true;
  if (saved === undefined || saved.runId === null) return false;
  if (saved.runId > runId) return true;
  // The runner writes activities as ActivityValues (a removed list's as `{ removed: time }`).
  return (
    saved.runId === runId && !activitiesChanged(saved.activities, (state.activities ?? {}) as ActivityValues)
  );
}
