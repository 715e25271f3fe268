import { stat } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { openDirectory } from './dir-source.ts';
import { type ExportSource, tooLarge, tooLargeTotal } from './export-source.ts';
import type { ImportLimits } from './limits.ts';
import { openZip } from './zip-source.ts';

/** Opens `path` as a ZIP archive or an extracted directory; bad input is a UsageError. */
export async function openExport(path: string, limits: ImportLimits): Promise<ExportSource> {
  const found = await stat(path).catch(() => null);
  if (found === null)
    throw new UsageError(
      `${path} does not exist; give the ZIP downloaded from trakt.tv or the folder it was extracted to.`,
    );
  if (found.isFile() && /\.json$/i.test(path)) {
    throw new UsageError(
      `${path} is one file of the export; give the whole ZIP downloaded from trakt.tv, or the folder it was extracted to.`,
    );
  }
  const source = found.isDirectory() ? await openDirectory(path, limits) : await openZip(path, limits);
  try {
    checkDeclared(source, limits);
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}

/** Refuses what the headers already give away, before a byte is decompressed. */
function checkDeclared(source: ExportSource, limits: ImportLimits): void {
  if (source.entries.length > limits.maxEntries) {
    throw new UsageError(
      `${source.label} holds ${source.entries.length} files, more than the ${limits.maxEntries} an export can have; refusing it. Nothing was loaded.`,
    );
  }
  const seen = new Set<string>();
  let total = 0;
  for (const entry of source.entries) {
    if (seen.has(entry.path)) {
      throw new UsageError(`${source.label} holds ${entry.path} twice; refusing it. Nothing was loaded.`);
    }
    seen.add(entry.path);
    if (entry.size > limits.maxFileBytes) throw tooLarge(source.label, entry.path, entry.size, limits);
    total += entry.size;
  }
  if (total > limits.maxTotalBytes) throw tooLargeTotal(source.label, total, limits);
}
