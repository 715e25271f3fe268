import type { StateUpdate, SyncState } from './contract.ts';
import type { Duck } from './duck.ts';
import { toIso, toNumber } from './values.ts';

/**
 * sync_state: per resource (`plays`, `list_items:123`), the last_activities
 * value seen, a resource-specific cursor, the item count of the last
 * complete pull, and which run wrote it (the contract's SyncState).
 */
export async function readStates(duck: Duck): Promise<Map<string, SyncState>> {
  const rows = await duck.all(
    `SELECT resource, CAST(activities AS VARCHAR) AS activities, CAST(cursor AS VARCHAR) AS cursor,
            item_count, run_id, updated_at FROM sync_state ORDER BY resource`,
  );
  const states = new Map<string, SyncState>();
  for (const row of rows) {
    const resource = String(row['resource']);
    states.set(resource, {
      resource,
      activities: parseJson(row['activities']),
      cursor: parseJson(row['cursor']),
      itemCount: toNumber(row['item_count'], `sync_state ${resource}.item_count`),
      runId: toNumber(row['run_id'], `sync_state ${resource}.run_id`),
      updatedAt: toIso(row['updated_at']),
    });
  }
  return states;
}

/**
 * Upserts `states` (the last one wins for a repeated resource) and deletes
 * `drop`, inside the caller's transaction. A field left undefined keeps its
 * stored value.
 */
export async function writeStates(
  duck: Duck,
  states: readonly StateUpdate[],
  drop: readonly string[],
  runId: number,
  at: string,
): Promise<void> {
  for (const resource of new Set(drop))
    await duck.run('DELETE FROM sync_state WHERE resource = ?', [resource]);
  const byResource = new Map<string, StateUpdate>();
  for (const state of states) byResource.set(state.resource, { ...byResource.get(state.resource), ...state });
  // One statement per set of fields written (a group of lists writes 100 states the same way).
  const byFields = new Map<string, StateUpdate[]>();
  for (const state of byResource.values()) {
    const updates = ['run_id = excluded.run_id', 'updated_at = excluded.updated_at'];
    if (state.activities !== undefined) updates.push('activities = excluded.activities');
    if (state.cursor !== undefined) updates.push('cursor = excluded.cursor');
    if (state.itemCount !== undefined) updates.push('item_count = excluded.item_count');
    const key = updates.join(', ');
    byFields.set(key, [...(byFields.get(key) ?? []), state]);
  }
  for (const [updates, group] of byFields) {
    await duck.run(
      `INSERT INTO sync_state (resource, activities, cursor, item_count, run_id, updated_at)
       VALUES ${group.map(() => '(?, CAST(? AS JSON), CAST(? AS JSON), ?, ?, CAST(? AS TIMESTAMPTZ))').join(', ')}
       ON CONFLICT (resource) DO UPDATE SET ${updates}`,
      group.flatMap((state) => [
        state.resource,
        jsonText(state.activities),
        jsonText(state.cursor),
        state.itemCount ?? null,
        runId,
        at,
      ]),
    );
  }
}

/** Deletes every state whose resource starts with `prefix`; returns how many. */
export function deleteStates(duck: Duck, prefix: string): Promise<number> {
  return duck.changes('DELETE FROM sync_state WHERE starts_with(resource, ?)', [prefix]);
}

function jsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : null;
}
