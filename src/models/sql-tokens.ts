/**
 * A small SQL tokenizer: enough to find which relations a model reads and
 * which `$name` parameters it takes, with comments and string literals out
 * of the way. It is not a parser; DuckDB remains the judge of the SQL.
 */
export type SqlToken =
  | { kind: 'word'; text: string; quoted: boolean }
  | { kind: 'param'; text: string }
  | { kind: 'string' }
  | { kind: 'number'; text: string }
  | { kind: 'punct'; text: string };

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'") {
      i = skipQuoted(sql, i, "'");
      tokens.push({ kind: 'string' });
    } else if (c === '"') {
      const end = skipQuoted(sql, i, '"');
      tokens.push({ kind: 'word', text: sql.slice(i + 1, end - 1).replaceAll('""', '"'), quoted: true });
      i = end;
    } else if (c === '$' && next !== undefined && WORD_START.test(next)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j] as string)) j++;
      tokens.push({ kind: 'param', text: sql.slice(i + 1, j) });
      i = j;
    } else if (WORD_START.test(c)) {
      let j = i;
      while (j < n && WORD_PART.test(sql[j] as string)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j).toLowerCase(), quoted: false });
      i = j;
    } else if (DIGIT.test(c)) {
      let j = i;
      while (j < n && /[0-9._eE]/.test(sql[j] as string)) j++;
      tokens.push({ kind: 'number', text: sql.slice(i, j) });
      i = j;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

/** Index just past a quoted run starting at `start`; a doubled quote escapes itself. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The distinct `$name` parameters a statement uses, in order of first use. */
export function sqlParameters(sql: string): string[] {
  const names: string[] = [];
  for (const token of tokenizeSql(sql)) {
    if (token.kind === 'param' && !names.includes(token.text)) names.push(token.text);
  }
  return names;
}
