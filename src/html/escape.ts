const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text for HTML, both between tags and inside quoted attributes: titles come
 * from Trakt and hold <, &, and quotes of both kinds.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A title set inside other text (a date, a year, a count), isolated with
 * FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE so that a right-to-left
 * title does not pull its neighbours into its own direction.
 */
export function isolate(title: string): string {
  return `\u2068${title}\u2069`;
}
