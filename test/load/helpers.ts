import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { Store } from '../../src/load/store.ts';
import type { ListItemRow, PlayRow } from '../../src/normalize/rows.ts';
import { tempDir as tempDirAsync } from '../helpers/env.ts';

/**
 * A fresh directory under the OS temp dir, removed when the test ends. Kept for tests written
 * against it; test/helpers/env.ts `tempDir` is the one to use.
 */
export function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'traktdb-load-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A new store on a fresh file, closed when the test ends. */
export async function openStore(t: ExecutionContext, name = 'trakt.duckdb'): Promise<Store> {
  const store = await Store.open(join(await tempDirAsync(t, 'traktdb-load-'), 'nested', name));
  t.teardown(() => store.close().catch(() => undefined));
  return store;
}

export const AT = '2026-11-01T12:00:00.000Z';

export function play(id: number, overrides: Partial<PlayRow> = {}): PlayRow {
  return {
    history_id: id,
    watched_at: new Date(Date.UTC(2024, 0, 1) + id * 3_600_000).toISOString(),
    action: 'watch',
    media_type: 'episode',
    movie_trakt_id: null,
    show_trakt_id: 7,
    episode_trakt_id: 1000 + id,
    ...overrides,
  };
}

/** Item `id` of list `list`: a movie, ranked `rank`. */
export function listItem(list: number, id: number, rank = id): ListItemRow {
  return {
    list_trakt_id: list,
    list_item_id: id,
    rank,
    listed_at: '2024-01-01T00:00:00.000Z',
    notes: null,
    media_type: 'movie',
    trakt_id: 100 + id,
  };
}

export interface LogRow {
  table_name: string;
  op: string;
  key: string;
  old_row: unknown;
  new_row: unknown;
}

/** change_log rows of a run, JSON parsed, in a stable order. */
export async function changeLog(store: Store, runId: number): Promise<LogRow[]> {
  const rows = await store.duck.all(
    `SELECT table_name, op, key, CAST(old_row AS VARCHAR) AS old_row, CAST(new_row AS VARCHAR) AS new_row
     FROM change_log WHERE run_id = ? ORDER BY table_name, op, key`,
    [runId],
  );
  return rows.map((r) => ({
    table_name: String(r['table_name']),
    op: String(r['op']),
    key: String(r['key']),
    old_row: typeof r['old_row'] === 'string' ? JSON.parse(r['old_row']) : null,
    new_row: typeof r['new_row'] === 'string' ? JSON.parse(r['new_row']) : null,
  }));
}

/** Plays as ISO-string rows, ordered by history id. */
export async function plays(store: Store): Promise<PlayRow[]> {
  const rows = await store.duck.all(
    `SELECT history_id::DOUBLE AS history_id, strftime(watched_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS watched_at, action, media_type,
            movie_trakt_id::DOUBLE AS movie_trakt_id, show_trakt_id::DOUBLE AS show_trakt_id,
            episode_trakt_id::DOUBLE AS episode_trakt_id
     FROM plays ORDER BY history_id`,
  );
  return rows.map((r) => ({
    history_id: Number(r['history_id']),
    watched_at: String(r['watched_at']),
    action: r['action'] === null ? null : String(r['action']),
    media_type: r['media_type'] === 'movie' ? 'movie' : 'episode',
    movie_trakt_id: r['movie_trakt_id'] === null ? null : Number(r['movie_trakt_id']),
    show_trakt_id: r['show_trakt_id'] === null ? null : Number(r['show_trakt_id']),
    episode_trakt_id: r['episode_trakt_id'] === null ? null : Number(r['episode_trakt_id']),
  }));
}
