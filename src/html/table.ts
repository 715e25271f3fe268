import { cellText } from '../reports/format/cells.ts';
import type { ReportRow } from '../reports/index.ts';
import { escapeHtml } from './escape.ts';

/** The report's rows as an HTML table, columns in report order, numbers right-aligned. */
export function reportTable(columns: readonly string[], rows: readonly ReportRow[]): string {
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => {
        const value = row[c] ?? null;
        const cls = typeof value === 'number' ? ' class="num"' : '';
        return `<td${cls}>${escapeHtml(cellText(value))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table data-rows="${rows.length}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
