import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';

/**
 * A small tmpfs of `size` bytes at `<dir>/<name>`, unmounted when the test
 * ends; undefined where mounting is not allowed (not root, no CAP_SYS_ADMIN).
 * A full disk and a read-only one are real to every writer, DuckDB's native
 * file layer included, which an injection in Node's fs could not reach.
 */
export async function smallDisk(
  t: ExecutionContext,
  dir: string,
  name: string,
  size: number,
): Promise<string | undefined> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', path], { stdio: 'pipe' });
  } catch {
    return undefined;
  }
  t.teardown(() => {
    try {
      execFileSync('umount', ['-l', path], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  });
  return path;
}

/** Makes a mounted small disk read-only (a remount: chmod does not stop root). */
export function makeReadOnly(path: string): void {
  execFileSync('mount', ['-o', 'remount,ro', path], { stdio: 'pipe' });
}

export function makeWritable(path: string): void {
  execFileSync('mount', ['-o', 'remount,rw', path], { stdio: 'pipe' });
}
