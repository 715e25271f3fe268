import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { DatabaseError } from '../../errors.ts';
import type { RejectedSummary, SyncRunRow } from '../../load/store.ts';
import type { GlobalArgs } from '../global-options.ts';
import { out } from '../io.ts';
import { loadConfig } from '../load-config.ts';
import { count } from '../plural.ts';
import { changesText } from '../run-numbers.ts';
import { scrubStatusLines } from '../scrub-status.ts';
import { span } from './auth-shared.ts';

/** Rejected items listed one by one, at most this many (the rest are counted; rejected_items has all). */
const REJECTED_SHOWN = 20;

/**
 * What the last run could not verify (docs/tolerance.md: `status` shows the rejected
 * items and unavailable resources of the last run), each resource beside
 * the word for what went wrong.
 */
export function lastRunProblems(run: SyncRunRow, rejected: RejectedSummary[]): string[] {
  const lines: string[] = [];
  for (const unavailable of run.unavailableResources) lines.push(`unavailable  ${unavailable}`);
  const byResource = new Map<string, number>();
  for (const item of rejected) byResource.set(item.resource, (byResource.get(item.resource) ?? 0) + 1);
  for (const [resource, count] of byResource) {
    lines.push(`rejected     ${resource}: ${count === 1 ? '1 item' : `${count} items`}`);
  }
  for (const item of rejected.slice(0, REJECTED_SHOWN)) {
    // The reason begins by naming the item and the request again (`history item 0 of GET ...: `).
    const named = item.reason.indexOf(`${item.request}: `);
    const reason = named === -1 ? item.reason : item.reason.slice(named + item.request.length + 2);
    lines.push(`  ${item.resource}, item ${item.position} of ${item.request}: ${reason}`);
  }
  if (rejected.length > REJECTED_SHOWN) {
    lines.push(
      `  ... and ${rejected.length - REJECTED_SHOWN} more: traktdb query "SELECT * FROM rejected_items"`,
    );
  }
  const named = new Set([
    ...byResource.keys(),
    ...run.unavailableResources.map((text) => text.split(' ')[0] ?? text),
  ]);
  for (const key of run.incompleteResources) if (!named.has(key)) lines.push(`incomplete   ${key}`);
  return lines;
}

/**
 * `Last successful pull: 2026-05-01 12:00 UTC (2 hours ago; sync, run 12)`: the age
 * is what a glance at a scheduled setup wants to know.
 */
export function lastPullLine(runs: readonly SyncRunRow[], now: number): string {
  const last = runs.find(
    (run) => (run.status === 'succeeded' || run.status === 'incomplete') && run.finishedAt !== null,
  );
  if (last === undefined || last.finishedAt === null) return 'No successful pull yet.';
  const at = Date.parse(last.finishedAt);
  const age = now - at;
  const when = Number.isNaN(at)
    ? last.finishedAt
    : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC (${age < 60_000 ? 'just now' : `${span(age)} ago`}`;
  const tail = `${last.mode}, run ${last.runId}${last.status === 'incomplete' ? ', incomplete' : ''}`;
  return `Last successful pull: ${when}${Number.isNaN(at) ? ` (${tail})` : `; ${tail})`}`;
}

/** A run's changes as the run's own summary said them; a rebuild also names the runs it replayed. */
function runChanges(run: SyncRunRow): string {
  const text = changesText({
    account: run.rowsChanged,
    media: run.mediaRowsChanged,
    reranked: run.rowsReranked,
  });
  const replayed = run.replayedRuns ?? [];
  return replayed.length === 0 ? text : `${text}; replayed ${count(replayed.length, 'archived run')}`;
}

export const statusCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'status',
  describe: 'Show the last runs, how fresh the data is, and rows per table',
  builder: (yargs) => yargs.example('$0 status', 'what the default database holds'),
  handler: async (argv) => {
    const config = loadConfig(argv);
    if (!existsSync(config.db.value)) {
      throw new DatabaseError(
        `There is no database at ${config.db.value} yet; run \`traktdb backup\` first.`,
      );
    }
    const { Store } = await import('../../load/store.ts');
    const store = await Store.open(config.db.value, {
      readOnly: true,
      memoryLimit: config.memoryLimit.value,
    });
    try {
      // Enough history that a scheduled sync failing for a day still finds the last one that worked.
      const history = await store.lastRuns(50);
      const runs = history.slice(0, 5);
      const counts = await store.tableCounts();
      out(`Database: ${config.db.value}`);
      out(lastPullLine(history, Date.now()));
      out('');
      out('Recent runs:');
      for (const run of runs) {
        out(
          `  ${String(run.runId).padStart(4)}  ${run.mode.padEnd(9)}  ${run.status.padEnd(11)}  ${run.startedAt}  ` +
            `${count(run.requests ?? 0, 'request')}, ${runChanges(run)}${run.error ? `  (${run.error})` : ''}`,
        );
      }
      const [latest] = runs;
      if (latest !== undefined) {
        const lines = lastRunProblems(latest, await store.rejectedItems(latest.runId));
        if (lines.length > 0) {
          out('');
          out(`Last run (${latest.runId}, ${latest.mode}) could not verify:`);
          for (const line of lines) out(`  ${line}`);
        }
      }
      out('');
      const scrub = (await store.syncState()).get('scrub');
      for (const line of scrubStatusLines(scrub?.cursor, config.scrubPeriod.value)) out(line);
      out('');
      out('Rows per table:');
      const width = Math.max(...Object.keys(counts).map((t) => t.length));
      for (const [table, count] of Object.entries(counts))
        out(`  ${table.padEnd(width)}  ${String(count).padStart(9)}`);
      // The rest of the account (docs/account.md), counted by relation; never anyone's name.
      const social = async (relation: string) => store.countRows('social', { relation });
      out('');
      out(
        `People: ${count(await social('follower'), 'follower')}, ${await social('following')} following, ` +
          `${count(await social('friend'), 'friend')}, ${count(await social('request_in'), 'follow request')} to you, ` +
          `${await social('request_out')} of yours waiting; ` +
          `${count(await store.countRows('lists', { collaboration: true }), 'collaboration list')}, ` +
          `${count(counts['saved_filters'] ?? 0, 'saved filter')}.`,
      );
    } finally {
      await store.close();
    }
  },
};
