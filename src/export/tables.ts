import type { Duck } from '../load/duck.ts';
import { discoverModels } from '../models/discover.ts';
import { isBuilt } from '../models/model.ts';
import { PRIMARY_KEYS } from '../normalize/rows.ts';

/** The run ledger, sync state and change log: part of the contract, exported by default too. */
const BOOKKEEPING: Record<string, readonly string[]> = {
  sync_runs: ['run_id'],
  sync_state: ['resource'],
  change_log: [],
};

export interface ExportableTable {
  name: string;
  /** Rows are written in this order (the primary key), so exports diff cleanly. */
  orderBy: readonly string[];
  /** Exported when no --tables is given. */
  default: boolean;
}

/**
 * What `export` can write: every contract table present in the database (by
 * default), and on request the built models (fct_plays, dim_*, stg_*).
 */
export async function exportableTables(duck: Duck): Promise<ExportableTable[]> {
  const present = new Set(
    (
      await duck.all<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'main' AND table_catalog = current_database()`,
      )
    ).map((r) => r.name),
  );
  const contract: Record<string, readonly string[]> = { ...PRIMARY_KEYS, ...BOOKKEEPING };
  const tables: ExportableTable[] = Object.entries(contract)
    .filter(([name]) => present.has(name))
    .map(([name, key]) => ({ name, orderBy: key, default: true }));
  for (const model of discoverModels()) {
    if (isBuilt(model) && present.has(model.name)) {
      tables.push({ name: model.name, orderBy: [], default: false });
    }
  }
  return tables;
}
