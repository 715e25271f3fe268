import { pickActivities } from '../extract/activities.ts';
import type { Fetcher, LoadContext, Page } from '../extract/ports.ts';
import type { ChildResource, PagedResource, Resource, SingleResource } from '../extract/resource.ts';
import { unavailableAnswer } from '../extract/unavailable.ts';
import type { IdLookups } from '../normalize/context.ts';
import { lookupNeeds } from '../normalize/lookups.ts';
import { normalizeItems, normalizeSingle, type RejectedItem } from '../normalize/normalize-items.ts';
import type { ItemNormalizer } from '../normalize/registry.ts';
import { unknownKeys } from './expected.ts';

/**
 * `traktdb doctor` (docs/tolerance.md): a
 * few read-only requests, one per resource of the catalog and one for the
 * largest list's items, compared with what traktdb expects: each endpoint
 * answers, pages with X-Pagination headers, sends items every reader can
 * read, with the ids and the fields traktdb knows, and a last_activities
 * with every field a sync listens to. It reads nothing from the database
 * and writes nothing anywhere; the CLI prints the differences and writes
 * the report.
 */

/** What a difference is about, in one word. */
export type DifferenceKind =
  | 'unavailable'
  | 'headers'
  | 'count'
  | 'unreadable'
  | 'ids'
  | 'fields'
  | 'activities'
  | 'shape';

export interface Difference {
  /** Catalog resource key (`notes`, `list_items:123`) or `last_activities`. */
  resource: string;
  kind: DifferenceKind;
  /** One line a person can act on. */
  message: string;
  /** `GET /path?query` that showed it. */
  request: string;
  /** Items as received (the CLI redacts them before writing them anywhere). */
  samples: unknown[];
}

export interface DoctorReport {
  /** Requests made. */
  requests: number;
  /** Resources looked at. */
  checked: string[];
  differences: Difference[];
}

export interface DoctorOptions {
  catalog: readonly Resource[];
  fetcher: Fetcher;
  /** `me` or a user slug. */
  user: string;
  now: () => string;
  /** Items asked per request; default 250, Trakt's clamp (docs/trakt-api.md §2). */
  pageSize?: number;
}

/** Samples kept per difference: enough to show the shape, few enough to read. */
const SAMPLES = 3;

/** Ids a doctor pretends to have learned, so an item missing one is reported as such, not as unreadable. */
const ANY_ID: IdLookups = { season: () => 0, user: () => 0 };

export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  const me = options.user === 'me';
  const report: DoctorReport = { requests: 0, checked: [], differences: [] };
  const get = async (path: string, query: Record<string, string | number> = {}): Promise<Page> => {
    report.requests += 1;
    return options.fetcher.get(path, query);
  };
  const fill = (path: string) => path.replace('{user}', encodeURIComponent(options.user));

  if (me) await checkActivities(options.catalog, get, report);
  for (const resource of options.catalog) {
    const path = me ? resource.path : resource.userPath;
    if (path === undefined) continue;
    report.checked.push(resource.name);
    if (resource.pagination === 'single') {
      await checkSingle(resource, fill(path), fill, get, options, report);
      continue;
    }
    const page = await checkPage(
      resource.name,
      resource.normalizer,
      fill(path),
      resource,
      get,
      options,
      report,
      resource.context,
    );
    if (page !== undefined && resource.children !== undefined) {
      await checkChild(resource, resource.children, page, fill, get, options, report);
    }
  }
  return report;
}

type Get = (path: string, query?: Record<string, string | number>) => Promise<Page>;

async function checkActivities(catalog: readonly Resource[], get: Get, report: DoctorReport): Promise<void> {
  const response = await get('/sync/last_activities');
  const fields = [...new Set(catalog.flatMap((resource) => resource.activities))];
  const values = pickActivities(response.json, fields);
  const unknown = fields.filter((field) => values[field] === null);
  if (unknown.length === 0) return;
  const due = catalog
    .filter((resource) => resource.activities.some((field) => unknown.includes(field)))
    .map((resource) => resource.name);
  report.differences.push({
    resource: 'last_activities',
    kind: 'activities',
    message: `lacks ${unknown.join(', ')}: ${due.join(', ')} cannot be seen to change, so every sync pulls them again`,
    request: `${response.method} ${response.path}`,
    samples: [response.json],
  });
}

/** The request a 404/405 answered, as a difference; undefined (rethrown) for any other failure. */
async function answered(
  resource: string,
  paths: readonly string[],
  request: () => Promise<Page>,
  report: DoctorReport,
  emptyWhen: readonly number[] = [],
): Promise<Page | undefined> {
  try {
    return await request();
  } catch (error) {
    // A refusal that means "none here" (a free account's saved filters) is what traktdb expects.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && emptyWhen.includes(status)) return undefined;
    const gone = unavailableAnswer(error, paths);
    if (gone === undefined) throw error;
    report.differences.push({
      resource,
      kind: 'unavailable',
      message: `${gone}: traktdb marks the resource unavailable (exit 4) and loads the rest`,
      request: gone.replace(/ answered \d+$/, ''),
      samples: [],
    });
    return undefined;
  }
}

async function checkSingle(
  resource: SingleResource,
  path: string,
  fill: (path: string) => string,
  get: Get,
  options: DoctorOptions,
  report: DoctorReport,
): Promise<void> {
  const parts: Record<string, string> = { main: path };
  for (const [part, also] of Object.entries(resource.also ?? {})) parts[part] = fill(also);
  const bodies: Record<string, unknown> = {};
  for (const [part, partPath] of Object.entries(parts)) {
    const response = await answered(
      resource.name,
      [partPath],
      () => get(partPath, resource.query ?? {}),
      report,
    );
    if (response === undefined) return;
    bodies[part] = response.json;
  }
  const { rejected } = normalizeSingle(resource.normalizer, bodies, options.now());
  const [first] = rejected;
  if (first !== undefined) {
    report.differences.push({
      resource: resource.name,
      kind: 'unreadable',
      message: `its answer cannot be read: ${first.reason}`,
      request: `GET ${path}`,
      samples: [first.item],
    });
  }
}

/** Page 1 of a paged resource, checked; its answer when there was one. */
async function checkPage(
  key: string,
  normalizer: ItemNormalizer,
  path: string,
  spec: { query?: Record<string, string>; unpaged?: true; emptyWhen?: readonly number[] },
  get: Get,
  options: DoctorOptions,
  report: DoctorReport,
  context: LoadContext = {},
): Promise<Page | undefined> {
  // An endpoint Trakt does not page is asked without page or limit, and answers without headers.
  const query = spec.unpaged ? { ...spec.query } : { ...spec.query, page: 1, limit: options.pageSize ?? 250 };
  const response = await answered(key, [path], () => get(path, query), report, spec.emptyWhen);
  if (response === undefined) return undefined;
  const request = `${response.method} ${response.path}`;
  const items = response.json;
  if (!Array.isArray(items)) {
    report.differences.push({
      resource: key,
      kind: 'shape',
      message: 'did not answer a JSON array',
      request,
      samples: [items],
    });
    return undefined;
  }
  if (response.pagination === undefined && !spec.unpaged) {
    report.differences.push({
      resource: key,
      kind: 'headers',
      message: `answered ${items.length} items without X-Pagination headers: traktdb checks them against another count or one more page`,
      request,
      samples: [],
    });
  }
  const seasons = items.filter((item) => lookupNeeds([item]).some((p) => p.startsWith('/shows/')));
  if (seasons.length > 0) {
    report.differences.push({
      resource: key,
      kind: 'ids',
      message: `${count(seasons.length, 'item sends', 'items send')} a season without ids.trakt: traktdb learns it from /shows/{id}/seasons, one request per show`,
      request,
      samples: seasons.slice(0, SAMPLES),
    });
  }
  const users = items.filter((item) => hasSlugOnlyUser(item, 0));
  if (users.length > 0) {
    report.differences.push({
      resource: key,
      kind: 'ids',
      message: `${count(users.length, 'item sends', 'items send')} a user with only a slug: traktdb needs the id only of hidden users, and learns it from /users/{slug}`,
      request,
      samples: users.slice(0, SAMPLES),
    });
  }
  const { rejected } = normalizeItems(normalizer, items, request, { ...context, lookups: ANY_ID });
  if (rejected.length > 0) {
    report.differences.push({
      resource: key,
      kind: 'unreadable',
      message: `${rejected.length} of ${items.length} items cannot be read (traktdb keeps them in rejected_items): ${describe(rejected)}`,
      request,
      samples: rejected.slice(0, SAMPLES).map((r) => r.item),
    });
  }
  const extra = new Set<string>();
  const carrying: unknown[] = [];
  for (const item of items) {
    const keys = unknownKeys(normalizer.name, item);
    if (keys.length === 0) continue;
    for (const k of keys) extra.add(k);
    if (carrying.length < SAMPLES) carrying.push(item);
  }
  if (extra.size > 0) {
    report.differences.push({
      resource: key,
      kind: 'fields',
      message: `items carry fields traktdb does not know (it ignores them): ${[...extra].sort().join(', ')}`,
      request,
      samples: carrying,
    });
  }
  return response;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A user object (another user, the list owner, a comment's author) whose ids hold no trakt id. */
function hasSlugOnlyUser(node: unknown, depth: number): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || depth > 3) return false;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value !== 'object' || value === null) continue;
    const ids = (value as Record<string, unknown>)['ids'];
    if (key === 'user' && typeof ids === 'object' && ids !== null && !('trakt' in ids)) return true;
    if (hasSlugOnlyUser(value, depth + 1)) return true;
  }
  return false;
}

function describe(rejected: readonly RejectedItem[]): string {
  const [first] = rejected;
  if (first === undefined) return '';
  // The reason repeats the request; the field and the problem are what matter here.
  const problem = first.reason.slice(first.reason.indexOf(': ') + 2);
  return `item ${first.position}: ${problem}`;
}

/**
 * The child of the parent row with the most items (the account's largest
 * list): the resource most likely to page, or to be cut without saying.
 */
async function checkChild(
  resource: PagedResource,
  child: ChildResource,
  parent: Page,
  fill: (path: string) => string,
  get: Get,
  options: DoctorOptions,
  report: DoctorReport,
): Promise<void> {
  const { batch } = normalizeItems(resource.normalizer, parent.json as unknown[], 'doctor', {});
  const rows = (batch[resource.table] ?? []) as object[] as Record<string, unknown>[];
  const itemsOf = (row: Record<string, unknown>): number | null => {
    const value = child.countColumn === undefined ? null : row[child.countColumn];
    return typeof value === 'number' ? value : null;
  };
  const largest = [...rows].sort((a, b) => (itemsOf(b) ?? 0) - (itemsOf(a) ?? 0))[0];
  if (largest === undefined) return;
  const id = Number(largest[child.parentKey]);
  const key = `${child.name}:${id}`;
  report.checked.push(key);
  let template = child.path;
  for (const [placeholder, column] of Object.entries(child.pathColumns ?? {})) {
    const value = largest[column];
    template = template.replace(
      placeholder,
      typeof value === 'string' ? encodeURIComponent(value) : '{user}',
    );
  }
  const path = fill(template).replace('{id}', String(id));
  const context = { [child.contextKey]: id };
  const before = report.differences.length;
  const page = await checkPage(key, child.normalizer, path, child, get, options, report, context);
  // A list another user owns has its items under that user's slug: a name, kept out of the report.
  const shown = (request: string) => withoutOwners(request, child, largest);
  for (const difference of report.differences.slice(before)) {
    difference.request = shown(difference.request);
    difference.message = shown(difference.message);
  }
  const items = page?.json;
  const count = itemsOf(largest);
  if (page === undefined || page.pagination !== undefined || !Array.isArray(items) || count === null) return;
  if (items.length < count && items.length < (options.pageSize ?? 250)) {
    report.differences.push({
      resource: key,
      kind: 'count',
      message: `sent ${items.length} of the ${child.parentNoun}'s ${count} items, without X-Pagination headers: an answer cut short (traktdb ends incomplete, exit 4)`,
      request: shown(`${page.method} ${page.path}`),
      samples: [],
    });
  }
}

/** `request` with the parent's path columns (a list owner's slug) put back as their placeholders. */
function withoutOwners(request: string, child: ChildResource, parent: Record<string, unknown>): string {
  let out = request;
  for (const [placeholder, column] of Object.entries(child.pathColumns ?? {})) {
    const value = parent[column];
    if (typeof value === 'string' && value !== '')
      out = out.replaceAll(`/${encodeURIComponent(value)}/`, `/${placeholder}/`);
  }
  return out;
}
