export { type BuildOptions, type BuildResult, buildModels } from './build.ts';
export { type DataTestResult, runDataTests } from './data-tests.ts';
export { DEFAULT_SQL_DIR, discoverModels } from './discover.ts';
export { BUILD_TABLE, type ModelState, modelState, modelsAreCurrent } from './freshness.ts';
export type { Materialization, Model } from './model.ts';
export { ModelError } from './model-error.ts';
export { orderModels } from './order.ts';
export { readRelations } from './relations.ts';
export { sqlParameters } from './sql-tokens.ts';
