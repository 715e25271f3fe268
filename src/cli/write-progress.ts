import type { HttpEvent } from '../http/client.ts';
import type { RestoreEvent } from '../restore/apply.ts';
import { err } from './io.ts';
import { shownPath } from './shown-path.ts';

/**
 * Progress of restore and dedupe on stderr: the plan said up front (items,
 * batches, and how long they take at the write budget), then a line per
 * batch with the time left, refusals and writes whose answer was lost.
 * `--log-format json` prints the events as JSON lines; `--quiet` nothing.
 */
export interface WriteReporter {
  onEvent(event: RestoreEvent): void;
  onHttp(event: HttpEvent): void;
}

export function createWriteReporter(options: {
  quiet: boolean;
  format: 'text' | 'json';
  /** `1 write per 1 s`, for the plan line. */
  budget: string;
}): WriteReporter {
  if (options.quiet) return { onEvent: () => {}, onHttp: () => {} };
  if (options.format === 'json') {
    const line = (event: object) => err(JSON.stringify({ at: new Date().toISOString(), ...event }));
    return {
      onEvent: line,
      onHttp: (event) => {
        if (event.type === 'retry' || event.type === 'rate-limit-wait') line(event);
      },
    };
  }
  return {
    onEvent: (event) => {
      const text = describe(event, options.budget);
      if (text !== undefined) err(text);
    },
    onHttp: (event) => {
      if (event.type === 'rate-limit-wait' && event.reason === 'retry-after') {
        err(`  Trakt asked to wait ${Math.ceil(event.ms / 1000)} s (429); waiting`);
      } else if (event.type === 'retry') {
        err(
          `  retrying ${event.method} ${shownPath(event.path)} in ${Math.round(event.delayMs)} ms: ${event.reason}`,
        );
      }
    },
  };
}

function describe(event: RestoreEvent, budget: string): string | undefined {
  switch (event.type) {
    case 'read':
      return event.why === 'plan'
        ? `reading the account: ${event.resources.join(', ')}`
        : event.why === 'verify'
          ? `reading the account again to see what is there: ${event.resources.join(', ')}`
          : `reading ${event.resources.join(', ')} again to settle a write whose answer was lost`;
    case 'plan': {
      const items = `${count(event.items)} item${event.items === 1 ? '' : 's'}`;
      if (event.items === 0) return 'nothing to restore: the account already has everything planned.';
      const batches = `${count(event.batches)} request${event.batches === 1 ? '' : 's'}`;
      const time = `at the write budget (${budget}) that takes ${duration(event.estimatedMs)}`;
      return event.apply
        ? `writing ${items} in ${batches}; ${time}.`
        : `dry run: ${items} to write in ${batches}; ${time}. Nothing is written without --apply.`;
    }
    case 'batch':
      return `  request ${count(event.batch)}/${count(event.batches)}: ${event.resource}, ${count(event.items)} item${
        event.items === 1 ? '' : 's'
      }${event.leftMs > 0 ? `; ${duration(event.leftMs)} left` : ''}`;
    case 'refused':
      return `  ${event.resource}: ${event.message} The rest of ${event.resource} is refused (${count(event.items)} item${event.items === 1 ? '' : 's'}).`;
    case 'unknown':
      return `  ${event.resource}: ${event.message}`;
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `12 s`, `about 17 minutes`, `about 2.5 hours`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 90) return `about ${minutes} minutes`;
  return `about ${Math.round(minutes / 6) / 10} hours`;
}

/** `1 write per 1 s`, `2 writes per 1.5 s`. */
export function describeBudget(rate: { limit: number; windowMs: number }): string {
  return `${rate.limit} write${rate.limit === 1 ? '' : 's'} per ${rate.windowMs / 1000} s`;
}
