/**
 * Self-contained HTML pages with charts: `report NAME --format html` and
 * the year-in-review page. Charts are drawn on the server by Observable
 * Plot into a linkedom DOM and inlined as static SVG; the data always comes
 * from runReport, so a page and `--format json` never disagree.
 */

export { latestYearWithPlays } from './latest-year.ts';
export { renderReportHtml } from './report-page.ts';
export { renderYearInReview, TOP_N, type YearInReviewOptions } from './year-in-review.ts';
