import type { ReportValue } from '../values.ts';

/** ISO 8601 instants as the reports produce them (UTC, milliseconds). */
export const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):(\d{2})\.\d{3}Z$/;

/** A cell as plain text: null is empty, arrays are JSON. */
export function cellText(value: ReportValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function isNumeric(value: ReportValue): boolean {
  return typeof value === 'number';
}
