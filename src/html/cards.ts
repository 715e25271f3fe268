import { escapeHtml } from './escape.ts';

export interface Card {
  label: string;
  value: string;
  detail?: string;
  /** A title or name rather than a number: set smaller and allowed to wrap. */
  text?: boolean;
}

/** Headline numbers as a grid of cards. */
export function cards(items: readonly Card[]): string {
  const html = items.map((card) => {
    const cls = card.text ? 'value text' : 'value';
    const detail = card.detail === undefined ? '' : `<div class="detail">${escapeHtml(card.detail)}</div>`;
    return (
      `<div class="card"><div class="label">${escapeHtml(card.label)}</div>` +
      `<div class="${cls}">${escapeHtml(card.value)}</div>${detail}</div>`
    );
  });
  return `<section class="cards" data-chart="headline">${html.join('')}</section>`;
}
