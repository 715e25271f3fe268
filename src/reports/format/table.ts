import stringWidth from 'string-width';
import type { ReportRow, ReportValue } from '../values.ts';
import { cellText, ISO_INSTANT, isNumeric } from './cells.ts';

/**
 * An aligned plain-text table that fits `width` columns when it can:
 * numbers right-aligned, column names wrapped at underscores (expressions never), instants shortened
 * (`2024-03-01 20:15Z`, then the date alone) before titles are truncated
 * with an ellipsis. Values are never changed otherwise; `--format json`
 * has them in full.
 */
export interface TableOptions {
  width?: number;
  /** Said after "(no rows)" when there are none, e.g. what to run to get some. */
  emptyNote?: string;
}

const GAP = '  ';
const ELLIPSIS = '…';

type InstantStyle = 'minutes' | 'date';

export function formatTable(
  columns: readonly string[],
  rows: readonly ReportRow[],
  options: TableOptions = {},
): string {
  const width = options.width ?? 80;
  const numeric = columns.map((c) => rows.some((r) => isNumeric(r[c] ?? null)));
  // Steps from most to least detail; the first that fits wins, else the last.
  const steps = [
    ['minutes', 16],
    ['date', 16],
    ['date', 8],
  ] as const;
  let layout: Layout | undefined;
  for (const [style, minText] of steps) {
    layout = layoutFor(columns, rows, numeric, style);
    narrowToWidth(layout, width, minText);
    if (total(layout.widths) <= width) break;
  }
  const only = rows[0];
  if (rows.length === 1 && only !== undefined && total((layout as Layout).widths) > width) {
    // One wide row (year-in-review) reads better as name/value lines.
    return formatTable(
      ['column', 'value'],
      columns.map((c) => ({ column: c, value: cellText(only[c] ?? null) })),
      options,
    );
  }
  const text = render(layout as Layout, numeric);
  if (rows.length > 0) return text;
  return `${text}(no rows${options.emptyNote === undefined ? '' : `: ${options.emptyNote}`})\n`;
}

interface Layout {
  headers: string[][];
  cells: string[][];
  widths: number[];
  shrinkable: boolean[];
}

function layoutFor(
  columns: readonly string[],
  rows: readonly ReportRow[],
  numeric: boolean[],
  style: InstantStyle,
): Layout {
  const cells = rows.map((row) => columns.map((c) => display(row[c] ?? null, style)));
  const dataWidths = columns.map((_, i) => Math.max(0, ...cells.map((r) => stringWidth(r[i] ?? ''))));
  const widths = columns.map((c, i) => {
    const longestWord = Math.max(...headerWords(c).map((w) => stringWidth(w)));
    return Math.max(dataWidths[i] ?? 0, longestWord);
  });
  const shrinkable = columns.map(
    (_, i) => !numeric[i] && cells.some((r) => !ISO_SHORT.test(r[i] ?? '') && (r[i] ?? '').length > 0),
  );
  return { headers: columns.map((c, i) => wrapHeader(c, widths[i] ?? c.length)), cells, widths, shrinkable };
}

const ISO_SHORT = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}Z)?$/;

function display(value: ReportValue, style: InstantStyle): string {
  const text = cellText(value).replace(/[\r\n\t]+/g, ' ');
  const instant = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (!instant) return text;
  return style === 'date' ? (instant[1] as string) : `${instant[1]} ${instant[2]}Z`;
}

/** Narrows the widest text columns, one character at a time, until the table fits or nothing can give. */
function narrowToWidth(layout: Layout, width: number, minText: number): void {
  for (;;) {
    const over = total(layout.widths) - width;
    if (over <= 0) return;
    let widest = -1;
    for (let i = 0; i < layout.widths.length; i++) {
      if (!layout.shrinkable[i]) continue;
      const floor = Math.max(minText, ...(layout.headers[i] ?? []).map((h) => h.length));
      if ((layout.widths[i] ?? 0) <= floor) continue;
      if (widest === -1 || (layout.widths[i] ?? 0) > (layout.widths[widest] ?? 0)) widest = i;
    }
    if (widest === -1) return;
    layout.widths[widest] = (layout.widths[widest] ?? 0) - 1;
  }
}

function total(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, widths.length - 1);
}

/**
 * A report column (`episode_plays`) can wrap at its underscores; anything else,
 * such as a query's `count_star()` or `sum(minutes)`, is an expression whose
 * parts mean nothing apart, and stays on one line.
 */
function headerWords(header: string): string[] {
  return /^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(header) ? header.split('_') : [header];
}

/** Header words packed into lines no wider than the column. */
function wrapHeader(header: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of headerWords(header)) {
    const candidate = line === '' ? word : `${line}_${word}`;
    if (stringWidth(candidate) <= width || line === '') line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

function render(layout: Layout, numeric: boolean[]): string {
  const { headers, cells, widths } = layout;
  const headerHeight = Math.max(1, ...headers.map((h) => h.length));
  const lines: string[] = [];
  for (let line = 0; line < headerHeight; line++) {
    // Headers sit on the bottom line, next to the rule, like most CLI tables.
    lines.push(
      joinCells(
        headers.map((h) => h[h.length - headerHeight + line] ?? ''),
        widths,
        numeric,
      ),
    );
  }
  lines.push(widths.map((w) => '-'.repeat(w)).join(GAP));
  for (const row of cells) lines.push(joinCells(row, widths, numeric));
  return `${lines.join('\n')}\n`;
}

function joinCells(cells: readonly string[], widths: readonly number[], numeric: readonly boolean[]): string {
  return cells
    .map((cell, i) => {
      const w = widths[i] ?? 0;
      const text = truncate(cell, w);
      const pad = ' '.repeat(Math.max(0, w - stringWidth(text)));
      return numeric[i] ? pad + text : text + pad;
    })
    .join(GAP)
    .replace(/\s+$/, '');
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts text to `width` display columns, ending in an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + ELLIPSIS;
}
