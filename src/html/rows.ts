import type { ReportRow, ReportValue } from '../reports/index.ts';

/**
 * Typed reads of report cells. The report runner already turned DuckDB
 * values into JSON ones; these only say what a chart expects and fall
 * back when a cell is null.
 */
export function num(row: ReportRow | undefined, column: string, fallback = 0): number {
  const value: ReportValue | undefined = row?.[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return fallback;
}

export function numOrNull(row: ReportRow | undefined, column: string): number | null {
  const value = row?.[column];
  return value === null || value === undefined ? null : num(row, column);
}

export function str(row: ReportRow | undefined, column: string): string | null {
  const value = row?.[column];
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/** The watch-time columns the bar chart reads (minutes per media type only when the report has them). */
export function periodRow(row: ReportRow) {
  const movieMinutes = numOrNull(row, 'movie_minutes');
  const episodeMinutes = numOrNull(row, 'episode_minutes');
  return {
    period: str(row, 'period') ?? '',
    movie_plays: num(row, 'movie_plays'),
    episode_plays: num(row, 'episode_plays'),
    minutes: num(row, 'minutes'),
    ...(movieMinutes === null ? {} : { movie_minutes: movieMinutes }),
    ...(episodeMinutes === null ? {} : { episode_minutes: episodeMinutes }),
  };
}

export function dayTotal(row: ReportRow) {
  return { date: str(row, 'period') ?? '', plays: num(row, 'plays'), minutes: num(row, 'minutes') };
}
