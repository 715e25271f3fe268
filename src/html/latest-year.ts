import type { Duck } from '../load/duck.ts';
import { runReport } from '../reports/index.ts';

/**
 * The last local year with a play (watch-time --by year), or null for an
 * empty history: what the demo reviews when no year is given.
 */
export async function latestYearWithPlays(duck: Duck, tz?: string): Promise<number | null> {
  const result = await runReport(duck, 'watch-time', { by: 'year', ...(tz === undefined ? {} : { tz }) });
  const last = result.rows.at(-1)?.['period'];
  return typeof last === 'string' ? Number(last) : null;
}
