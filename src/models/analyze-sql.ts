import type { Duck } from '../load/duck.ts';

/** What one SELECT statement reads and takes, from DuckDB's own parse tree. */
export interface SqlFacts {
  /** Relations named after from/join (any depth), minus the CTEs in scope there. */
  readonly reads: readonly string[];
  /** Table functions called after from/join: `range`, `pg_timezone_names`, table macros. */
  readonly calls: readonly string[];
  /** Its `$name` parameters, in the order DuckDB numbers them (first use). */
  readonly parameters: readonly string[];
}

/** A statement DuckDB could not parse, or that is not a single SELECT. */
export class SqlAnalysisError extends Error {}

interface ParseTree {
  error: boolean;
  error_message?: string;
  statements?: { node: unknown; named_param_map?: { key: string; value: number }[] }[];
}

/**
 * Asks DuckDB's parser (json_serialize_sql, in-process, one query for all
 * the statements) what each statement reads, so the model order and the
 * report parameters never depend on a tokenizer of ours. Only parsing
 * happens: nothing is bound, so the relations need not exist yet.
 * Results are in the order of `sqls`; a statement that does not parse,
 * or is not exactly one SELECT, is an SqlAnalysisError for that entry.
 */
export async function analyzeSql(
  duck: Duck,
  sqls: readonly string[],
): Promise<(SqlFacts | SqlAnalysisError)[]> {
  const unknown = [...new Set(sqls.filter((sql) => !analyzed.has(sql)))];
  if (unknown.length > 0) {
    const rows = await duck.all<{ tree: string }>(
      `SELECT json_serialize_sql(s) AS tree
       FROM unnest(CAST(CAST($sqls AS JSON) AS VARCHAR[])) WITH ORDINALITY AS given(s, position)
       ORDER BY position`,
      { sqls: JSON.stringify(unknown) },
    );
    for (const [i, row] of rows.entries()) {
      analyzed.set(unknown[i] as string, factsOf(JSON.parse(row.tree) as ParseTree));
    }
  }
  return sqls.map((sql) => analyzed.get(sql) as SqlFacts | SqlAnalysisError);
}

/**
 * A statement's facts depend on its text alone (and the DuckDB version), so
 * each text is parsed once per process: a report run, or a freshness check
 * followed by a build, asks again for texts already seen.
 */
const analyzed = new Map<string, SqlFacts | SqlAnalysisError>();

function factsOf(tree: ParseTree): SqlFacts | SqlAnalysisError {
  if (tree.error)
    return new SqlAnalysisError((tree.error_message ?? 'it does not parse').replace(/[.!]+$/, ''));
  const statements = tree.statements ?? [];
  const [statement] = statements;
  if (statements.length !== 1 || statement === undefined) {
    return new SqlAnalysisError(`it holds ${statements.length} statements, not one`);
  }
  const found: Found = { reads: [], calls: [] };
  walk(statement.node, new Set(), found);
  const parameters = [...(statement.named_param_map ?? [])]
    .sort((a, b) => a.value - b.value)
    .map((p) => p.key);
  return { ...found, parameters };
}

type TreeNode = Record<string, unknown>;

interface Found {
  reads: string[];
  calls: string[];
}

interface CteEntry {
  key: string;
  value: { query: unknown };
}

/**
 * Collects table references and table function calls. A CTE's name is in
 * scope for the CTEs after it and the query body, and inside itself only
 * when recursive (DuckDB marks that node RECURSIVE_CTE_NODE with its name),
 * so `with plays as (select * from plays)` still reads the table plays.
 */
function walk(node: unknown, scope: ReadonlySet<string>, facts: Found): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, scope, facts);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const tree = node as TreeNode;
  let inner = scope;
  const ctes = (tree['cte_map'] as { map?: CteEntry[] } | undefined)?.map ?? [];
  if (ctes.length > 0) {
    const names = new Set(scope);
    for (const cte of ctes) {
      walk(cte.value.query, names, facts);
      names.add(cte.key);
    }
    inner = names;
  }
  if (tree['type'] === 'RECURSIVE_CTE_NODE' && typeof tree['cte_name'] === 'string') {
    inner = new Set([...inner, tree['cte_name']]);
  }
  if (tree['type'] === 'BASE_TABLE' && typeof tree['table_name'] === 'string') {
    const qualified = tree['schema_name'] !== '' || tree['catalog_name'] !== '';
    const name = tree['table_name'];
    if ((qualified || !inner.has(name)) && !facts.reads.includes(name)) facts.reads.push(name);
  }
  if (tree['type'] === 'TABLE_FUNCTION') {
    const name = (tree['function'] as TreeNode | undefined)?.['function_name'];
    if (typeof name === 'string' && !facts.calls.includes(name)) facts.calls.push(name);
  }
  for (const [key, value] of Object.entries(tree)) if (key !== 'cte_map') walk(value, inner, facts);
}
