import type { Duck } from '../load/duck.ts';
import type { OpenForReadingOptions } from '../reports/open-for-reading.ts';

/**
 * openForReading (src/reports/open-for-reading.ts), loaded on first use:
 * DuckDB's native module and the model builder take about half a second to
 * load, so commands load them only when they open a database: `--help`, a
 * bad flag or a bad report option answer at once.
 */
export async function lazyOpenForReading(path: string, options: OpenForReadingOptions = {}): Promise<Duck> {
  const { openForReading } = await import('../reports/open-for-reading.ts');
  return openForReading(path, options);
}
