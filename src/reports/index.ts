export {
  type FirstRowOf,
  findReport,
  type NeedsRows,
  REPORTS,
  type ReportDefinition,
  reportCatalog,
} from './definitions.ts';
export { type OpenForReadingOptions, openForReading } from './open-for-reading.ts';
export {
  BY_VALUES,
  OPTION_NAMES,
  OPTION_SPECS,
  type OptionName,
  parseOptions,
  type RawOptions,
} from './options.ts';
export { lockDownSession, type QueryResult, runReadOnlyQuery } from './query.ts';
export {
  checkReportRequest,
  hasDifferences,
  MissingDataError,
  type ReportResult,
  type RunReportOptions,
  runReport,
} from './run-report.ts';
export { isKnownZone, resolveTimezone } from './timezone.ts';
export type { ReportRow, ReportValue } from './values.ts';
