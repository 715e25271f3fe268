import { readdir, readFile } from 'node:fs/promises';
import { DatabaseError } from '../errors.ts';
import type { Duck } from './duck.ts';
import { messageOf } from './open-database.ts';
import { toNumber } from './values.ts';

/**
 * Versioned schema: `migrations/NNN_name.sql` files applied in order, each in
 * its own transaction together with its row in `schema_version`. A database
 * from a newer traktdb is refused rather than misread.
 */

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (name) => ({
      version: Number.parseInt(name, 10),
      name,
      sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8'),
    })),
  );
}

/** The schema version of the open database; 0 for an empty one. */
export async function schemaVersion(duck: Duck): Promise<number> {
  const tables = await duck.all<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()`,
  );
  if (tables.some((t) => t.table_name === 'schema_version')) {
    const row = await duck.one('SELECT max(version) AS v FROM schema_version');
    return toNumber(row?.['v'], 'schema_version') ?? 0;
  }
  if (tables.length > 0) {
    throw new DatabaseError(
      `${duck.path} is a DuckDB database but not a traktdb one; point --db at another file`,
      { badInput: true },
    );
  }
  return 0;
}

async function appliedVersions(duck: Duck): Promise<Set<number>> {
  const rows = await duck.all<{ version: number }>('SELECT version FROM schema_version');
  return new Set(rows.map((row) => Number(row.version)));
}

/** Brings the database to the newest schema this code knows (or checks it is there, read-only). */
export async function migrate(duck: Duck): Promise<number> {
  const migrations = await loadMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  const current = await schemaVersion(duck);
  if (current > latest) {
    throw new DatabaseError(
      `${duck.path} was written by a newer traktdb (schema ${current}); upgrade traktdb`,
      { badInput: true },
    );
  }
  // Every migration not yet applied, not only those above the newest applied: migrations are
  // numbered per change, and one numbered lower can land after a higher one was applied.
  const applied = current === 0 ? new Set<number>() : await appliedVersions(duck);
  const pending = migrations.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return current;
  if (duck.readOnly) {
    throw new DatabaseError(
      current === 0
        ? `${duck.path} is not a traktdb database yet; run traktdb backup first`
        : `${duck.path} has schema ${current}, older than this traktdb's ${latest}; run traktdb sync once to upgrade it`,
    );
  }
  for (const migration of pending) {
    try {
      await duck.run('BEGIN TRANSACTION');
      await duck.run(
        'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())',
      );
      await duck.run(migration.sql);
      await duck.run('INSERT INTO schema_version (version, name) VALUES (?, ?)', [
        migration.version,
        migration.name,
      ]);
      await duck.run('COMMIT');
    } catch (error) {
      await duck.run('ROLLBACK').catch(() => undefined);
      throw new DatabaseError(
        `cannot upgrade ${duck.path} to schema ${migration.version}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  return latest;
}
