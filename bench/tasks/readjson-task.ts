import { readArchive } from '../../src/land/archive.ts';
import type { CommitEntry } from '../../src/land/manifest.ts';
import { Store } from '../../src/load/store.ts';

export interface ReadJsonTask {
  archive: string;
  db: string;
}

/**
 * DuckDB's own loader on the same rows: the archived history pages (JSON
 * arrays as Trakt sent them), read with read_json and inserted into the
 * same `plays` table of a fresh traktdb database. Columns are given, so
 * DuckDB parses only what the table needs: its best case.
 */
export async function readJsonTask(task: ReadJsonTask): Promise<{ wallMs: number; rows: number }> {
  const runs = await readArchive(task.archive);
  const files: string[] = [];
  for (const run of runs) {
    for (const entry of run.entries) {
      if (entry.type === 'commit' && (entry as CommitEntry).resource === 'plays') {
        for (const file of (entry as CommitEntry).files) files.push(`${run.dir}/${file}`);
      }
    }
  }
  if (files.length === 0) throw new Error(`no plays files in ${task.archive}`);
  const store = await Store.open(task.db);
  try {
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
    const ids = 'STRUCT(ids STRUCT(trakt BIGINT))';
    const started = performance.now();
    await store.duck.run(
      `INSERT INTO plays (history_id, watched_at, action, media_type, movie_trakt_id, show_trakt_id, episode_trakt_id)
       SELECT j.id, j.watched_at, j."action", j."type", j."movie".ids.trakt, j."show".ids.trakt, j."episode".ids.trakt
       FROM read_json([${list}], format = 'array',
         columns = {'id': 'BIGINT', 'watched_at': 'TIMESTAMPTZ', 'action': 'VARCHAR', 'type': 'VARCHAR',
                    'movie': '${ids}', 'show': '${ids}', 'episode': '${ids}'}) AS j`,
    );
    const wallMs = performance.now() - started;
    const row = await store.duck.one<{ n: bigint }>('SELECT count(*) AS n FROM plays');
    return { wallMs, rows: Number(row?.n ?? 0) };
  } finally {
    await store.close();
  }
}
