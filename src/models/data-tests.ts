import type { Duck } from '../load/duck.ts';
import { DEFAULT_SQL_DIR, discoverModels } from './discover.ts';
import { quoteIdentifier } from './quote.ts';

export interface DataTestResult {
  name: string;
  /** Rows the test query returned: each one is a violation. */
  failures: number;
}

/**
 * Runs the singular data tests in `sql/tests/` (dbt style: a query that
 * returns the rows breaking a rule, so zero rows means it holds) against
 * built models.
 */
export async function runDataTests(duck: Duck, sqlDir: string = DEFAULT_SQL_DIR): Promise<DataTestResult[]> {
  const results: DataTestResult[] = [];
  for (const test of discoverModels(sqlDir).filter((m) => m.layer === 'tests')) {
    const row = await duck.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM (${test.sql}) AS ${quoteIdentifier(test.name)}`,
    );
    results.push({ name: test.name, failures: Number(row?.n ?? 0) });
  }
  return results;
}
