export { type Classification, classify } from './classify.ts';
export {
  type ImportOptions,
  type ImportSummary,
  importExport,
  type OtherFile,
  type RecognizedFile,
  type TableImport,
} from './import-export.ts';
export { DEFAULT_LIMITS, formatBytes, type ImportLimits, parseByteSize } from './limits.ts';
