import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import {
  type ByteBudget,
  type ExportSource,
  type SourceEntry,
  tooLarge,
  tooLargeTotal,
} from './export-source.ts';
import type { ImportLimits } from './limits.ts';

/**
 * An export already extracted to a directory: every regular file under it,
 * by path relative to it. Symbolic links are not followed (they could point
 * anywhere); they are listed as unreadable and reported.
 */
export async function openDirectory(root: string, limits: ImportLimits): Promise<ExportSource> {
  const entries: SourceEntry[] = [];
  const walk = async (relative: string): Promise<void> => {
    let listing: import('node:fs').Dirent[];
    try {
      listing = await readdir(join(root, relative), { withFileTypes: true });
    } catch (error) {
      throw new UsageError(
        `Cannot read the directory ${join(root, relative)}: ${(error as Error).message}.`,
        {
          cause: error,
        },
      );
    }
    for (const dirent of listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
      if (dirent.isDirectory()) await walk(path);
      else if (dirent.isFile()) entries.push({ path, size: (await stat(join(root, path))).size });
      else entries.push({ path, size: 0, unreadable: 'not a regular file (a link or device); not followed' });
      if (entries.length > limits.maxEntries) return;
    }
  };
  await walk('');
  return {
    label: root,
    entries,
    read: (entry, budget) => readFileCapped(root, entry, limits, budget),
    close: async () => {},
  };
}

async function readFileCapped(
  root: string,
  entry: SourceEntry,
  limits: ImportLimits,
  budget: ByteBudget,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(join(root, entry.path)) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      budget.used += chunk.length;
      // The file may have grown since it was listed.
      if (bytes > limits.maxFileBytes) throw tooLarge(root, entry.path, bytes, limits, true);
      if (budget.used > limits.maxTotalBytes) throw tooLargeTotal(root, budget.used, limits);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${join(root, entry.path)}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  return Buffer.concat(chunks, bytes);
}
