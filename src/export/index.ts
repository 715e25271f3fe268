export { type ColumnInfo, csvExpression, jsonExpression, readColumns } from './columns.ts';
export {
  EXPORT_FORMATS,
  type ExportedTable,
  type ExportFormat,
  type ExportOptions,
  exportTables,
} from './export-tables.ts';
export { type ExportableTable, exportableTables } from './tables.ts';
