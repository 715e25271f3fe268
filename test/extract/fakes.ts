import type {
  ArchivedResponse,
  CommitRecord,
  CommitSpec,
  Fetcher,
  MergeResult,
  Page,
  PartValue,
  ResponseArchive,
  RunStore,
  Scope,
  Stage,
  StateUpdate,
  SyncState,
} from '../../src/extract/ports.ts';
import type { RejectedItemRow } from '../../src/normalize/rejected.ts';
import { type MirrorTable, PRIMARY_KEYS, type RowBatch } from '../../src/normalize/rows.ts';

/**
 * Fakes of the extractor's ports (src/extract/ports.ts), small enough to
 * read: a Trakt that pages in-memory answers, a store that keeps mirror
 * tables as maps and applies each commit's scope as the real merge does,
 * and an archive that only records. The runner is tested through them, with
 * no network, no DuckDB and no files.
 */

type Row = Record<string, unknown>;

/** An in-memory Trakt: answers by path, paged with X-Pagination headers, and a log of what was asked. */
export class FakeTrakt implements Fetcher {
  /** Paged answers (arrays) and single ones (objects), by path. */
  readonly answers = new Map<string, unknown>();
  /** Plays, newest first, for `/sync/history` and `/sync/history/{movies|shows}/{id}`. */
  history: Row[] = [];
  lastActivities: Record<string, Record<string, string> | string> = {};
  /** Paths whose answers announce this item count (more than they hold: pages cut short). */
  readonly announce = new Map<string, number>();
  readonly requests: { path: string; query: Record<string, string> }[] = [];

  async get(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<Page> {
    const asked = Object.fromEntries(
      Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    );
    this.requests.push({ path, query: asked });
    if (path === '/sync/last_activities') return page(path, this.lastActivities, undefined);
    const answer = this.answerOf(path, asked);
    if (answer === undefined)
      throw Object.assign(new Error(`${path} answered 404`), { status: 404, method: 'GET', path });
    if (!Array.isArray(answer)) return page(path, answer, undefined);
    const limit = Number(asked['limit'] ?? 10);
    const number = Number(asked['page'] ?? 1);
    const items = answer.slice((number - 1) * limit, number * limit);
    const itemCount = this.announce.get(path) ?? answer.length;
    return page(`${path}?page=${number}`, items, {
      page: number,
      limit,
      pageCount: Math.max(1, Math.ceil(itemCount / limit)),
      itemCount,
    });
  }

  /** Paths asked, in order, with `?limit=1` marking a count. */
  paths(): string[] {
    return this.requests.map((r) => (r.query['limit'] === '1' ? `${r.path}?limit=1` : r.path));
  }

  private answerOf(path: string, query: Record<string, string>): unknown {
    const item = /^\/sync\/history\/(movies|shows)\/(\d+)$/.exec(path);
    if (path === '/sync/history' || item !== null) {
      const from = query['start_at'] ?? '';
      const to = query['end_at'] ?? '9999';
      return this.history.filter((play) => {
        const at = String(play['watched_at']);
        if (at < from || at > to) return false;
        if (item === null) return true;
        const id = Number(item[2]);
        return item[1] === 'movies'
          ? (play['movie'] as Row | undefined)?.['ids'] !== undefined &&
              (play['movie'] as { ids: { trakt: number } }).ids.trakt === id
          : (play['show'] as { ids: { trakt: number } } | undefined)?.ids.trakt === id;
      });
    }
    return this.answers.get(path);
  }
}

function page(path: string, json: unknown, pagination: Page['pagination']): Page {
  return { status: 200, method: 'GET', path, body: JSON.stringify(json), json, pagination };
}

/** Every field of a last_activities answer at one time, for the dotted fields given. */
export function activitiesAt(
  fields: readonly string[],
  at: string,
): Record<string, Record<string, string> | string> {
  const answer: Record<string, Record<string, string> | string> = {};
  for (const field of fields) {
    const [group, name] = field.split('.') as [string, string | undefined];
    if (name === undefined) answer[group] = at;
    else answer[group] = { ...(answer[group] as Record<string, string> | undefined), [name]: at };
  }
  return answer;
}

type Activities = Record<string, Record<string, string | null> | string | null>;

/** The same answer with one dotted field set to `at` (null: sent as null; undefined: left out). */
export function withActivity<A extends Activities>(
  answer: A,
  field: string,
  at: string | null | undefined,
): A {
  const copy: Activities = structuredClone(answer);
  const [group, name] = field.split('.') as [string, string | undefined];
  if (name === undefined) {
    if (at === undefined) delete copy[group];
    else copy[group] = at;
    return copy as A;
  }
  const inner = { ...(copy[group] as Record<string, string | null>) };
  if (at === undefined) delete inner[name];
  else inner[name] = at;
  copy[group] = inner;
  return copy as A;
}

/** A committed load as the fake store saw it. */
export interface Commit {
  table: MirrorTable;
  scope: Scope;
  state: StateUpdate | undefined;
  extraState: StateUpdate[];
  rows: number;
  rejected: number;
}

/** The mirror as maps of rows by primary key; each commit applies its scope as the real merge does. */
export class FakeStore implements RunStore {
  readonly tables = new Map<MirrorTable, Map<string, Row>>();
  readonly states = new Map<string, SyncState>();
  readonly commits: Commit[] = [];
  readonly rejected: RejectedItemRow[] = [];

  rows(table: MirrorTable): Row[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  async stage(table: MirrorTable): Promise<Stage> {
    return new FakeStage(table, this);
  }

  async commitTogether(stages: readonly Stage[], spec: CommitSpec): Promise<MergeResult> {
    const [first] = stages as FakeStage[];
    if (first === undefined) throw new Error('no stage');
    return this.apply(
      first.table,
      (stages as FakeStage[]).flatMap((s) => s.staged),
      (stages as FakeStage[]).flatMap((s) => s.refused),
      spec,
    );
  }

  apply(table: MirrorTable, staged: Row[], refused: RejectedItemRow[], spec: CommitSpec): MergeResult {
    const key = (row: Row) => PRIMARY_KEYS[table].map((c) => String(row[c])).join(':');
    const rows = this.tables.get(table) ?? new Map<string, Row>();
    this.tables.set(table, rows);
    const incoming = new Map(staged.map((row) => [key(row), row]));
    const by: Record<string, { inserted: number; updated: number; deleted: number }> = {};
    const count = (row: Row, op: 'inserted' | 'updated' | 'deleted') => {
      if (spec.countBy === undefined) return;
      const value = String(row[spec.countBy]);
      by[value] ??= { inserted: 0, updated: 0, deleted: 0 };
      by[value][op] += 1;
    };
    let inserted = 0;
    let updated = 0;
    let deleted = 0;
    for (const [k, row] of rows) {
      if (!incoming.has(k) && inScope(row, spec.scope)) {
        rows.delete(k);
        deleted += 1;
        count(row, 'deleted');
      }
    }
    for (const [k, row] of incoming) {
      const before = rows.get(k);
      if (before === undefined) {
        inserted += 1;
        count(row, 'inserted');
      } else if (JSON.stringify(before) !== JSON.stringify(row)) {
        updated += 1;
        count(row, 'updated');
      }
      rows.set(k, row);
    }
    this.rejected.push(...refused);
    const states = [...(spec.state === undefined ? [] : [spec.state]), ...(spec.extraState ?? [])];
    for (const state of states) {
      const before = this.states.get(state.resource);
      this.states.set(state.resource, {
        resource: state.resource,
        activities: state.activities === undefined ? (before?.activities ?? null) : state.activities,
        cursor: state.cursor === undefined ? (before?.cursor ?? null) : state.cursor,
        itemCount: state.itemCount === undefined ? (before?.itemCount ?? null) : state.itemCount,
        runId: spec.runId,
        updatedAt: spec.at,
      });
    }
    for (const resource of spec.dropState ?? []) this.states.delete(resource);
    this.commits.push({
      table,
      scope: spec.scope,
      state: spec.state,
      extraState: spec.extraState ?? [],
      rows: incoming.size,
      rejected: refused.length,
    });
    return {
      inserted,
      updated,
      deleted,
      mediaUpserted: 0,
      byTable: {},
      rejected: refused.length,
      ...(spec.countBy === undefined ? {} : { by }),
    };
  }

  async syncState(): Promise<Map<string, SyncState>> {
    return new Map(this.states);
  }

  async countRange(table: string, column: string, from: string | undefined, to: string | undefined) {
    return this.rows(table as MirrorTable).filter((row) => within(String(row[column]), from, to)).length;
  }

  async countRows(table: string, equals: Record<string, PartValue>) {
    return this.rows(table as MirrorTable).filter((row) => matches(row, equals)).length;
  }

  async countBy(table: string, columns: readonly string[]) {
    const groups = new Map<string, { values: unknown[]; count: number }>();
    for (const row of this.rows(table as MirrorTable)) {
      const values = columns.map((c) => row[c]);
      const key = JSON.stringify(values);
      const group = groups.get(key) ?? { values, count: 0 };
      group.count += 1;
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  async newest(table: string, column: string) {
    return this.rows(table as MirrorTable)
      .map((row) => String(row[column]))
      .sort()
      .at(-1);
  }

  async median(table: string, column: string, from: string, to: string) {
    const values = this.rows(table as MirrorTable)
      .map((row) => String(row[column]))
      .filter((at) => within(at, from, to))
      .sort();
    return values[Math.ceil(values.length / 2) - 1];
  }

  async playedTitles() {
    const seen = new Map<string, { mediaType: 'movie' | 'show'; traktId: number }>();
    for (const play of this.rows('plays')) {
      const movie = play['media_type'] === 'movie';
      const traktId = Number(movie ? play['movie_trakt_id'] : play['show_trakt_id']);
      seen.set(`${movie}:${traktId}`, { mediaType: movie ? 'movie' : 'show', traktId });
    }
    return [...seen.values()];
  }

  async playCountMismatches(to: string) {
    const local = new Map<string, number>();
    for (const play of this.rows('plays')) {
      if (String(play['watched_at']) > to) continue;
      const id =
        play['media_type'] === 'movie' ? `movie:${play['movie_trakt_id']}` : `show:${play['show_trakt_id']}`;
      local.set(id, (local.get(id) ?? 0) + 1);
    }
    const watched = new Map(
      this.rows('watched').map((row) => [
        `${row['media_type']}:${row['trakt_id']}`,
        Number(row['plays'] ?? 0),
      ]),
    );
    return [...new Set([...local.keys(), ...watched.keys()])]
      .filter((id) => (local.get(id) ?? 0) !== (watched.get(id) ?? 0))
      .sort()
      .map((id) => {
        const [mediaType, traktId] = id.split(':') as ['movie' | 'show', string];
        return { mediaType, traktId: Number(traktId) };
      });
  }
}

class FakeStage implements Stage {
  staged: Row[] = [];
  refused: RejectedItemRow[] = [];

  constructor(
    readonly table: MirrorTable,
    private readonly store: FakeStore,
  ) {}

  get rowCount(): number {
    return this.staged.length;
  }

  async add(batch: RowBatch): Promise<void> {
    this.staged.push(...((batch[this.table] ?? []) as object[] as Row[]));
  }

  async reject(rows: readonly RejectedItemRow[]): Promise<void> {
    this.refused.push(...rows);
  }

  async commit(spec: CommitSpec): Promise<MergeResult> {
    return this.store.apply(this.table, this.staged, this.refused, spec);
  }

  async discard(): Promise<void> {
    this.staged = [];
    this.refused = [];
  }

  async rest(): Promise<void> {}
}

function within(at: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || at >= from) && (to === undefined || at <= to);
}

function matches(row: Row, equals: Record<string, PartValue> | undefined): boolean {
  return Object.entries(equals ?? {}).every(([column, value]) => row[column] === value);
}

function inScope(row: Row, scope: Scope): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'where':
      return matches(row, scope.equals);
    case 'range':
      return within(String(row[scope.column]), scope.from, scope.to) && matches(row, scope.equals);
    case 'union':
      return scope.of.some((part) => inScope(row, part));
    case 'upsert':
    case 'snapshot':
      return false;
  }
}

/** An archive that keeps only what it was told. */
export class FakeArchive implements ResponseArchive {
  readonly responses: { resource: string; response: ArchivedResponse }[] = [];
  readonly records: CommitRecord[] = [];

  async saveResponse(resource: string, response: ArchivedResponse): Promise<string> {
    this.responses.push({ resource, response });
    return `${resource}/${this.responses.length}.json`;
  }

  async recordCommit(record: CommitRecord): Promise<void> {
    this.records.push(record);
  }
}
