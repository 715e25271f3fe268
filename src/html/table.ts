import { cellText, ISO_INSTANT } from '../reports/format/cells.ts';
import type { ReportRow, ReportValue } from '../reports/index.ts';
import { escapeHtml } from './escape.ts';

/**
 * The report's rows as an HTML table, columns in report order, numbers
 * right-aligned. Headers are read by people (`Episode plays`, the report's
 * own name kept in `title` for whoever wants it); instants are shown as
 * `2024-03-01 20:15 UTC` in a <time> that keeps the exact value and never
 * wraps in the middle.
 */
export function reportTable(columns: readonly string[], rows: readonly ReportRow[]): string {
  const head = columns
    .map((c) => `<th scope="col" title="${escapeHtml(c)}">${escapeHtml(columnLabel(c))}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => cell(row[c] ?? null));
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table data-rows="${rows.length}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function cell(value: ReportValue): string {
  if (typeof value === 'number') return `<td class="num">${escapeHtml(cellText(value))}</td>`;
  const instant = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (instant !== null && typeof value === 'string') {
    return `<td class="when"><time datetime="${escapeHtml(value)}">${instant[1]} ${instant[2]} UTC</time></td>`;
  }
  return `<td>${escapeHtml(cellText(value))}</td>`;
}

/** Words people write otherwise than a column name does. */
const WORDS: Record<string, string> = { id: 'ID', trakt: 'Trakt', imdb: 'IMDb', tmdb: 'TMDB', tvdb: 'TVDB' };

/** `episode_plays` -> `Episode plays`, `show_trakt_id` -> `Show Trakt ID`. */
export function columnLabel(column: string): string {
  const words = column.split('_').filter((w) => w !== '');
  return words
    .map((word, i) => WORDS[word] ?? (i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join(' ');
}
