import { escapeHtml } from './escape.ts';
import { STYLES } from './styles.ts';

export interface PageOptions {
  /** The <title> and the <h1>. */
  title: string;
  /** One line under the heading (what, which time zone). */
  subtitle: string;
  /** Trusted markup: sections built from escaped text and Plot's SVG. */
  body: string;
}

/**
 * The whole document. Nothing in it refers to another file or host: the
 * styles are inline, the charts are inline SVG, there is no script, and a
 * Content-Security-Policy that allows no fetching makes sure of it.
 */
export function htmlPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="traktdb">
<title>${escapeHtml(options.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.subtitle)}</p></header>
<main>
${options.body}
</main>
<footer>Made by traktdb from your own Trakt data. This page is one file: it loads nothing from anywhere.</footer>
</body>
</html>
`;
}
