import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Loaded into every ava worker before its test file (package.json, ava.nodeArguments).
 *
 * DuckDB opens with one thread in the tests. ava already runs one file per core and a file
 * runs its tests at once, each on its own small database; DuckDB's default of a thread per
 * core only adds worker threads that spin and wake for statements of a few hundred rows.
 * One thread per database cut test/reliability/faults.test.ts from 69 to 49 CPU seconds at
 * load 11, with the same results (docs/testing.md). Spawned CLIs are untouched: they run as
 * a user's would. A test that sets `threads` itself keeps its own value.
 */
const create = DuckDBInstance.create.bind(DuckDBInstance);
DuckDBInstance.create = (path?: string, options?: Record<string, string>) =>
  create(path, { threads: '1', ...options });
