import { CHART_FONT_SIZE, type ChartDocument, Plot, plotSvg } from './plot.ts';

export interface RankedItem {
  label: string;
  value: number;
  /** Shown at the end of the bar. */
  text: string;
  /** The tooltip. */
  title: string;
}

export interface RankedBarsOptions {
  color: string;
  /** What the bar length measures, under the axis. */
  axisLabel: string;
  /** Names the mark for the page's tests and styles. */
  mark?: string;
  /** Counts: axis ticks on whole numbers only. */
  integer?: boolean;
}

/** Approximate width of one character at the chart font size, for the title column. */
const CHAR_PX = 6.8;

/**
 * Horizontal bars in the given order (the report's), one per item, the
 * item's title on the left and its value at the end of the bar. Items are
 * placed by rank, not by title, so two shows of the same name keep two bars.
 */
export function rankedBars(
  doc: ChartDocument,
  items: readonly RankedItem[],
  options: RankedBarsOptions,
): string {
  const data = items.map((item, rank) => ({ ...item, rank }));
  const longest = Math.max(4, ...items.map((i) => [...i.label].length));
  const marginLeft = Math.round(Math.min(260, longest * CHAR_PX + 16));
  const longestText = Math.max(4, ...items.map((i) => i.text.length));
  return plotSvg(doc, {
    width: 860,
    height: items.length * 26 + 46,
    marginLeft,
    marginRight: Math.round(longestText * CHAR_PX + 12),
    marginTop: 8,
    marginBottom: 38,
    x: { label: options.axisLabel, grid: true, nice: true },
    y: { type: 'band', domain: data.map((d) => d.rank), padding: 0.2 },
    marks: [
      Plot.axisY({
        tickFormat: (rank: number) => items[rank]?.label ?? '',
        tickSize: 0,
        textOverflow: 'ellipsis',
        lineWidth: (marginLeft - 12) / CHART_FONT_SIZE,
        label: null,
      }),
      Plot.axisX({
        labelAnchor: 'center',
        labelArrow: 'none',
        ...(options.integer
          ? { ticks: integerTicks(Math.max(0, ...items.map((i) => i.value))), tickFormat: 'd' }
          : {}),
      }),
      Plot.barX(data, {
        x: 'value',
        y: 'rank',
        fill: options.color,
        title: 'title',
        className: options.mark ?? 'mark-bar',
      }),
      Plot.text(data, { x: 'value', y: 'rank', text: 'text', textAnchor: 'start', dx: 5 }),
      Plot.ruleX([0]),
    ],
  });
}

/** 0 to max in whole steps, at most about ten of them. */
export function integerTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 10));
  const out: number[] = [];
  for (let t = 0; t <= max; t += step) out.push(t);
  return out;
}
