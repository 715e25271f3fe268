import { formatCount } from '../numbers.ts';
import { OKABE_ITO } from '../palette.ts';
import { CHART_FONT_SIZE, type ChartDocument, Plot, plotSvg } from './plot.ts';

/** One row of the show-progress report. */
export interface ProgressItem {
  title: string;
  aired_episodes: number | null;
  watched_episodes: number;
  percent: number | null;
}

const CHAR_PX = 6.8;

/**
 * A bar per show over a full-width track: the share of aired episodes
 * watched (specials left out, as in the report). A show whose aired count
 * is unknown gets an empty track and says so.
 */
export function progressBars(doc: ChartDocument, items: readonly ProgressItem[]): string {
  const data = items.map((item, rank) => ({
    rank,
    percent: Math.min(100, item.percent ?? 0),
    text:
      item.aired_episodes === null || item.percent === null
        ? `${formatCount(item.watched_episodes)} watched, aired unknown`
        : `${formatCount(item.watched_episodes)} / ${formatCount(item.aired_episodes)} · ${item.percent}%`,
    title: item.title,
  }));
  const longest = Math.max(4, ...items.map((i) => [...i.title].length));
  const marginLeft = Math.round(Math.min(260, longest * CHAR_PX + 16));
  return plotSvg(doc, {
    width: 860,
    height: items.length * 26 + 46,
    marginLeft,
    marginRight: 190,
    marginTop: 8,
    marginBottom: 38,
    x: { domain: [0, 100], label: 'episodes watched (% of aired, specials left out)' },
    y: { type: 'band', domain: data.map((d) => d.rank), padding: 0.25 },
    marks: [
      Plot.axisY({
        tickFormat: (rank: number) => items[rank]?.title ?? '',
        tickSize: 0,
        textOverflow: 'ellipsis',
        lineWidth: (marginLeft - 12) / CHART_FONT_SIZE,
        label: null,
      }),
      Plot.axisX({ labelAnchor: 'center', labelArrow: 'none', tickFormat: (p: number) => `${p}%` }),
      Plot.barX(data, { x1: 0, x2: 100, y: 'rank', fill: '#e6e9ed', rx: 3, className: 'mark-track' }),
      Plot.barX(data, {
        x1: 0,
        x2: 'percent',
        y: 'rank',
        fill: OKABE_ITO.bluishGreen,
        rx: 3,
        title: (d: { title: string; text: string }) => `${d.title}: ${d.text}`,
        className: 'mark-progress',
      }),
      Plot.text(data, { x: 100, y: 'rank', text: 'text', textAnchor: 'start', dx: 8 }),
    ],
  });
}
