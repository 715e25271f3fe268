import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { CliResult, Running } from '../../helpers/cli.ts';

/**
 * Where a trial kills the process: once a count of something it does is
 * reached (API requests the simulator saw, manifest lines in the archive,
 * progress lines on stderr) or straight after the start, and then `delayMs`
 * more. Counts are drawn over the range a complete run reaches, so kills
 * land in start-up, fetching, committing and the model build.
 */
export type KillPoint =
  | { after: 'start'; delayMs: number }
  | { after: 'requests'; n: number; delayMs: number }
  | { after: 'manifest'; n: number; delayMs: number }
  | { after: 'progress'; n: number; delayMs: number };

export function describePoint(point: KillPoint): string {
  return point.after === 'start'
    ? `${point.delayMs} ms after start`
    : `${point.delayMs} ms after ${point.after} #${point.n}`;
}

/** A small seeded generator (mulberry32): a trial's kill point follows from its seed. */
export class Dice {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

export interface Watch {
  sim?: Simulator;
  archive?: string;
}

export interface KillResult {
  /** False when the process finished before the point was reached. */
  killed: boolean;
  exit: CliResult;
  /** What the process had done when the signal went out. */
  requests: number;
  manifestLines: number;
  progressLines: number;
}

export async function manifestLines(root: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const text = await readFile(join(root, name, 'manifest.jsonl'), 'utf8');
      total += text.split('\n').filter((l) => l !== '').length;
    } catch {
      // not a run directory, or not written yet
    }
  }
  return total;
}

function progressLines(text: string): number {
  return text.split('\n').filter((l) => /^ {2}\S.*: \d+ rows/.test(l)).length;
}

interface Counts {
  requests: number;
  manifestLines: number;
  progressLines: number;
}

/**
 * Waits until the process reaches `point`; resolves with what it had done
 * by then, or undefined when it exited first.
 */
export async function reach(running: Running, point: KillPoint, watch: Watch): Promise<Counts | undefined> {
  const baseRequests = watch.sim?.requests().length ?? 0;
  const baseManifest = watch.archive === undefined ? 0 : await manifestLines(watch.archive);
  let done = false;
  void running.exited.then(() => {
    done = true;
  });
  const requests = () => (watch.sim?.requests().length ?? 0) - baseRequests;
  const manifest = async () =>
    watch.archive === undefined ? 0 : (await manifestLines(watch.archive)) - baseManifest;
  // Only the count the point waits on is polled: reading every manifest each time costs the test's CPU.
  const reached = async (): Promise<boolean> => {
    switch (point.after) {
      case 'start':
        return true;
      case 'requests':
        return requests() >= point.n;
      case 'manifest':
        return (await manifest()) >= point.n;
      case 'progress':
        return progressLines(running.stderr()) >= point.n;
    }
  };
  while (!done && !(await reached())) await pause(4);
  if (!done && point.delayMs > 0) await Promise.race([pause(point.delayMs), running.exited]);
  if (done) return undefined;
  return {
    requests: requests(),
    manifestLines: await manifest(),
    progressLines: progressLines(running.stderr()),
  };
}

/** Sends `signal` to the process at `point`; resolves once it exited (by the signal or on its own). */
export async function signalAt(
  running: Running,
  point: KillPoint,
  watch: Watch,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<KillResult> {
  const before = await reach(running, point, watch);
  const sent = before !== undefined && running.child.kill(signal);
  const exit = await running.exited;
  // A process that exited on its own just as the signal went out was not killed.
  const killed = sent && (signal !== 'SIGKILL' || exit.signal === 'SIGKILL');
  const at = before ?? { requests: 0, manifestLines: 0, progressLines: 0 };
  return { killed, exit, ...at };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
