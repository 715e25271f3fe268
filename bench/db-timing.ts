import { Duck } from '../src/load/duck.ts';

/**
 * Wall time spent inside DuckDB statements, by kind, measured by wrapping
 * the one DuckDB wrapper (src/load/duck.ts) for the life of a benchmark
 * process. The store runs every statement through one queue, so these
 * times add up to how long the database kept the run busy.
 */
export type DbTimes = Record<string, number>;

const KINDS: [string, RegExp][] = [
  ['change_log', /^INSERT INTO change_log/],
  ['commit', /^COMMIT/],
  ['models', /^CREATE OR REPLACE (TABLE|VIEW) "?(stg_|fct_|dim_|rpt_)/],
  ['stage read', /^CREATE OR REPLACE TEMP TABLE/],
  ['merge', /^(INSERT INTO main\.|UPDATE main\.|DELETE FROM main\.)/],
];

export function timeDuckStatements(): DbTimes {
  const times: DbTimes = {};
  const proto = Duck.prototype as unknown as Record<
    string,
    (sql: string, params?: unknown) => Promise<unknown>
  >;
  for (const method of ['run', 'changes', 'all'] as const) {
    const original = proto[method] as (sql: string, params?: unknown) => Promise<unknown>;
    proto[method] = async function (this: Duck, sql: string, params?: unknown) {
      const started = performance.now();
      try {
        return await original.call(this, sql, params);
      } finally {
        const text = sql.trimStart();
        const kind = KINDS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';
        times[kind] = (times[kind] ?? 0) + performance.now() - started;
      }
    };
  }
  return times;
}
