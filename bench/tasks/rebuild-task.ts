import { Store } from '../../src/load/store.ts';
import { rebuild } from '../../src/runs/rebuild.ts';
import { type DbTimes, timeDuckStatements } from '../db-timing.ts';

export interface RebuildTask {
  archive: string;
  db: string;
}

export interface RebuildTaskResult {
  wallMs: number;
  rows: number;
  /** Wall ms of the plays load alone: reading, checking and normalizing its files, staging, the merge. */
  playsMs: number;
  playsRows: number;
  /** Wall ms after the last load: the SQL models and the ledger. */
  modelsMs: number;
  loads: number;
  dbMs: DbTimes;
}

/** `traktdb rebuild` as the CLI runs it (into a fresh database), timing each load from its events. */
export async function rebuildTask(task: RebuildTask): Promise<RebuildTaskResult> {
  const dbMs = timeDuckStatements();
  const store = await Store.open(task.db);
  const started = performance.now();
  let previous = started;
  let playsMs = 0;
  let playsRows = 0;
  try {
    const summary = await rebuild({
      archive: task.archive,
      store,
      now: () => new Date().toISOString(),
      emit: (event) => {
        if (event.type !== 'resource-done') return;
        const now = performance.now();
        if (event.resource === 'plays') {
          playsMs += now - previous;
          playsRows += event.rows;
        }
        previous = now;
      },
    });
    const ended = performance.now();
    return {
      wallMs: ended - started,
      rows: summary.rows,
      playsMs,
      playsRows,
      modelsMs: ended - previous,
      loads: summary.loads,
      dbMs,
    };
  } finally {
    await store.close();
  }
}
