import test from 'ava';
import { CONTRACT_TABLES } from '../../src/load/store.ts';
import { PRIMARY_KEYS } from '../../src/normalize/rows.ts';
import { openStore } from './helpers.ts';

test('every table of rows.ts exists with PRIMARY_KEYS as its primary key', async (t) => {
  const store = await openStore(t);
  const keys = await store.duck.all<{ table_name: string; constraint_column_names: string[] }>(
    `SELECT table_name, constraint_column_names FROM duckdb_constraints()
     WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database()`,
  );
  for (const table of CONTRACT_TABLES) {
    const key = keys.find((k) => k.table_name === table);
    t.deepEqual(key?.constraint_column_names, [...PRIMARY_KEYS[table]], table);
  }
  t.is(CONTRACT_TABLES.length, Object.keys(PRIMARY_KEYS).length);
});
