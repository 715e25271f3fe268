import type { Level } from './palette.ts';

/**
 * The quartiles of the non-zero values: the three cut points between levels
 * 1 to 4. Quartiles rather than a share of the maximum, so that one
 * marathon day does not wash every other day out to the lowest level.
 */
export function levelThresholds(values: readonly number[]): [number, number, number] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [0, 0, 0];
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;
  return [at(0.25), at(0.5), at(0.75)];
}

/** 0 for nothing watched; otherwise 1 plus the number of cut points the value passes. */
export function levelOf(value: number, thresholds: readonly number[]): Level {
  if (!(value > 0)) return 0;
  return (1 + thresholds.filter((t) => value > t).length) as Level;
}
