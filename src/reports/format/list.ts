import stringWidth from 'string-width';
import type { ReportDefinition } from '../definitions.ts';
import { OPTION_SPECS, type OptionName } from '../options.ts';
import type { ReportRow } from '../values.ts';

/** `--by (month)`, `--year` (required), `--gap-hours (3)`: an option with its default. */
export function optionUsage(report: ReportDefinition, name: OptionName): string {
  const fallback = OPTION_SPECS[name].fallback;
  if (report.required.includes(name)) return `--${name} (required)`;
  return fallback === null ? `--${name}` : `--${name} (${fallback})`;
}

/** `report --list` as rows: name, options (all but --tz, which every report takes), columns, description. */
export function reportListRows(reports: readonly ReportDefinition[]): ReportRow[] {
  return reports.map((r) => ({
    report: r.name,
    options: r.options
      .filter((o) => o !== 'tz')
      .map((o) => optionUsage(r, o))
      .join(' '),
    columns: r.columns.join(', '),
    description: r.description,
  }));
}

/** `report --list` for a terminal: each report, its description wrapped to `width`, its options and its columns. */
export function formatReportList(reports: readonly ReportDefinition[], width = 80): string {
  const rows = reportListRows(reports);
  const nameWidth = Math.max(...rows.map((r) => String(r['report']).length));
  const indent = ' '.repeat(nameWidth + 2);
  const lines: string[] = [];
  for (const row of rows) {
    const text = wrap(String(row['description']), Math.max(20, width - indent.length));
    lines.push(`${String(row['report']).padEnd(nameWidth)}  ${text[0] ?? ''}`);
    for (const more of text.slice(1)) lines.push(indent + more);
    if (row['options']) lines.push(`${indent}options: ${row['options']}`);
    // Continuation lines are indented two more, so the whole block wraps two narrower.
    const columns = wrap(`columns: ${row['columns']}`, Math.max(20, width - indent.length - 2));
    lines.push(`${indent}${columns[0] ?? ''}`);
    for (const more of columns.slice(1)) lines.push(`${indent}  ${more}`);
  }
  lines.push('', 'All reports take --format, and --tz ZONE (default: account zone, else UTC).');
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (stringWidth(candidate) > width && line !== '') {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}
