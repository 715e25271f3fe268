import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duck } from '../load/duck.ts';
import { analyzeSql } from './analyze-sql.ts';
import { DEFAULT_MATERIALIZATION, type Materialization, type Model, type ModelFile } from './model.ts';
import { ModelError } from './model-error.ts';

/** The `sql/` folder shipped next to `src/`. */
export const DEFAULT_SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));

const MATERIALIZED = /^\s*--\s*materialized:\s*(table|view|query|macro)\s*(?:\(([^)]*)\))?\s*$/im;
const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Every model file under `sqlDir`, sorted by path: what the file system
 * says (name, layer, materialization). What each one reads needs DuckDB's
 * parser: see loadModels.
 */
export function discoverModels(sqlDir: string = DEFAULT_SQL_DIR): ModelFile[] {
  const models: ModelFile[] = [];
  for (const path of sqlFiles(sqlDir)) {
    const name = basename(path, '.sql');
    if (!NAME.test(name)) {
      throw new ModelError(`The model file ${path} must be named in lower_snake_case (it names a relation).`);
    }
    const layer = relative(sqlDir, path).split(sep)[0] ?? '';
    const text = readFileSync(path, 'utf8');
    const sql = text.trim().replace(/;\s*$/, '');
    const duplicate = models.find((m) => m.name === name);
    if (duplicate) throw new ModelError(`Two model files define ${name}: ${duplicate.path} and ${path}.`);
    const declared = MATERIALIZED.exec(leadingComments(text));
    const materialized =
      (declared?.[1] as Materialization | undefined) ?? DEFAULT_MATERIALIZATION[layer] ?? 'view';
    const macroArguments = (declared?.[2] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    if (materialized === 'macro' && !macroArguments.every((a) => NAME.test(a))) {
      throw new ModelError(`The macro ${path} must list its arguments as -- materialized: macro(a, b).`);
    }
    models.push({ name, layer, path, sql, materialized, macroArguments });
  }
  return models;
}

/** Every model under `sqlDir` with what it reads, from DuckDB's own parser (one query for all). */
export async function loadModels(duck: Duck, sqlDir: string = DEFAULT_SQL_DIR): Promise<Model[]> {
  const files = discoverModels(sqlDir);
  const facts = await analyzeSql(
    duck,
    files.map((f) => f.sql),
  );
  return files.map((file, i) => {
    const found = facts[i];
    if (found === undefined || found instanceof Error) {
      throw new ModelError(
        `The model file ${file.path} must hold one SELECT statement: ${found?.message ?? 'it was not parsed'}.`,
      );
    }
    return { ...file, reads: found.reads, calls: found.calls };
  });
}

function sqlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sqlFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.sql')) found.push(path);
  }
  return found.sort();
}

/** The comment lines before the first statement, where a model states its materialization. */
function leadingComments(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*(--.*)?$/.test(line)) lines.push(line);
    else break;
  }
  return lines.join('\n');
}
