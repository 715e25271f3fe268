import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TaskName } from './child.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const PREFIX = 'BENCH_RESULT ';

export interface ChildMeasures {
  /** The process's peak resident set, KB. */
  peakRssKb: number;
  /** Resident set before the task began (node, tsx and the modules), KB. */
  baseRssKb: number;
  cpuMs: number;
}

/** Runs one task of child.ts in a fresh node process and returns what it printed. */
export function runChild<T>(name: TaskName, input: unknown): Promise<T & ChildMeasures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, name, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench task ${name} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(JSON.parse(line.slice(PREFIX.length)) as T & ChildMeasures);
    });
  });
}
