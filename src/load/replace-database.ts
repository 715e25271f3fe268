import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DatabaseBusyError, DatabaseError, ExitCode } from '../errors.ts';
import type { Duck } from './duck.ts';
import { openDatabase } from './open-database.ts';

/**
 * `rebuild` writes a new database beside the target (`<db>.rebuild-<pid>`)
 * and swaps it in only when complete. These helpers make that safe next to
 * other traktdb processes: the target's write lock is held for the whole
 * rebuild, so a sync cannot write into a file about to be replaced, and copies
 * left by killed rebuilds are removed.
 */
export function copyPathFor(target: string, pid = process.pid): string {
  return `${target}.rebuild-${pid}`;
}

/** Removes copies (and their WAL and staging files) whose rebuild process is gone; returns their names. */
export async function removeDeadCopies(target: string): Promise<string[]> {
  const prefix = `${basename(target)}.rebuild-`;
  const dir = dirname(target);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || isAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the target's write lock, if it is a database: a target another
 * process is writing, a directory or a file that is not DuckDB is refused
 * (its owner's work is not to be replaced); a damaged database, which the
 * rebuild is there to replace, is not held.
 */
export async function lockTarget(target: string): Promise<Duck | null> {
  if (!existsSync(target)) return null;
  try {
    return await openDatabase(target, false);
  } catch (error) {
    const refused =
      error instanceof DatabaseBusyError ||
      (error instanceof DatabaseError && error.exitCode === ExitCode.usage);
    if (refused) throw error;
    return null;
  }
}

/**
 * Replaces the target with the finished copy. The lock is released just
 * before the rename (DuckDB checkpoints the old file's WAL on close, so no
 * WAL of the old database is left to be replayed over the new one).
 */
export async function swapIn(copy: string, target: string, lock: Duck | null): Promise<void> {
  lock?.close();
  await rm(`${target}.wal`, { force: true });
  await rename(copy, target);
}
