import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ArchiveReport {
  problems: string[];
  runs: number;
  responses: number;
  commits: number;
  /** Manifests whose last line was cut by a kill (tolerated: that line never committed). */
  torn: number;
  /** Body files with no manifest line (a kill between the write and the append; tolerated). */
  orphans: number;
}

const RUN_DIR = /^\d{8}T\d{6}Z-run\d+$/;

interface Entry {
  type?: string;
  file?: string;
  sha256?: string;
  bytes?: number;
  files?: string[];
  parts?: Record<string, string>;
  runId?: number;
}

/**
 * Checks the archive the way `rebuild` will need it: every manifest line but
 * a torn last one parses, the run line comes first, every recorded body
 * exists with its size and sha256, and every commit names only bodies its
 * run recorded.
 */
export async function checkArchive(root: string): Promise<ArchiveReport> {
  const report: ArchiveReport = { problems: [], runs: 0, responses: 0, commits: 0, torn: 0, orphans: 0 };
  let names: string[];
  try {
    names = (await readdir(root)).filter((n) => RUN_DIR.test(n));
  } catch {
    return report; // killed before the archive existed
  }
  for (const name of names) {
    const dir = join(root, name);
    let text: string;
    try {
      text = await readFile(join(dir, 'manifest.jsonl'), 'utf8');
    } catch {
      continue; // killed between mkdir and the first append
    }
    report.runs += 1;
    const lines = text.split('\n');
    const entries: Entry[] = [];
    for (const [index, line] of lines.entries()) {
      if (line === '') continue;
      try {
        entries.push(JSON.parse(line) as Entry);
      } catch {
        if (index === lines.length - 1) report.torn += 1;
        else report.problems.push(`${name}/manifest.jsonl line ${index + 1} is corrupt and not the last`);
      }
    }
    if (entries.length > 0 && entries[0]?.type !== 'run') {
      report.problems.push(`${name}/manifest.jsonl does not start with its run line`);
    }
    const recorded = new Set<string>();
    for (const entry of entries) {
      if (entry.type !== 'response' || entry.file === undefined) continue;
      report.responses += 1;
      recorded.add(entry.file);
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dir, entry.file));
      } catch {
        report.problems.push(`${name}/${entry.file} is in the manifest but missing`);
        continue;
      }
      if (bytes.length !== entry.bytes) {
        report.problems.push(
          `${name}/${entry.file} has ${bytes.length} bytes, the manifest says ${entry.bytes}`,
        );
      }
      if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
        report.problems.push(`${name}/${entry.file} does not match its sha256`);
      }
    }
    for (const entry of entries) {
      if (entry.type !== 'commit') continue;
      report.commits += 1;
      for (const file of [...(entry.files ?? []), ...Object.values(entry.parts ?? {})]) {
        if (!recorded.has(file)) report.problems.push(`${name}: a commit names ${file}, never recorded`);
      }
    }
    for (const sub of await readdir(dir, { withFileTypes: true })) {
      if (!sub.isDirectory()) continue;
      for (const file of await readdir(join(dir, sub.name))) {
        if (!recorded.has(`${sub.name}/${file}`)) report.orphans += 1;
      }
    }
  }
  return report;
}
