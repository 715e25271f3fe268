import type { ReportRow } from '../values.ts';
import { formatCsv } from './csv.ts';
import { formatMarkdown } from './markdown.ts';
import { formatTable } from './table.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatOptions {
  /** Terminal width for `table` (default 80). */
  width?: number;
  /** `table` only: said after "(no rows)" when there are none. */
  emptyNote?: string;
}

/** Rows rendered for stdout; every format ends with a newline. */
export function formatRows(
  format: OutputFormat,
  columns: readonly string[],
  rows: readonly ReportRow[],
  options: FormatOptions = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return formatCsv(columns, rows);
    case 'markdown':
      return formatMarkdown(columns, rows);
    case 'table':
      return formatTable(columns, rows, {
        ...(options.width === undefined ? {} : { width: options.width }),
        ...(options.emptyNote === undefined ? {} : { emptyNote: options.emptyNote }),
      });
  }
}

export { formatCsv, formatMarkdown, formatTable };
