import { normalizeProfile } from '../normalize/profile.ts';
import { normalizerFor } from '../normalize/registry.ts';
import { rejection } from '../normalize/rejected.ts';
import type { RowBatch } from '../normalize/rows.ts';
import { normalizeStats } from '../normalize/stats.ts';
import type { Normalize } from './job.ts';
import type { RejectedItem } from './normalize-items.ts';

/** The catalog names a normalizer; this resolves it (live runs and rebuild alike). */
export const normalizeItem: Normalize = (name, item, context) => normalizerFor(name)(item, context);

/** Single-object resources: `main` is the resource's own path, other parts its `also` paths. */
export function normalizeSingle(name: string, parts: Record<string, unknown>, fetchedAt: string): RowBatch {
  switch (name) {
    case 'profile':
      return normalizeProfile(parts['main'], parts['user']);
    case 'stats':
      return normalizeStats(parts['main'], fetchedAt);
    default:
      throw new Error(`no single-object normalizer named '${name}'`);
  }
}

/**
 * normalizeSingle, with an unreadable object set aside like any item (the
 * whole answer is the item; with several parts, all of them): the resource
 * is then rejected, and the run goes on.
 */
export function normalizeSingleSafely(
  name: string,
  parts: Record<string, unknown>,
  fetchedAt: string,
): { batch: RowBatch; rejected: RejectedItem[] } {
  try {
    return { batch: normalizeSingle(name, parts, fetchedAt), rejected: [] };
  } catch (error) {
    const item = Object.keys(parts).length === 1 ? parts['main'] : parts;
    return { batch: {}, rejected: [{ position: 0, ...rejection(error), item }] };
  }
}
