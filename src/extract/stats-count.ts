import type { ExpectedCount } from './job.ts';

/**
 * The sum of some numbers of a /users/{id}/stats answer (`movies.plays`,
 * `ratings.total`), as the count a headerless answer is checked against;
 * undefined when any of them is missing or not a count.
 */
export function countFromStats(stats: unknown, fields: readonly string[]): ExpectedCount | undefined {
  let count = 0;
  for (const field of fields) {
    const value = pickNumber(stats, field);
    if (value === undefined) return undefined;
    count += value;
  }
  return { count, source: `/users/{id}/stats (${fields.join(' + ')})` };
}

function pickNumber(body: unknown, field: string): number | undefined {
  let value = body;
  for (const part of field.split('.')) {
    value =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
