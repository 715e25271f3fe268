import { type SqlToken, tokenizeSql } from './sql-tokens.ts';

/**
 * The relations a model reads: names after `from` and `join` (and the
 * further items of a comma-separated `from` list), minus the model's own CTE
 * names and table functions. Schema prefixes are dropped (`main.plays` ->
 * `plays`). This is how the runner orders models without a ref() macro.
 */
export function readRelations(sql: string): string[] {
  const tokens = tokenizeSql(sql);
  const ctes = new Set(cteNames(tokens));
  const reads: string[] = [];
  // Functions whose arguments use `from` as a keyword: extract(year from x).
  const parenFunctions: (string | undefined)[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    if (token.kind === 'punct' && token.text === '(') {
      const before = tokens[i - 1];
      parenFunctions.push(before?.kind === 'word' ? before.text : undefined);
      continue;
    }
    if (token.kind === 'punct' && token.text === ')') {
      parenFunctions.pop();
      continue;
    }
    if (!isKeyword(token, 'from') && !isKeyword(token, 'join')) continue;
    if (ARGUMENT_FROM.has(parenFunctions.at(-1) ?? '')) continue;
    let j = i + 1;
    for (;;) {
      const relation = relationAt(tokens, j);
      if (!relation) break;
      if (!ctes.has(relation.name) && !reads.includes(relation.name)) reads.push(relation.name);
      j = skipAlias(tokens, relation.end);
      const comma = tokens[j];
      if (!(isKeyword(token, 'from') && comma?.kind === 'punct' && comma.text === ',')) break;
      j++;
    }
  }
  return reads;
}

const ARGUMENT_FROM = new Set(['extract', 'trim', 'substring', 'overlay', 'position']);

/** Words that end a `from` item rather than naming its alias. */
const CLAUSE_WORDS = new Set([
  'where',
  'join',
  'left',
  'right',
  'inner',
  'outer',
  'full',
  'cross',
  'natural',
  'positional',
  'asof',
  'anti',
  'semi',
  'on',
  'using',
  'group',
  'order',
  'limit',
  'offset',
  'union',
  'except',
  'intersect',
  'window',
  'qualify',
  'having',
  'select',
  'lateral',
  'tablesample',
  'using',
  'pivot',
  'unpivot',
  'returning',
  'set',
  'values',
]);

function isKeyword(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'word' && !token.quoted && token.text === word;
}

/** A dotted name at `start` that is not a table function call. */
function relationAt(tokens: SqlToken[], start: number): { name: string; end: number } | undefined {
  let j = start;
  let name: string | undefined;
  for (;;) {
    const part = tokens[j];
    if (part?.kind !== 'word') return undefined;
    if (!part.quoted && CLAUSE_WORDS.has(part.text)) return undefined;
    name = part.text;
    j++;
    const dot = tokens[j];
    if (dot?.kind === 'punct' && dot.text === '.') j++;
    else break;
  }
  const after = tokens[j];
  if (after?.kind === 'punct' && after.text === '(') return undefined;
  return name === undefined ? undefined : { name, end: j };
}

function skipAlias(tokens: SqlToken[], start: number): number {
  let j = start;
  if (isKeyword(tokens[j], 'as')) j++;
  const alias = tokens[j];
  if (alias?.kind === 'word' && (alias.quoted || !CLAUSE_WORDS.has(alias.text))) j++;
  return j;
}

/** Names defined by `with a as (...)`, `, b as (...)`, `c(x, y) as (...)`. */
function cteNames(tokens: SqlToken[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    if (token.kind !== 'word') continue;
    const before = tokens[i - 1];
    const opensList =
      isKeyword(before, 'with') ||
      isKeyword(before, 'recursive') ||
      (before?.kind === 'punct' && before.text === ',');
    if (!opensList) continue;
    let j = i + 1;
    if (tokens[j]?.kind === 'punct' && (tokens[j] as { text: string }).text === '(') {
      while (
        j < tokens.length &&
        !(tokens[j]?.kind === 'punct' && (tokens[j] as { text: string }).text === ')')
      )
        j++;
      j++;
    }
    if (!isKeyword(tokens[j], 'as')) continue;
    j++;
    if (isKeyword(tokens[j], 'materialized') || isKeyword(tokens[j], 'not')) {
      while (isKeyword(tokens[j], 'not') || isKeyword(tokens[j], 'materialized')) j++;
    }
    const open = tokens[j];
    if (open?.kind === 'punct' && open.text === '(') names.push(token.text);
  }
  return names;
}
