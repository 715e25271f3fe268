import { performance } from 'node:perf_hooks';
import type { Duck } from '../load/duck.ts';
import { DEFAULT_SQL_DIR, loadModels } from './discover.ts';
import { recordBuild } from './freshness.ts';
import { isBuilt, type Model } from './model.ts';
import { ModelError } from './model-error.ts';
import { orderModels } from './order.ts';
import { quoteIdentifier } from './quote.ts';

export interface BuildOptions {
  sqlDir?: string;
}

export interface BuildResult {
  /** Relation names built, in build order. */
  built: string[];
  ms: number;
}

/**
 * Builds every staging, intermediate and mart model (views, tables and
 * table macros) in dependency
 * order, in one transaction, so a reader sees either the old models or the
 * new ones. The backup, sync and rebuild commands call this after every
 * run; `report` calls it when the models are missing or out of date.
 * Reports (`rpt_`) are queries, checked for order but not built.
 */
export async function buildModels(duck: Duck, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const ordered = orderModels(await loadModels(duck, options.sqlDir ?? DEFAULT_SQL_DIR));
  const buildable = ordered.filter(isBuilt);
  await duck.run('BEGIN TRANSACTION');
  try {
    const existing = await existingKinds(duck);
    for (const model of buildable) await buildOne(duck, model, existing.get(model.name));
    await recordBuild(duck, ordered);
    await duck.run('COMMIT');
  } catch (error) {
    await duck.run('ROLLBACK').catch(() => undefined);
    if (error instanceof ModelError) throw error;
    throw new ModelError(`Building the SQL models failed: ${firstLine(error)}`, { cause: error });
  }
  return { built: buildable.map((m) => m.name), ms: Math.round(performance.now() - started) };
}

async function buildOne(duck: Duck, model: Model, existing: 'table' | 'view' | undefined): Promise<void> {
  const name = quoteIdentifier(model.name);
  // CREATE OR REPLACE cannot turn a view into a table or back.
  if (existing === 'table' && model.materialized === 'view') await duck.run(`DROP TABLE ${name}`);
  if (existing === 'view' && model.materialized === 'table') await duck.run(`DROP VIEW ${name}`);
  const statement =
    model.materialized === 'macro'
      ? `CREATE OR REPLACE MACRO ${name}(${model.macroArguments.map(quoteIdentifier).join(', ')}) AS TABLE\n${model.sql}`
      : `CREATE OR REPLACE ${model.materialized === 'table' ? 'TABLE' : 'VIEW'} ${name} AS\n${model.sql}`;
  try {
    await duck.run(statement);
  } catch (error) {
    throw new ModelError(`Building the model ${model.name} (${model.path}) failed: ${firstLine(error)}`, {
      cause: error,
    });
  }
}

async function existingKinds(duck: Duck): Promise<Map<string, 'table' | 'view'>> {
  const rows = await duck.all<{ name: string; kind: 'table' | 'view' }>(
    `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
     UNION ALL
     SELECT view_name, 'view' FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary`,
  );
  return new Map(rows.map((r) => [r.name, r.kind]));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
