import { formatCount } from '../numbers.ts';
import { MEDIA_COLORS } from '../palette.ts';
import { type ChartDocument, Plot, plotSvg } from './plot.ts';

/** One row of the ratings report. */
export interface RatingRow {
  media_type: string;
  rating: number;
  items: number;
}

export const MEDIA_ORDER = ['movie', 'show', 'season', 'episode'];

/** Items per rating 1 to 10, stacked by media type in the palette's colours. */
export function ratingsBars(doc: ChartDocument, rows: readonly RatingRow[]): string {
  const types = MEDIA_ORDER.filter((t) => rows.some((r) => r.media_type === t));
  const data = rows.map((r) => ({
    ...r,
    title: `${formatCount(r.items)} ${r.media_type}${r.items === 1 ? '' : 's'} rated ${r.rating}`,
  }));
  return plotSvg(doc, {
    width: 860,
    height: 300,
    marginLeft: 56,
    marginBottom: 40,
    x: { type: 'band', domain: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], label: 'rating', padding: 0.2 },
    y: { label: 'items', grid: true },
    color: { domain: types, range: types.map((t) => MEDIA_COLORS[t] ?? '#999999') },
    marks: [
      Plot.axisX({ tickSize: 0, labelAnchor: 'center', labelArrow: 'none' }),
      Plot.axisY({ labelArrow: 'none' }),
      Plot.barY(data, {
        x: 'rating',
        y: 'items',
        fill: 'media_type',
        title: 'title',
        className: 'mark-rating',
      }),
      Plot.ruleY([0]),
    ],
  });
}
