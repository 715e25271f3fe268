import { createHash } from 'node:crypto';
import type { Duck } from '../load/duck.ts';
import { DEFAULT_SQL_DIR, loadModels } from './discover.ts';
import { isBuilt, type Model } from './model.ts';
import { orderModels } from './order.ts';
import { quoteIdentifier, quoteLiteral } from './quote.ts';

/**
 * Built models are a cache of their source tables. A build records the
 * checksum of the model SQL and a fingerprint of every source table it read
 * (row count and an order-independent hash of the rows), so `report` can tell
 * a stale or missing build (new traktdb version, data changed by something
 * that did not rebuild) from a current one and never answer from stale data.
 */
export const BUILD_TABLE = 'model_builds';

export async function recordBuild(duck: Duck, models: readonly Model[]): Promise<void> {
  const built = models.filter(isBuilt);
  await duck.run(
    `CREATE TABLE IF NOT EXISTS ${BUILD_TABLE} (
       built_at TIMESTAMPTZ NOT NULL,
       models_checksum VARCHAR NOT NULL,
       sources_fingerprint VARCHAR NOT NULL,
       models VARCHAR[] NOT NULL
     )`,
  );
  await duck.run(`DELETE FROM ${BUILD_TABLE}`);
  await duck.run(
    `INSERT INTO ${BUILD_TABLE} VALUES (now(), $checksum, $fingerprint, string_split($models, ','))`,
    {
      checksum: modelsChecksum(built),
      fingerprint: await sourcesFingerprint(duck, built),
      models: built.map((m) => m.name).join(','),
    },
  );
}

export type ModelState = 'current' | 'stale' | 'missing';

/**
 * `current` when the recorded build matches the model files and the source
 * tables, `missing` when a model relation or macro does not exist, else `stale`.
 */
export async function modelState(duck: Duck, sqlDir: string = DEFAULT_SQL_DIR): Promise<ModelState> {
  const built = orderModels(await loadModels(duck, sqlDir)).filter(isBuilt);
  const relations = await duck.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main'
     UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal`,
  );
  const names = new Set(relations.map((r) => r.name));
  const macros = built.filter((m) => m.materialized === 'macro');
  if (!built.every((m) => m.materialized === 'macro' || names.has(m.name))) return 'missing';
  for (const macro of macros) if (!(await macroExists(duck, macro))) return 'missing';
  if (!names.has(BUILD_TABLE)) return 'stale';
  const record = await duck.one<{ models_checksum: string; sources_fingerprint: string }>(
    `SELECT models_checksum, sources_fingerprint FROM ${BUILD_TABLE} LIMIT 1`,
  );
  if (!record || record.models_checksum !== modelsChecksum(built)) return 'stale';
  return record.sources_fingerprint === (await sourcesFingerprint(duck, built)) ? 'current' : 'stale';
}

/** True when the recorded build matches the model files and the current source tables. */
export async function modelsAreCurrent(duck: Duck, sqlDir: string = DEFAULT_SQL_DIR): Promise<boolean> {
  return (await modelState(duck, sqlDir)) === 'current';
}

/**
 * Whether a table macro can be called. duckdb_functions() would say too, but it
 * lists every built-in function (about 15 ms); describing a call takes 3 ms.
 */
async function macroExists(duck: Duck, macro: Model): Promise<boolean> {
  const nulls = macro.macroArguments.map(() => 'NULL').join(', ');
  try {
    await duck.all(`DESCRIBE SELECT * FROM ${quoteIdentifier(macro.name)}(${nulls})`);
    return true;
  } catch {
    return false;
  }
}

function modelsChecksum(models: readonly Model[]): string {
  const hash = createHash('sha256');
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(`${m.name}\0${m.materialized}\0${m.sql}\0`);
  }
  return hash.digest('hex');
}

async function sourcesFingerprint(duck: Duck, models: readonly Model[]): Promise<string> {
  const modelNames = new Set(models.map((m) => m.name));
  const sources = [...new Set(models.flatMap((m) => m.reads).filter((r) => !modelNames.has(r)))].sort();
  if (sources.length === 0) return '';
  const parts = sources.map(
    (s) =>
      `SELECT ${quoteLiteral(s)} AS source, count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '0') AS print FROM ${quoteIdentifier(s)} AS t`,
  );
  const rows = await duck.all<{ source: string; print: string }>(
    `${parts.join(' UNION ALL ')} ORDER BY source`,
  );
  return rows.map((r) => `${r.source}=${r.print}`).join(';');
}
