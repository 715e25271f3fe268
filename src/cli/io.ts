/** Data goes to stdout, everything else to stderr (docs/architecture.md). */

// `traktdb report ... | head` closes stdout early: stop quietly, as Unix tools do, instead of
// dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let stampClock: (() => number) | undefined;

/**
 * From now on (until called with undefined), every non-empty line printed
 * starts with the time, `2026-05-01T12:00:03Z `: `sync --every` runs for
 * weeks, and its log must say when each line was written. For text output
 * only: JSON lines carry their own `at`.
 */
export function stampLines(now: (() => number) | undefined): void {
  stampClock = now;
}

/** `2026-05-01T12:00:03Z`: UTC to the second, as the schedule itself is read (docs/sync.md). */
export function timestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function stamped(text: string): string {
  if (stampClock === undefined) return text;
  const stamp = timestamp(stampClock());
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${stamp} ${line}`))
    .join('\n');
}

export function out(text: string): void {
  process.stdout.write(stamped(text.endsWith('\n') ? text : `${text}\n`));
}

export function err(text: string): void {
  process.stderr.write(stamped(text.endsWith('\n') ? text : `${text}\n`));
}
