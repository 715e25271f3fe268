import type { ExtractEvent } from '../extract/events.ts';
import type { HttpEvent } from '../http/client.ts';
import { err } from './io.ts';

export interface Reporter {
  onExtract(event: ExtractEvent): void;
  onHttp(event: HttpEvent): void;
  /** Clears any live line before the summary is printed. */
  finish(): void;
}

/**
 * Renders extractor and HTTP events on stderr: JSON lines for machines
 * (`--log-format json`), one line per finished resource otherwise, with a
 * live status line on a terminal (pages, rows, and a countdown while waiting
 * for rate budget). `--quiet` prints nothing but errors.
 */
export function createReporter(options: { quiet: boolean; format: 'text' | 'json'; tty: boolean }): Reporter {
  if (options.quiet) return { onExtract: () => {}, onHttp: () => {}, finish: () => {} };
  if (options.format === 'json') {
    const line = (event: object) => err(JSON.stringify({ at: new Date().toISOString(), ...event }));
    return {
      onExtract: line,
      onHttp: (event) => {
        if (event.type !== 'request' && event.type !== 'response') line(event);
      },
      finish: () => {},
    };
  }
  const live = new Map<string, string>();
  let waitUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  const redraw = () => {
    if (!options.tty) return;
    const waiting =
      waitUntil > Date.now()
        ? ` | waiting ${Math.ceil((waitUntil - Date.now()) / 1000)}s for rate budget`
        : '';
    const text = [...live.values()].slice(-3).join(' | ') + waiting;
    const width = process.stderr.columns ?? 80;
    process.stderr.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
  };
  const clear = () => {
    if (options.tty) process.stderr.write('\r\x1b[2K');
  };
  const print = (text: string) => {
    clear();
    err(text);
    redraw();
  };
  return {
    onExtract(event) {
      switch (event.type) {
        case 'page':
          live.set(
            event.resource,
            `${event.resource} page ${event.page}/${event.pageCount} (${event.received}/${event.itemCount})`,
          );
          redraw();
          break;
        case 'resource-done':
          live.delete(event.resource);
          print(
            `  ${event.title}: ${event.rows} rows (${event.inserted} new, ${event.updated} changed, ${event.deleted} removed)`,
          );
          break;
        case 'resource-incomplete':
          live.delete(event.resource);
          print(`  ${event.title}: INCOMPLETE, ${event.reason}`);
          break;
        case 'resource-retry':
          print(`  ${event.resource}: paging again (pass ${event.pass}): ${event.reason}`);
          break;
        default:
          break;
      }
    },
    onHttp(event) {
      if (event.type === 'rate-limit-wait') {
        waitUntil = Math.max(waitUntil, event.until);
        if (!options.tty) print(`  waiting ${Math.ceil(event.ms / 1000)}s for rate budget (${event.reason})`);
        else if (timer === undefined) {
          timer = setInterval(() => {
            if (waitUntil <= Date.now()) {
              clearInterval(timer);
              timer = undefined;
            }
            redraw();
          }, 1000);
          timer.unref();
        }
      } else if (event.type === 'retry') {
        print(`  retrying ${event.method} ${event.path} in ${Math.round(event.delayMs)} ms: ${event.reason}`);
      }
    },
    finish() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
