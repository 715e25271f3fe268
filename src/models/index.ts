export { analyzeSql, SqlAnalysisError, type SqlFacts } from './analyze-sql.ts';
export { type BuildOptions, type BuildResult, buildModels } from './build.ts';
export { type DataTestResult, runDataTests } from './data-tests.ts';
export { DEFAULT_SQL_DIR, discoverModels, loadModels } from './discover.ts';
export { BUILD_TABLE, type ModelState, modelState, modelsAreCurrent } from './freshness.ts';
export { isBuilt, type Materialization, type Model, type ModelFile } from './model.ts';
export { ModelError } from './model-error.ts';
export { orderModels } from './order.ts';
