import { passCompletesBy, type ScrubCursor } from '../extract/scrub.ts';
import { asCursor } from '../extract/scrub-run.ts';
import { scrubPeriodText } from './commands/config.ts';

/**
 * `status`'s account of the rolling verification (docs/sync.md): when each
 * part of the account was last verified, how far history is in the current
 * pass, and when the pass completes at the current pace.
 */
export function scrubStatusLines(stored: unknown, periodMs: number | null): string[] {
  if (periodMs === null)
    return ['Rolling verification: off (--scrub-period off); `sync --full` re-verifies everything.'];
  const cursor: ScrubCursor | undefined = asCursor(stored);
  const lines = [`Rolling verification (every part re-read within ${scrubPeriodText(periodMs)}):`];
  if (cursor === undefined) {
    lines.push('  not started yet: the next backup or sync begins it.');
    return lines;
  }
  const passStart = Date.parse(cursor.passStartedAt);
  const historyDone = cursor.verified['plays'];
  if (cursor.historyUpTo !== undefined) {
    lines.push(`  history verified up to ${cursor.historyUpTo.slice(0, 7)} in this pass`);
  } else if (historyDone !== undefined && Date.parse(historyDone) >= passStart) {
    lines.push(`  history verified in full on ${day(historyDone)}`);
  } else {
    lines.push(
      `  history next${historyDone === undefined ? '' : ` (last verified in full on ${day(historyDone)})`}`,
    );
  }
  // Ratings' four types, and a hundred lists' items, are one line each: the oldest of them.
  const grouped = new Map<string, { at: string; parts: number }>();
  for (const [key, at] of Object.entries(cursor.verified)) {
    if (key === 'plays') continue;
    const name = key.split(':')[0] ?? key;
    const seen = grouped.get(name);
    grouped.set(name, {
      at: seen === undefined || at < seen.at ? at : seen.at,
      parts: (seen?.parts ?? 0) + 1,
    });
  }
  const others = [...grouped.entries()]
    .map(([name, { at, parts }]): [string, string] => [parts > 1 ? `${name} (${parts})` : name, at])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(0, ...others.map(([key]) => key.length));
  for (const [key, at] of others) lines.push(`  ${key.padEnd(width)}  last verified ${day(at)}`);
  const by = passCompletesBy(cursor, periodMs);
  lines.push(
    `  this pass began ${day(cursor.passStartedAt)} and completes by ${day(new Date(by).toISOString())} ` +
      `at the current sync interval (${cursor.passCost} requests a pass).`,
  );
  return lines;
}

function day(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
