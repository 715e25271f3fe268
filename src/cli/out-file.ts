import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TraktdbError, UsageError } from '../errors.ts';
import { expandHome } from '../home-path.ts';

/**
 * `--out FILE` as every command takes it (report, report --format html,
 * doctor; export and letterboxd follow the same rules for their files):
 * `~` expanded, an existing file refused without `--force`, a directory
 * refused, each refusal one sentence with exit 2, checked before anything
 * is opened; missing folders are created when the file is written (as
 * `backup` creates its own).
 */
export async function prepareOutFile(raw: string, options: { force: boolean }): Promise<string> {
  if (raw.trim() === '') throw new UsageError('--out needs a file name.');
  const path = expandHome(raw, '--out');
  const found = await stat(path).catch(() => null);
  if (found?.isDirectory()) throw new UsageError(`--out ${path} is a directory; give a file name.`);
  if (found && !options.force) {
    throw new UsageError(`${path} exists; choose another --out or add --force to replace it.`);
  }
  return path;
}

/** Creates the folder an output goes into, with its parents; refuses with exit 2 when it cannot be. */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`Cannot create the folder ${dir} for --out: ${reason(error)}.`, { cause: error });
  }
}

/**
 * Writes the whole text under a temporary name and renames it into place, so
 * a failed write never leaves half a report where an old one was.
 */
export async function writeOutFile(path: string, text: string, mode?: number): Promise<void> {
  await makeFolder(dirname(path));
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, text, mode === undefined ? {} : { mode });
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const message = `Cannot write ${path}: ${reason(error)}.`;
    // A path the person chose badly is bad input; a full disk is a failure.
    if (
      code === 'EACCES' ||
      code === 'EPERM' ||
      code === 'EROFS' ||
      code === 'ENOTDIR' ||
      code === 'EISDIR'
    ) {
      throw new UsageError(message, { cause: error });
    }
    throw new TraktdbError(message, { cause: error });
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  return code ?? (error instanceof Error ? error.message : String(error));
}
