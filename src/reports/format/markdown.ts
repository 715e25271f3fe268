import type { ReportRow } from '../values.ts';
import { cellText, isNumeric } from './cells.ts';

/** A GitHub-flavored Markdown table; numbers right-aligned, `|` escaped, line breaks as spaces. */
export function formatMarkdown(columns: readonly string[], rows: readonly ReportRow[]): string {
  const numeric = columns.map((c) => rows.some((r) => isNumeric(r[c] ?? null)));
  const escapeCell = (text: string) =>
    text
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/\r?\n|\r/g, ' ');
  const lines = [
    `| ${columns.map(escapeCell).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => escapeCell(cellText(row[c] ?? null))).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
