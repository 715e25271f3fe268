import cliProgress from 'cli-progress';
import type { ExtractEvent } from '../extract/events.ts';
import type { HttpEvent } from '../http/client.ts';
import { err } from './io.ts';
import { shownPath } from './shown-path.ts';

export interface Reporter {
  onExtract(event: ExtractEvent): void;
  onHttp(event: HttpEvent): void;
  /** Stops live output before the summary is printed. */
  finish(): void;
}

/**
 * Renders extractor and HTTP events on stderr: JSON lines for machines
 * (`--log-format json`); on a terminal, a progress bar per resource in
 * flight (pages, rows) and a countdown while waiting for rate budget; plain
 * lines otherwise. `--quiet` prints nothing but errors.
 */
export function createReporter(options: { quiet: boolean; format: 'text' | 'json'; tty: boolean }): Reporter {
  if (options.quiet) return { onExtract: () => {}, onHttp: () => {}, finish: () => {} };
  if (options.format === 'json') return jsonReporter();
  return options.tty ? barReporter() : lineReporter();
}

function jsonReporter(): Reporter {
  const line = (event: object) => err(JSON.stringify({ at: new Date().toISOString(), ...event }));
  return {
    onExtract: line,
    onHttp: (event) => {
      if (event.type !== 'request' && event.type !== 'response') line(event);
    },
    finish: () => {},
  };
}

/** What is printed once per finished resource, in every text mode. */
function describe(event: ExtractEvent): string | undefined {
  switch (event.type) {
    case 'resource-done':
      return `  ${event.title}: ${event.rows} rows (${event.inserted} new, ${event.updated} changed, ${event.deleted} removed)`;
    case 'resource-incomplete':
      return `  ${event.title}: ${event.problem.toUpperCase()}, ${event.reason}`;
    case 'resource-retry':
      return `  ${event.resource}: paging again (pass ${event.pass}): ${event.reason}`;
    default:
      return undefined;
  }
}

function lineReporter(): Reporter {
  return {
    onExtract(event) {
      const text = describe(event);
      if (text !== undefined) err(text);
    },
    onHttp(event) {
      if (event.type === 'rate-limit-wait') {
        err(`  waiting ${Math.ceil(event.ms / 1000)} s for rate budget (${event.reason})`);
      } else if (event.type === 'retry') {
        err(
          `  retrying ${event.method} ${shownPath(event.path)} in ${Math.round(event.delayMs)} ms: ${event.reason}`,
        );
      }
    },
    finish: () => {},
  };
}

function barReporter(): Reporter {
  const multibar = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {title} |{bar}| {value}/{total} pages, {rows} rows',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      autopadding: true,
      etaBuffer: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  let countdown: { bar: cliProgress.SingleBar; until: number; timer: NodeJS.Timeout } | undefined;
  const stopCountdown = () => {
    if (countdown === undefined) return;
    clearInterval(countdown.timer);
    multibar.remove(countdown.bar);
    countdown = undefined;
  };
  return {
    onExtract(event) {
      if (event.type === 'page') {
        let bar = bars.get(event.resource);
        if (bar === undefined) {
          bar = multibar.create(event.pageCount, 0, {
            title: event.resource.padEnd(24).slice(0, 24),
            rows: 0,
          });
          bars.set(event.resource, bar);
        }
        bar.setTotal(Math.max(event.pageCount, 1));
        bar.increment(1, { rows: event.received });
        return;
      }
      const text = describe(event);
      if (text === undefined) return;
      if (event.type !== 'resource-retry') {
        const bar = bars.get(event.resource);
        if (bar !== undefined) multibar.remove(bar);
        bars.delete(event.resource);
      }
      multibar.log(`${text}\n`);
    },
    onHttp(event) {
      if (event.type === 'retry') {
        multibar.log(
          `  retrying ${event.method} ${shownPath(event.path)} in ${Math.round(event.delayMs)} ms: ${event.reason}\n`,
        );
        return;
      }
      if (event.type !== 'rate-limit-wait') return;
      if (countdown !== undefined && countdown.until >= event.until) return;
      stopCountdown();
      const seconds = Math.max(1, Math.ceil(event.ms / 1000));
      const bar = multibar.create(
        seconds,
        0,
        {},
        { format: ' waiting for rate budget |{bar}| {remaining} s' },
      );
      const started = Date.now();
      const tick = () => {
        const elapsed = Math.min(seconds, Math.floor((Date.now() - started) / 1000));
        bar.update(elapsed, { remaining: seconds - elapsed });
        if (elapsed >= seconds) stopCountdown();
      };
      countdown = { bar, until: event.until, timer: setInterval(tick, 1000) };
      countdown.timer.unref();
      tick();
    },
    finish() {
      stopCountdown();
      multibar.stop();
    },
  };
}
