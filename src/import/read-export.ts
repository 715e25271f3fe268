import { TraktdbError, UsageError } from '../errors.ts';
import type { ExtractListener } from '../extract/events.ts';
import type { MirrorTable, Stage, Store } from '../load/store.ts';
import { normalizeItems } from '../normalize/normalize-items.ts';
import { type ItemNormalizer, NORMALIZERS, SINGLE_NORMALIZERS } from '../normalize/registry.ts';
import type { RowBatch } from '../normalize/rows.ts';
import { ShapeError } from '../normalize/shape-error.ts';
import { sha256, stripBom } from './bytes.ts';
import { type Classification, classify } from './classify.ts';
import { ByteBudget, type ExportSource, type SourceEntry } from './export-source.ts';
import { type KnownList, listsIn, resolveList } from './list-refs.ts';
import { type FileName, isDesktopJunk, isJsonName, parseFileName } from './names.ts';
import type { OtherFile, RecognizedFile } from './summary.ts';

/** The progress resource of the first pass. */
const READING = 'export files';

/** One commit entry of the manifest: the files one normalizer read, with one context. */
export interface Group {
  resource: string;
  table: MirrorTable;
  normalizer: string;
  context: { listTraktId?: number; section?: string };
  files: string[];
  rows: number;
  parts?: Record<string, string>;
}

/** A JSON file read in the first pass, to be archived in the second. */
export interface ReadFile {
  entry: SourceEntry;
  sha256: string;
  items: number | null;
  /** The archive folder it goes to. */
  resource: string;
}

/** What the first pass found: the loads to commit and the files to archive. */
export interface Plan {
  groups: Group[];
  read: ReadFile[];
  recognized: Map<string, RecognizedFile>;
  skipped: Map<string, OtherFile>;
  unrecognized: Map<string, OtherFile>;
}

/**
 * The first pass: every file read (sizes enforced while streaming), parsed,
 * classified by shape, normalized and staged into the store's stages. Bad
 * input throws a UsageError before anything is committed or archived.
 */
export async function readExport(
  source: ExportSource,
  store: Store,
  stages: Map<MirrorTable, Stage>,
  now: () => string,
  emit: ExtractListener,
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

  const files = source.entries.length;
  let done = 0;
  let staged = 0;
  const take = async (entry: SourceEntry): Promise<void> => {
    const name = parseFileName(entry.path);
    if (isDesktopJunk(name)) {
      note(plan.skipped, name, 'metadata a desktop added when zipping; not part of the export');
      return;
    }
    if (entry.unreadable !== undefined) {
      note(plan.unrecognized, name, entry.unreadable);
      return;
    }
    if (!isJsonName(name)) {
      note(plan.unrecognized, name, 'not a .json file');
      return;
    }
    const bytes = await source.read(entry, budget);
    const value = parseJson(source.label, entry.path, bytes);
    const items = Array.isArray(value) ? value.length : null;
    let classification: Classification = classify(name.logical, value);
    if (classification.kind === 'list-items') classification = resolveList(classification, name, lists);
    let resource = 'unrecognized';
    switch (classification.kind) {
      case 'items': {
        const normalizer = NORMALIZERS[classification.normalizer];
        const { table } = normalizer;
        const context: Group['context'] = { ...classification.context };
        if (normalizer === NORMALIZERS.lists) lists.push(...listsIn(value as unknown[]));
        resource = groupResource(normalizer.name, context);
        const rows = await stageItems(
          source.label,
          entry.path,
          await stageFor(table),
          normalizer,
          value as unknown[],
          context,
        );
        staged += rows;
        addToGroup(groups, {
          resource,
          table,
          normalizer: normalizer.name,
          context,
          files: [entry.path],
          rows,
        });
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
  };
  for (const entry of ordered(source.entries)) {
    await take(entry);
    done += 1;
    emit({
      type: 'page',
      resource: READING,
      page: done,
      pageCount: files,
      items: 0,
      itemCount: 0,
      received: staged,
    });
  }

  if (profile.main !== undefined || profile.user !== undefined) {
    const main = profile.main ?? (profile.user as { path: string; value: unknown });
    const parts: Record<string, unknown> = { main: main.value };
    const files: Record<string, string> = { main: main.path };
    if (profile.user !== undefined) {
      parts['user'] = profile.user.value;
      files['user'] = profile.user.path;
    }
    const batch = guardShape(source.label, main.path, () =>
      SINGLE_NORMALIZERS.profile.normalize(parts, now()),
    );
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
  normalizer: ItemNormalizer,
  items: unknown[],
  context: Group['context'],
): Promise<number> {
  const batch: RowBatch = guardShape(label, path, () => {
    const { batch, rejected } = normalizeItems(normalizer, items, `IMPORT ${path}`, context);
    // An export is a file the user hands us: an item no normalizer accepts stops the import whole.
    const [bad] = rejected;
    if (bad !== undefined) throw new ShapeError(bad.reason);
    return batch;
  });
  await stage.add(batch);
  return batch[normalizer.table]?.length ?? 0;
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

/** `watched-history (3 parts)` style names are built by the CLI; this is the logical file's own name. */
function displayName(name: FileName): string {
  return name.part === null ? name.base : `${name.logical}.json`;
}
