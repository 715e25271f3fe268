/**
 * Ranked list items (watchlist, favorites, personal and collaboration lists)
 * and the bulk times they are added at: shared by the account's generation
 * and the social graph's, which would otherwise import each other.
 */
import { type Listed, nextId } from './account.ts';
import type { Rng } from './prng.ts';
import { HOSTILE_TITLES, sentence } from './text.ts';
import type { MediaKind } from './universe.ts';

/** Times handed out in bulk groups (imports, multi-select adds) so many items share one second. */
export function bulkTimes(rng: Rng, count: number, from: number, to: number, bulkShare = 0.3): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const at = from + rng.int(Math.max(1, to - from));
    const group = rng.chance(bulkShare) ? rng.range(3, 25) : 1;
    for (let g = 0; g < group && out.length < count; g++) out.push(at);
  }
  return out.sort((a, b) => a - b);
}

export function listedItems(
  rng: Rng,
  picks: { kind: MediaKind; idx: number }[],
  from: number,
  to: number,
  ids: { listItem: number },
  notesShare: number,
): Listed[] {
  const times = bulkTimes(rng, picks.length, from, to);
  return picks.map((pick, k) => ({
    id: nextId(ids, 'listItem', 1 + rng.int(50)),
    rank: k + 1,
    listedAt: times[k]!,
    notes: rng.chance(notesShare) ? noteText(rng) : null,
    kind: pick.kind,
    idx: pick.idx,
  }));
}

export function noteText(rng: Rng): string {
  return rng.chance(0.3) ? (rng.pick(HOSTILE_TITLES) as string) : sentence(rng, rng.range(3, 12));
}
