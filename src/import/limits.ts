/**
 * What an export may hold before it is refused as hostile or broken. Real
 * exports are far below these: Trakt splits history into parts of a few
 * hundred items, and the 2026 VIP caps (docs/trakt-api.md §5: 100,000 plays, 20,000
 * ratings, 100 lists of 5,000 items) make a whole export some hundred MB of
 * JSON at most.
 */
export interface ImportLimits {
  /** Bytes of one file once decompressed (the issue asks that a 2 GB file be refused). */
  maxFileBytes: number;
  /** Bytes of all files together once decompressed. */
  maxTotalBytes: number;
  /**
   * Decompressed bytes per compressed byte of one ZIP entry. JSON deflates
   * about 5-30 to 1; a ZIP bomb 1000 to 1. Checked on the bytes as they
   * stream, so a header that lies about sizes does not help.
   */
  maxRatio: number;
  /** Below this many decompressed bytes an entry's ratio is not checked (`[]` stored in 2 bytes is fine). */
  ratioFloorBytes: number;
  /** Files in one export. */
  maxEntries: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ImportLimits = {
  // One JSON file must also fit one JavaScript string (V8: about 512 MiB).
  maxFileBytes: 256 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
  maxEntries: 20_000,
};

export function limitsWith(overrides: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ImportLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** `256MiB`, `1GB`, `500k`, `1048576` -> bytes; undefined when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (match === null) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k')
    ? 1024
    : unit.startsWith('m')
      ? MiB
      : unit.startsWith('g')
        ? 1024 * MiB
        : 1;
  const bytes = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
