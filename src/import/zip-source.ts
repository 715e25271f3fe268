import { type Entry, openPromise, type ZipFile } from 'yauzl';
import { UsageError } from '../errors.ts';
import {
  type ByteBudget,
  type ExportSource,
  escapingPath,
  type SourceEntry,
  tooLarge,
  tooLargeTotal,
} from './export-source.ts';
import type { ImportLimits } from './limits.ts';

/**
 * A ZIP export, read with yauzl: the central directory is listed first
 * (names and declared sizes checked before anything is decompressed), then
 * entries are streamed one at a time, in any order, with the byte counts
 * enforced on the decompressed data itself.
 */
export async function openZip(path: string, limits: ImportLimits): Promise<ExportSource> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, {
      autoClose: false,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (error) {
    throw new UsageError(
      `${path} is not a complete ZIP archive (${messageOf(error)}): it may be truncated, so download the export again, or not a ZIP at all. Nothing was loaded.`,
      { cause: error },
    );
  }
  const byPath = new Map<string, Entry>();
  const entries: SourceEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      refuseUnsafe(path, entry);
      byPath.set(entry.fileName, entry);
      entries.push({ path: entry.fileName, size: entry.uncompressedSize });
      if (entries.length > limits.maxEntries) break;
    }
  } catch (error) {
    zip.close();
    if (error instanceof UsageError) throw error;
    const message = messageOf(error);
    if (/absolute path|invalid relative path|invalid characters/.test(message)) {
      throw new UsageError(
        `${path} holds an entry whose path escapes the export's folder (${message}); refusing the archive. Nothing was loaded.`,
        { cause: error },
      );
    }
    throw new UsageError(`${path} is a damaged ZIP archive (${message}). Nothing was loaded.`, {
      cause: error,
    });
  }
  return {
    label: path,
    entries,
    read: (entry, budget) => {
      const found = byPath.get(entry.path);
      if (found === undefined) throw new Error(`no entry ${entry.path} in ${path}`);
      return readEntry(zip, path, found, limits, budget);
    },
    close: async () => zip.close(),
  };
}

function refuseUnsafe(label: string, entry: Entry): void {
  if (escapingPath(entry.fileName)) {
    throw new UsageError(
      `${label} holds an entry whose path escapes the export's folder (${entry.fileName}); refusing the archive. Nothing was loaded.`,
    );
  }
  if (entry.isEncrypted()) {
    throw new UsageError(
      `${label}: ${entry.fileName} is encrypted; Trakt's export is not. Nothing was loaded.`,
    );
  }
  if (!entry.canDecodeFileData()) {
    throw new UsageError(
      `${label}: ${entry.fileName} uses ZIP compression method ${entry.compressionMethod}, which traktdb cannot read (re-zip it with deflate). Nothing was loaded.`,
    );
  }
}

async function readEntry(
  zip: ZipFile,
  label: string,
  entry: Entry,
  limits: ImportLimits,
  budget: ByteBudget,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      budget.used += chunk.length;
      // Checked as the bytes arrive: a header may lie about sizes, the inflater cannot.
      if (bytes > limits.maxFileBytes) throw tooLarge(label, entry.fileName, bytes, limits, true);
      if (budget.used > limits.maxTotalBytes) throw tooLargeTotal(label, budget.used, limits);
      if (bytes > limits.ratioFloorBytes && bytes > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        throw new UsageError(
          `${label}: ${entry.fileName} expands more than ${limits.maxRatio} times its compressed size (${entry.compressedSize} bytes), as a ZIP bomb does and no Trakt export does; refusing the archive. Nothing was loaded.`,
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${label}: ${entry.fileName} cannot be read (${messageOf(error)}); the archive is damaged, so download the export again. Nothing was loaded.`,
      { cause: error },
    );
  }
  return Buffer.concat(chunks, bytes);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
