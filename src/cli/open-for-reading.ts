import type { Duck } from '../load/duck.ts';
import type { OpenForReadingOptions } from '../reports/open-for-reading.ts';

/**
 * DuckDB's native module and the model builder take about half a second to
 * load, so commands load them only when they open a database: `--help`, a
 * bad flag or a bad report option answer at once.
 */
export async function openForReading(path: string, options: OpenForReadingOptions = {}): Promise<Duck> {
  const { openForReading: open } = await import('../reports/open-for-reading.ts');
  return open(path, options);
}
