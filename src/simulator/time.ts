/**
 * Times inside the simulator are whole seconds since the epoch: Trakt sends
 * every timestamp at second precision as `YYYY-MM-DDTHH:mm:ss.000Z`
 * (docs/trakt-api.md §1 Dates), so seconds are exact and fit in a Uint32Array.
 */

export function iso(sec: number): string {
  return new Date(sec * 1000).toISOString();
}

export function isoDate(sec: number): string {
  return iso(sec).slice(0, 10);
}

export function toSec(ms: number): number {
  return Math.floor(ms / 1000);
}

export function parseIsoSec(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${value}`);
  return toSec(ms);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A `start_at` / `end_at` bound in milliseconds, or undefined when the value is
 * not a date. Both `YYYY-MM-DD` and full datetimes are accepted (docs/trakt-api.md §1,
 * UNCERTAIN format); a bare date as `end_at` covers that whole day, so both
 * bounds are inclusive either way.
 */
export function parseBound(value: string, edge: 'start' | 'end'): number | undefined {
  if (DATE_ONLY.test(value)) {
    const ms = Date.parse(`${value}T00:00:00.000Z`);
    if (Number.isNaN(ms)) return undefined;
    return edge === 'start' ? ms : ms + 86_400_000 - 1;
  }
  if (DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
