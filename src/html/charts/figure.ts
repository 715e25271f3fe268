import { escapeHtml } from '../escape.ts';

export interface FigureOptions {
  /** Names the chart for styling and for the browser test (data-chart). */
  id: string;
  title: string;
  /** A sentence under the title: what is drawn and how to read it. */
  note?: string;
  /** Markup placed above the chart, e.g. a legend. */
  legend?: string;
}

/** A chart in its <figure> with a heading; `svg` is trusted markup from Plot, the texts are escaped. */
export function figure(options: FigureOptions, svg: string): string {
  const note = options.note === undefined ? '' : `<p class="note">${escapeHtml(options.note)}</p>`;
  return (
    `<figure class="chart" data-chart="${escapeHtml(options.id)}">` +
    `<figcaption><h2>${escapeHtml(options.title)}</h2>${note}</figcaption>` +
    (options.legend ?? '') +
    `<div class="plot">${svg}</div></figure>`
  );
}

/** Instead of an empty chart: the same frame, saying why there is nothing to draw. */
export function emptyFigure(options: FigureOptions, message: string): string {
  return (
    `<figure class="chart empty" data-chart="${escapeHtml(options.id)}">` +
    `<figcaption><h2>${escapeHtml(options.title)}</h2></figcaption>` +
    `<p class="nothing">${escapeHtml(message)}</p></figure>`
  );
}

/** A key of coloured swatches, in HTML so it reflows on narrow screens. */
export function swatches(items: readonly { label: string; color?: string; className?: string }[]): string {
  const spans = items.map((item) => {
    const style = item.color === undefined ? '' : ` style="background:${escapeHtml(item.color)}"`;
    const cls = item.className === undefined ? '' : ` ${escapeHtml(item.className)}`;
    return `<span class="swatch"><i class="chip${cls}"${style}></i>${escapeHtml(item.label)}</span>`;
  });
  return `<div class="legend">${spans.join('')}</div>`;
}

/** GitHub's "less ... more" key for the intensity levels of styles.ts. */
export function levelLegend(what: string): string {
  const chips = [0, 1, 2, 3, 4].map((l) => `<i class="chip level-${l}"></i>`).join('');
  return `<div class="legend"><span class="swatch">${escapeHtml(what)}: less ${chips} more</span></div>`;
}
