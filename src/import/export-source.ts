import { UsageError } from '../errors.ts';
import { formatBytes, type ImportLimits } from './limits.ts';

/** One file of an export, as the ZIP or the directory names it. */
export interface SourceEntry {
  /** `/`-separated path inside the export (a top folder included). */
  path: string;
  /** Declared size in bytes (ZIP header or file size); enforced again while reading. */
  size: number;
  /** Set when the entry cannot be read at all (a symbolic link in a directory). */
  unreadable?: string;
}

/** Bytes read so far in one pass over an export, against the total cap. */
export class ByteBudget {
  used = 0;
}

/** A Trakt data export: a ZIP archive or the directory it was extracted to. */
export interface ExportSource {
  /** The path given, for messages. */
  readonly label: string;
  readonly entries: readonly SourceEntry[];
  /** The entry's bytes; refuses (UsageError) an entry past the limits or a damaged one. */
  read(entry: SourceEntry, budget: ByteBudget): Promise<Buffer>;
  close(): Promise<void>;
}

/** `atLeast`: the count stopped while streaming, so the file is larger still. */
export function tooLarge(
  label: string,
  path: string,
  bytes: number,
  limits: ImportLimits,
  atLeast = false,
): UsageError {
  return new UsageError(
    `${label}: ${path} is ${atLeast ? 'more than ' : ''}${formatBytes(bytes)}, over the ${formatBytes(limits.maxFileBytes)} one file of an export may have; refusing it (raise --max-file-size if the export is genuine). Nothing was loaded.`,
  );
}

export function tooLargeTotal(label: string, bytes: number, limits: ImportLimits): UsageError {
  return new UsageError(
    `${label} unpacks to more than ${formatBytes(limits.maxTotalBytes)} (at least ${formatBytes(bytes)}); refusing it (raise --max-total-size if the export is genuine). Nothing was loaded.`,
  );
}

/**
 * A path inside an export that could land outside the folder it is read
 * into: absolute, a drive letter, a `..` segment, a backslash or a NUL.
 * (yauzl checks the same; this is the importer's own guard.)
 */
export function escapingPath(path: string): boolean {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0'))
    return true;
  return path.split('/').some((segment) => segment === '..');
}
