import { createHash } from 'node:crypto';
import { catalog } from '../../pipelines/catalog.ts';
import { TraktdbError, UsageError } from '../errors.ts';
import { normalizeItems } from '../extract/normalize-items.ts';
import { normalizeItem, normalizeSingle } from '../extract/normalizers.ts';
import { RunArchive } from '../land/archive.ts';
import type { MirrorTable, Stage, Store } from '../load/store.ts';
import { buildModels } from '../models/build.ts';
import { NORMALIZER_TABLES } from '../normalize/registry.ts';
import type { RowBatch } from '../normalize/rows.ts';
import { type Classification, classify } from './classify.ts';
import { ByteBudget, type ExportSource, type SourceEntry } from './export-source.ts';
import { type ImportLimits, limitsWith } from './limits.ts';
import { type FileName, isDesktopJunk, isJsonName, parseFileName } from './names.ts';
import { openExport } from './open-export.ts';

export interface ImportOptions {
  /** The export: the ZIP downloaded from trakt.tv, or the directory it was extracted to. */
  path: string;
  store: Store;
  /** Root of the raw archive; the export's files are archived there as a run of mode `import`. */
  archive: string;
  now: () => string;
  limits?: Partial<ImportLimits>;
}

/** One logical file of the export (numbered parts together) that was loaded. */
export interface RecognizedFile {
  name: string;
  files: string[];
  table: string;
  rows: number;
}

/** One logical file that was not loaded, and why. */
export interface OtherFile {
  name: string;
  files: string[];
  reason: string;
}

export interface TableImport {
  /** Rows the export holds for the table. */
  rows: number;
  inserted: number;
  updated: number;
}

export interface ImportSummary {
  runId: number;
  status: 'succeeded' | 'incomplete';
  source: string;
  /** Every file of the export, JSON or not. */
  files: number;
  recognized: RecognizedFile[];
  /** Known files deliberately not loaded (no table for them, empty, bookkeeping). */
  skipped: OtherFile[];
  /** Files no rule recognized: the import is incomplete (exit 4). */
  unrecognized: OtherFile[];
  /** Mirror tables the export loaded into. */
  tables: Record<string, TableImport>;
  /** Media rows (movies, shows, seasons, episodes, people) inserted or updated. */
  mediaChanged: number;
}

/** One commit entry of the manifest: the files one normalizer read, with one context. */
interface Group {
  resource: string;
  table: MirrorTable;
  normalizer: string;
  context: { listTraktId?: number; section?: string };
  files: string[];
  rows: number;
  parts?: Record<string, string>;
}

/** A JSON file read in the first pass, to be archived in the second. */
interface ReadFile {
  entry: SourceEntry;
  sha256: string;
  items: number | null;
  /** The archive folder it goes to. */
  resource: string;
}

interface KnownList {
  listId: number;
  slug: string | null;
  name: string | null;
}

/**
 * Loads Trakt's data export through the same normalizers and the same
 * Store stages and commits as the API path.
 *
 * First pass: every file is read (sizes enforced while streaming), parsed,
 * classified by its shape, normalized and staged. Any bad input (a hostile
 * or damaged archive, invalid JSON, an item no normalizer accepts) stops
 * here with a UsageError: no run is recorded, nothing is archived, nothing
 * is loaded. Second pass: a run of mode `import` starts, the files are
 * archived as received (each as a response with method IMPORT and the path
 * inside the export, so `rebuild` replays imports too), and each table
 * commits with scope `upsert`.
 *
 * An export is a snapshot of a past moment: the import inserts and updates,
 * never deletes, and writes no sync_state. It drops the sync_state of every
 * resource it loaded, so the next `sync` verifies those against the API in
 * full and the database converges on the account as it is now, whichever of
 * import and sync came first.
 */
export async function importExport(options: ImportOptions): Promise<ImportSummary> {
  const { store } = options;
  const source = await openExport(options.path, limitsWith(options.limits));
  const stages = new Map<MirrorTable, Stage>();
  try {
    const plan = await stageExport(source, store, stages, options.now);
    return await commitExport(source, store, stages, plan, options);
  } catch (error) {
    for (const stage of stages.values()) await stage.discard().catch(() => undefined);
    throw error;
  } finally {
    await source.close();
  }
}

interface Plan {
  groups: Group[];
  read: ReadFile[];
  recognized: Map<string, RecognizedFile>;
  skipped: Map<string, OtherFile>;
  unrecognized: Map<string, OtherFile>;
}

async function stageExport(
  source: ExportSource,
  store: Store,
  stages: Map<MirrorTable, Stage>,
  now: () => string,
): Promise<Plan> {
  const plan: Plan = {
    groups: [],
    read: [],
    recognized: new Map(),
    skipped: new Map(),
    unrecognized: new Map(),
  };
  const groups = new Map<string, Group>();
  const lists: KnownList[] = [];
  const profile: { main?: { path: string; value: unknown }; user?: { path: string; value: unknown } } = {};
  const budget = new ByteBudget();
  const note = (into: Map<string, OtherFile>, name: FileName, reason: string) => {
    const key = `${name.logical}\0${reason}`;
    const found = into.get(key);
    if (found) found.files.push(name.path);
    else into.set(key, { name: displayName(name), files: [name.path], reason });
  };
  const stageFor = async (table: MirrorTable): Promise<Stage> => {
    let stage = stages.get(table);
    if (stage === undefined) {
      stage = await store.stage(table);
      stages.set(table, stage);
    }
    return stage;
  };
  const recognize = (name: FileName, table: string, rows: number) => {
    const key = `${name.logical}\0${table}`;
    const found = plan.recognized.get(key);
    if (found) {
      found.files.push(name.path);
      found.rows += rows;
    } else plan.recognized.set(key, { name: displayName(name), files: [name.path], table, rows });
  };

  for (const entry of ordered(source.entries)) {
    const name = parseFileName(entry.path);
    if (isDesktopJunk(name)) {
      note(plan.skipped, name, 'metadata a desktop added when zipping; not part of the export');
      continue;
    }
    if (entry.unreadable !== undefined) {
      note(plan.unrecognized, name, entry.unreadable);
      continue;
    }
    if (!isJsonName(name)) {
      note(plan.unrecognized, name, 'not a .json file');
      continue;
    }
    const bytes = await source.read(entry, budget);
    const value = parseJson(source.label, entry.path, bytes);
    const items = Array.isArray(value) ? value.length : null;
    let classification: Classification = classify(name.logical, value);
    if (classification.kind === 'list-items') classification = resolveList(classification, name, lists);
    let resource = 'unrecognized';
    switch (classification.kind) {
      case 'items': {
        const { normalizer } = classification;
        const table = NORMALIZER_TABLES[normalizer];
        const context: Group['context'] = { ...classification.context };
        if (normalizer === 'lists') lists.push(...listsIn(value as unknown[]));
        resource = groupResource(normalizer, context);
        const rows = await stageItems(
          source.label,
          entry.path,
          await stageFor(table),
          normalizer,
          table,
          value as unknown[],
          context,
        );
        addToGroup(groups, { resource, table, normalizer, context, files: [entry.path], rows });
        recognize(name, table, rows);
        break;
      }
      case 'profile':
        resource = 'profile';
        profile[classification.part] = { path: entry.path, value };
        recognize(name, 'profile', 0);
        break;
      case 'empty':
        resource = classification.table;
        recognize(name, classification.table, 0);
        break;
      case 'skip':
        resource = 'not-loaded';
        note(plan.skipped, name, classification.reason);
        break;
      case 'unknown':
        note(plan.unrecognized, name, classification.reason);
        break;
      default:
        break;
    }
    plan.read.push({ entry, sha256: sha256(bytes), items, resource });
  }

  if (profile.main !== undefined || profile.user !== undefined) {
    const main = profile.main ?? (profile.user as { path: string; value: unknown });
    const parts: Record<string, unknown> = { main: main.value };
    const files: Record<string, string> = { main: main.path };
    if (profile.user !== undefined) {
      parts['user'] = profile.user.value;
      files['user'] = profile.user.path;
    }
    const batch = guardShape(source.label, main.path, () => normalizeSingle('profile', parts, now()));
    await (await stageFor('profile')).add(batch);
    const rows = batch.profile?.length ?? 0;
    for (const found of plan.recognized.values()) if (found.table === 'profile') found.rows = rows;
    addToGroup(groups, {
      resource: 'profile',
      table: 'profile',
      normalizer: 'profile',
      context: {},
      files: [...new Set(Object.values(files))],
      rows,
      parts: files,
    });
  }
  if (plan.recognized.size === 0) {
    throw new UsageError(
      `${source.label} holds no file of Trakt's data export (found ${source.entries.length} files, none recognized); download it from trakt.tv, Settings, Data. Nothing was loaded.`,
    );
  }
  plan.groups = [...groups.values()];
  return plan;
}

async function commitExport(
  source: ExportSource,
  store: Store,
  stages: Map<MirrorTable, Stage>,
  plan: Plan,
  options: ImportOptions,
): Promise<ImportSummary> {
  const startedAt = options.now();
  const runId = await store.startRun('import', startedAt);
  const unrecognized = [...plan.unrecognized.values()];
  const status = unrecognized.length > 0 ? 'incomplete' : 'succeeded';
  try {
    const archive = await RunArchive.open(options.archive, runId, 'import', startedAt);
    const archived = new Map<string, string>();
    const budget = new ByteBudget();
    for (const file of plan.read) {
      const bytes = await source.read(file.entry, budget);
      if (sha256(bytes) !== file.sha256) {
        throw new UsageError(
          `${source.label}: ${file.entry.path} changed while it was being imported; import it again once nothing writes to it.`,
        );
      }
      const body = stripBom(bytes.toString('utf8'));
      const saved = await archive.saveResponse(
        file.resource,
        { method: 'IMPORT', path: file.entry.path, status: 200, body, items: file.items },
        startedAt,
      );
      archived.set(file.entry.path, saved);
    }
    const tables: Record<string, TableImport> = {};
    let mediaChanged = 0;
    for (const [table, stage] of stages) {
      const rows = stage.rowCount;
      const groups = plan.groups.filter((g) => g.table === table);
      const result = await stage.commit({
        runId,
        at: startedAt,
        scope: { kind: 'upsert' },
        dropState: statesToDrop(table, groups),
      });
      stages.delete(table);
      tables[table] = { rows, inserted: result.inserted, updated: result.updated };
      mediaChanged += result.mediaUpserted;
      for (const group of groups) {
        const entry = {
          resource: group.resource,
          table: group.table,
          normalizer: group.normalizer,
          context: group.context,
          scope: { kind: 'upsert' },
          files: group.files.map((f) => archived.get(f) as string),
          rows: group.rows,
          at: startedAt,
        };
        if (group.parts === undefined) await archive.recordCommit(entry);
        else {
          const parts = Object.fromEntries(
            Object.entries(group.parts).map(([part, f]) => [part, archived.get(f) as string]),
          );
          await archive.recordCommit({ ...entry, parts });
        }
      }
    }
    await buildModels(store.duck);
    await store.finishRun(runId, {
      status,
      finishedAt: options.now(),
      requests: 0,
      rateLimited: 0,
      waitedMs: 0,
      ...(unrecognized.length > 0 ? { incompleteResources: unrecognized.map((f) => f.name) } : {}),
    });
    return {
      runId,
      status,
      source: source.label,
      files: source.entries.length,
      recognized: [...plan.recognized.values()],
      skipped: [...plan.skipped.values()],
      unrecognized,
      tables,
      mediaChanged,
    };
  } catch (error) {
    await store
      .finishRun(runId, {
        status: 'failed',
        finishedAt: options.now(),
        requests: 0,
        rateLimited: 0,
        waitedMs: 0,
        error: error instanceof TraktdbError ? error.message : String((error as Error)?.message ?? error),
      })
      .catch(() => undefined);
    throw error;
  }
}

/** Lists and the user's profile first (list items are matched to lists by slug), then by name and part. */
function ordered(entries: readonly SourceEntry[]): SourceEntry[] {
  const rank = (name: FileName) =>
    name.logical === 'lists-lists' || name.logical.startsWith('user-') ? 0 : 1;
  return entries
    .map((entry) => ({ entry, name: parseFileName(entry.path) }))
    .sort(
      (a, b) =>
        rank(a.name) - rank(b.name) ||
        compare(a.name.logical, b.name.logical) ||
        (a.name.part ?? 0) - (b.name.part ?? 0) ||
        compare(a.entry.path, b.entry.path),
    )
    .map((x) => x.entry);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseJson(label: string, path: string, bytes: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UsageError(`${label}: ${path} is not UTF-8 text, so not JSON from Trakt. Nothing was loaded.`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(stripBom(text));
  } catch (error) {
    throw new UsageError(
      `${label}: ${path} is not valid JSON (${(error as Error).message}); the export may be damaged, so download it again. Nothing was loaded.`,
      { cause: error },
    );
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An item no normalizer accepts is bad input here (the API path treats it as a failure of the run). */
function guardShape<T>(label: string, path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TraktdbError) {
      throw new UsageError(`${label}: ${path}: ${error.message} Nothing was loaded.`, { cause: error });
    }
    throw error;
  }
}

async function stageItems(
  label: string,
  path: string,
  stage: Stage,
  normalizer: string,
  table: MirrorTable,
  items: unknown[],
  context: Group['context'],
): Promise<number> {
  const batch: RowBatch = guardShape(label, path, () =>
    normalizeItems(normalizeItem, normalizer, items, `IMPORT ${path}`, context),
  );
  await stage.add(batch);
  return batch[table]?.length ?? 0;
}

function addToGroup(groups: Map<string, Group>, group: Group): void {
  const found = groups.get(group.resource);
  if (found === undefined) groups.set(group.resource, group);
  else {
    found.files.push(...group.files);
    found.rows += group.rows;
  }
}

/** The manifest's resource name of a load: the catalog's where one matches. */
function groupResource(normalizer: string, context: Group['context']): string {
  if (normalizer === 'history') return 'plays';
  if (context.listTraktId !== undefined) return `list_items:${context.listTraktId}`;
  if (context.section !== undefined) return `hidden_${context.section}`;
  return normalizer;
}

/**
 * The sync_state rows a load into `table` makes stale: every catalog
 * resource of that table (and, for list items, the lists they belong to).
 */
function statesToDrop(table: MirrorTable, groups: readonly Group[]): string[] {
  const names = catalog.filter((r) => r.table === table).map((r) => r.name);
  for (const group of groups) {
    if (group.context.listTraktId !== undefined) names.push(`list_items:${group.context.listTraktId}`);
  }
  return names;
}

function resolveList(
  classification: Extract<Classification, { kind: 'list-items' }>,
  name: FileName,
  lists: readonly KnownList[],
): Classification {
  if (classification.listId !== null) {
    return { kind: 'items', normalizer: 'list_items', context: { listTraktId: classification.listId } };
  }
  const wanted = [
    classification.slug,
    ...(name.part === null ? [] : [`${classification.slug}-${name.part}`]),
  ];
  const found = lists.find(
    (l) => wanted.includes(l.slug ?? '') || (l.name !== null && wanted.includes(slugify(l.name))),
  );
  if (found === undefined) {
    return {
      kind: 'unknown',
      reason: `list items of a list "${classification.slug}" that lists-lists.json does not name`,
    };
  }
  return { kind: 'items', normalizer: 'list_items', context: { listTraktId: found.listId } };
}

function listsIn(items: unknown[]): KnownList[] {
  const out: KnownList[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    const ids = record['ids'] as Record<string, unknown> | undefined;
    const listId = ids?.['trakt'];
    if (typeof listId !== 'number') continue;
    out.push({
      listId,
      slug: typeof ids?.['slug'] === 'string' ? (ids['slug'] as string) : null,
      name: typeof record['name'] === 'string' ? (record['name'] as string) : null,
    });
  }
  return out;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `watched-history (3 parts)` style names are built by the CLI; this is the logical file's own name. */
function displayName(name: FileName): string {
  return name.part === null ? name.base : `${name.logical}.json`;
}
