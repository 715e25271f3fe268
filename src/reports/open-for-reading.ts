import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { DatabaseBusyError, DatabaseError } from '../errors.ts';
import type { Duck } from '../load/duck.ts';
import { migrate } from '../load/migrate.ts';
import { openDatabase } from '../load/open-database.ts';
import { buildModels } from '../models/build.ts';
import { type ModelState, modelState } from '../models/freshness.ts';

export interface OpenForReadingOptions {
  /** Rebuild the SQL models first when they are missing or stale (report, query, verify). */
  ensureModels?: boolean;
  /** How long to wait for a backup or sync that holds the database (default 5 s). */
  waitMs?: number;
  clock?: Clock;
  sqlDir?: string;
  /** Told when stale models cannot be rebuilt (the file is read-only) and are used as they are. */
  warn?: (message: string) => void;
  /** Told before the models are rebuilt, which takes a few seconds on a large history. */
  notice?: (message: string) => void;
  /** Opens the file (default openDatabase); tests substitute failures. */
  opener?: (path: string, readOnly: boolean, memoryLimit?: string) => Promise<Duck>;
  /** DuckDB's memory budget from the config; unset, DuckDB's default. */
  memoryLimit?: string | undefined;
}

const RETRY_EVERY_MS = 250;

/**
 * Opens the database read-only for report, query, export and verify: never
 * creates a file (a missing one says to run `traktdb backup`), refuses a
 * schema this traktdb does not know, and waits briefly for a writer to
 * finish. When the models are stale it rebuilds them in a short read-write
 * session first, so a report never answers from old data; if the file
 * cannot be written, stale models are used with a warning.
 */
export async function openForReading(path: string, options: OpenForReadingOptions = {}): Promise<Duck> {
  const clock = options.clock ?? systemClock;
  const waitMs = options.waitMs ?? 5000;
  const opener = options.opener ?? openDatabase;
  const open = (readOnly: boolean) =>
    openWaiting(() => opener(path, readOnly, options.memoryLimit), clock, waitMs);
  const duck = await open(true);
  let state: ModelState;
  try {
    await migrate(duck);
    if (!options.ensureModels) return duck;
    state = await modelState(duck, options.sqlDir);
    if (state === 'current') return duck;
  } catch (error) {
    duck.close();
    throw error;
  }
  duck.close();
  try {
    options.notice?.(
      state === 'missing'
        ? 'building the SQL models (sql/) for the first time...'
        : 'the data or the SQL models changed since they were built; rebuilding them...',
    );
    const writer = await open(false);
    try {
      await buildModels(writer, options.sqlDir === undefined ? {} : { sqlDir: options.sqlDir });
    } finally {
      writer.close();
    }
  } catch (error) {
    if (state === 'missing') {
      throw new DatabaseError(`${path} has no SQL models yet and they cannot be built: ${messageOf(error)}`, {
        cause: error,
      });
    }
    options.warn?.(
      `the SQL models in ${path} are out of date and cannot be rebuilt (${messageOf(error)}); answering from them as they are.`,
    );
  }
  return open(true);
}

async function openWaiting(open: () => Promise<Duck>, clock: Clock, waitMs: number): Promise<Duck> {
  const deadline = clock.now() + waitMs;
  for (;;) {
    try {
      return await open();
    } catch (error) {
      const busy = error instanceof DatabaseBusyError;
      if (!busy || clock.now() >= deadline) throw error;
      await clock.sleep(RETRY_EVERY_MS);
    }
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
