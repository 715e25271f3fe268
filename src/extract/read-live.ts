import PQueue from 'p-queue';
import { TraktdbError } from '../errors.ts';
import type { RejectedItemRow } from '../normalize/rejected.ts';
import { type MirrorTable, PRIMARY_KEYS, type RowBatch, type TableName } from '../normalize/rows.ts';
import type { ExtractListener } from './events.ts';
import { pageThrough } from './fetch-paged.ts';
import { RunLookups } from './id-lookups.ts';
import type { Job, RunContext } from './job.ts';
import type { CommitSpec, Fetcher, LoadTarget, MergeResult, ResponseArchive, Stage } from './ports.ts';
import type { Resource } from './resource.ts';

/**
 * The account as Trakt holds it right now, read with the backup's own pager
 * (pageThrough: every page, deduplicated, checked against
 * X-Pagination-Item-Count, paged again when it moved) into memory. Nothing is
 * archived and nothing reaches the database: `restore` compares this with
 * the mirror and must never write the live state into `--db`.
 */
export type LiveRows = Partial<Record<TableName, Record<string, unknown>[]>>;

export interface ReadLiveOptions {
  fetcher: Fetcher;
  /** Paged catalog resources to read; a resource with `children` reads them for every row too. */
  resources: readonly Resource[];
  concurrency: number;
  emit: ExtractListener;
  now: () => string;
  signal?: AbortSignal | undefined;
  pageSize?: number;
  maxPasses?: number;
  /** Ask for minimal items (no `extended`): enough when only ids and times are compared, and far smaller. */
  minimal?: boolean;
}

/** A resource that could not be read completely: nothing may be decided on part of it. */
export class IncompleteReadError extends TraktdbError {}

export async function readLive(options: ReadLiveOptions): Promise<LiveRows> {
  const target = new MemoryTarget();
  const run: RunContext = {
    fetcher: options.fetcher,
    store: target,
    archive: NO_ARCHIVE,
    queue: new PQueue({ concurrency: options.concurrency }),
    runId: 0,
    runStart: options.now(),
    now: options.now,
    emit: options.emit,
    maxPasses: options.maxPasses ?? 3,
    // docs/trakt-api.md §2: larger limits are clamped to 250 (#925); ask for exactly that.
    pageSize: options.pageSize ?? 250,
    // Ids an item leaves out (a season without its trakt id) are learned as in a backup, unarchived.
    lookups: new RunLookups((path) =>
      options.fetcher.get(path, {}, options.signal === undefined ? {} : { signal: options.signal }),
    ),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const queue = run.queue;
  const rows: LiveRows = {};
  const keep = (table: TableName, stage: Stage | undefined) => {
    const got = stage instanceof MemoryStage ? stage.rows() : [];
    rows[table] = [...(rows[table] ?? []), ...got];
  };
  const reads = await Promise.allSettled(
    options.resources.map(async (resource) => {
      if (resource.pagination !== 'pages') throw new Error(`readLive pages only: ${resource.name}`);
      const parents: Record<string, unknown>[] = [];
      const job: Job = {
        key: resource.name,
        title: resource.title,
        table: resource.table,
        primaryKey: resource.primaryKey,
        normalizer: resource.normalizer,
        context: { ...resource.context },
        path: resource.path.replace('{user}', 'me'),
        query: queryOf(resource.query, options.minimal),
        scope: { kind: 'all' },
        ...(resource.children
          ? { collect: (batch: RowBatch) => parents.push(...((batch[resource.table] ?? []) as never[])) }
          : {}),
      };
      const paged = await read(job, run);
      keep(resource.table, paged);
      const child = resource.children;
      if (child === undefined) return;
      await Promise.all(
        parents.map(async (parent) => {
          const id = Number(parent[child.parentKey]);
          const childJob: Job = {
            key: `${child.name}:${id}`,
            title: `${child.title} of ${String(parent[child.labelColumn] ?? id)}`,
            table: child.table,
            primaryKey: child.primaryKey,
            normalizer: child.normalizer,
            context: { [child.contextKey]: id },
            path: child.path.replace('{user}', 'me').replace('{id}', String(id)),
            query: queryOf(child.query, options.minimal),
            scope: { kind: 'all' },
          };
          keep(child.table, await read(childJob, run));
        }),
      );
    }),
  );
  const failed = reads.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    // Nothing more is fetched for a read that failed: what is queued is dropped, what is in flight ends.
    queue.clear();
    await queue.onIdle();
    throw failed.reason;
  }
  return rows;
}

function queryOf(
  query: Record<string, string> | undefined,
  minimal: boolean | undefined,
): Record<string, string> {
  const { extended, ...rest } = query ?? {};
  return minimal === true || extended === undefined ? rest : { ...rest, extended };
}

async function read(job: Job, run: RunContext): Promise<Stage | undefined> {
  const paged = await pageThrough(job, run);
  if (!paged.complete) {
    throw new IncompleteReadError(
      `The live ${job.title} could not be read completely (${paged.reason ?? 'incomplete'}); nothing was written. Run it again.`,
    );
  }
  // An item of the live account that cannot be read would look missing, and be written again
  // (a second play): restore decides nothing on a resource it could not read whole.
  const rejected = paged.stage instanceof MemoryStage ? paged.stage.rejected : 0;
  if (rejected > 0) {
    throw new IncompleteReadError(
      `The live ${job.title} has ${rejected} item${rejected === 1 ? '' : 's'} traktdb cannot read (see traktdb doctor); nothing was written.`,
    );
  }
  return paged.stage;
}

/** A stage that keeps rows in memory, one per key (pages repeat items at their edges, docs/trakt-api.md §2). */
class MemoryStage implements Stage {
  readonly #table: TableName;
  #rows = new Map<string, Record<string, unknown>>();

  constructor(table: TableName) {
    this.#table = table;
  }

  /** Items the normalizers refused. */
  rejected = 0;

  rows(): Record<string, unknown>[] {
    return [...this.#rows.values()];
  }

  get rowCount(): number {
    return this.#rows.size;
  }

  async reject(rows: readonly RejectedItemRow[]): Promise<void> {
    this.rejected += rows.length;
  }

  async add(batch: RowBatch): Promise<void> {
    const columns = PRIMARY_KEYS[this.#table] as readonly string[];
    for (const row of (batch[this.#table] ?? []) as unknown as Record<string, unknown>[]) {
      this.#rows.set(columns.map((c) => String(row[c])).join(':'), row);
    }
  }

  async commit(_spec: CommitSpec): Promise<MergeResult> {
    throw new Error('a live read is never committed');
  }

  async discard(): Promise<void> {
    this.#rows = new Map();
    this.rejected = 0;
  }

  async rest(): Promise<void> {}
}

class MemoryTarget implements LoadTarget {
  async stage(table: MirrorTable): Promise<Stage> {
    return new MemoryStage(table as TableName);
  }

  async commitTogether(): Promise<MergeResult> {
    throw new Error('a live read is never committed');
  }
}

const NO_ARCHIVE: ResponseArchive = {
  saveResponse: async () => '',
  recordCommit: async () => {},
};
