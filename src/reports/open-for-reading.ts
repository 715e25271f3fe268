import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { DatabaseError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { migrate } from '../load/migrate.ts';
import { openDatabase } from '../load/open-database.ts';
import { buildModels } from '../models/build.ts';
import { modelsAreCurrent } from '../models/freshness.ts';

export interface OpenForReadingOptions {
  /** Rebuild the SQL models first when they are missing or stale (report, query). */
  ensureModels?: boolean;
  /** How long to wait for a backup or sync that holds the database (default 5 s). */
  waitMs?: number;
  clock?: Clock;
  sqlDir?: string;
}

const RETRY_EVERY_MS = 250;

/**
 * Opens the database read-only for report, query, export and verify: never
 * creates a file (a missing one says to run `traktdb backup`), refuses a
 * schema this traktdb does not know, and waits briefly for a writer to
 * finish. When the models are stale it rebuilds them in a short read-write
 * session first, so a report never answers from old data.
 */
export async function openForReading(path: string, options: OpenForReadingOptions = {}): Promise<Duck> {
  const clock = options.clock ?? systemClock;
  const waitMs = options.waitMs ?? 5000;
  const open = (readOnly: boolean) => openWaiting(path, readOnly, clock, waitMs);
  let duck = await open(true);
  try {
    await migrate(duck);
    if (!options.ensureModels || (await modelsAreCurrent(duck, options.sqlDir))) return duck;
  } catch (error) {
    duck.close();
    throw error;
  }
  duck.close();
  const writer = await open(false);
  try {
    await buildModels(writer, options.sqlDir === undefined ? {} : { sqlDir: options.sqlDir });
  } finally {
    writer.close();
  }
  duck = await open(true);
  return duck;
}

async function openWaiting(path: string, readOnly: boolean, clock: Clock, waitMs: number): Promise<Duck> {
  const deadline = clock.now() + waitMs;
  for (;;) {
    try {
      return await openDatabase(path, readOnly);
    } catch (error) {
      const busy = error instanceof DatabaseError && / in use by /.test(error.message);
      if (!busy || clock.now() >= deadline) throw error;
      await clock.sleep(RETRY_EVERY_MS);
    }
  }
}
