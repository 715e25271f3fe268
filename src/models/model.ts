/**
 * A model is one `.sql` file under `sql/`: its file name is the relation it
 * defines, its folder is its layer (staging, marts, reports).
 * Staging models are views and marts are tables unless the file says
 * otherwise in a leading `-- materialized: table|view` comment; reports are
 * parameterized queries that the report runner executes, never built.
 */
export type Materialization = 'table' | 'view' | 'query';

export interface Model {
  name: string;
  layer: string;
  path: string;
  /** The file's SQL without a trailing semicolon. */
  sql: string;
  materialized: Materialization;
  /** Relations named after from/join, minus CTEs (models and source tables alike). */
  reads: string[];
}

export const DEFAULT_MATERIALIZATION: Record<string, Materialization> = {
  staging: 'view',
  intermediate: 'view',
  marts: 'table',
  reports: 'query',
  tests: 'query',
};
