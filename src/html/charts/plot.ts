import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * The DOM Observable Plot draws into. Plot needs `document.createElementNS`
 * and friends, nothing of layout or canvas, so linkedom's light DOM is
 * enough and no browser runs at render time. One per page: no state is
 * shared between renders.
 */
export interface ChartDocument {
  readonly document: unknown;
}

export function chartDocument(): ChartDocument {
  return { document: parseHTML('<!doctype html><html><head></head><body></body></html>').document };
}

/** Font size of every chart, so Plot's margin estimates match what is drawn. */
export const CHART_FONT_SIZE = 12;

/**
 * One chart as static SVG markup (a <figure> when Plot adds a legend).
 * linkedom escapes text nodes (titles become &lt; &amp; ...), and titles
 * only ever reach the SVG as text, never as attributes.
 */
export function plotSvg(doc: ChartDocument, options: Plot.PlotOptions): string {
  const node = Plot.plot({
    ...options,
    document: doc.document as never,
    style: { fontSize: `${CHART_FONT_SIZE}px`, fontFamily: 'inherit', overflow: 'visible' },
  }) as unknown as { outerHTML: string };
  return node.outerHTML;
}

export { Plot };
