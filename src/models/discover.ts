import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MATERIALIZATION, type Materialization, type Model } from './model.ts';
import { ModelError } from './model-error.ts';
import { readRelations } from './relations.ts';

/** The `sql/` folder shipped next to `src/`. */
export const DEFAULT_SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));

const MATERIALIZED = /^\s*--\s*materialized:\s*(table|view|query)\s*$/im;
const NAME = /^[a-z][a-z0-9_]*$/;

/** Every model under `sqlDir`, sorted by path (ordering by dependency is orderModels's job). */
export function discoverModels(sqlDir: string = DEFAULT_SQL_DIR): Model[] {
  const models: Model[] = [];
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
    const declared = MATERIALIZED.exec(leadingComments(text))?.[1] as Materialization | undefined;
    models.push({
      name,
      layer,
      path,
      sql,
      materialized: declared ?? DEFAULT_MATERIALIZATION[layer] ?? 'view',
      reads: readRelations(sql),
    });
  }
  return models;
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
