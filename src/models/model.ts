/**
 * A model is one `.sql` file under `sql/`: its file name is the relation it
 * defines, its folder is its layer (staging, intermediate, marts, reports,
 * tests). Staging and intermediate models are views and marts are tables
 * unless the file says otherwise in a leading `-- materialized: ...`
 * comment; `-- materialized: macro(tz, year)` makes a DuckDB table macro
 * that takes those arguments, for a step every report shares but that
 * depends on a report's options. Reports and tests are parameterized
 * queries that their runners execute, never built.
 */
export type Materialization = 'table' | 'view' | 'macro' | 'query';

export interface ModelFile {
  name: string;
  layer: string;
  path: string;
  /** The file's SQL without a trailing semicolon. */
  sql: string;
  materialized: Materialization;
  /** A macro's arguments, in the order callers pass them; empty otherwise. */
  macroArguments: string[];
}

export interface Model extends ModelFile {
  /** Relations read (after from/join), minus CTEs: models and source tables alike. */
  reads: readonly string[];
  /** Table functions called (after from/join): table macros among the models, DuckDB's own functions. */
  calls: readonly string[];
}

export const DEFAULT_MATERIALIZATION: Record<string, Materialization> = {
  staging: 'view',
  intermediate: 'view',
  marts: 'table',
  reports: 'query',
  tests: 'query',
};

/** Models that exist in the database once built (everything but reports and tests). */
export function isBuilt(model: ModelFile): boolean {
  return model.materialized !== 'query';
}
