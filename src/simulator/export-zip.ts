/**
 * The account as Trakt's own data export (trakt.tv, Settings, Data, "Export
 * now"): a ZIP of JSON files. Trakt does not document the export; its layout
 * here follows what public parsers of real exports read (see the issue
 * "Interop: import Trakt's official data export"):
 *
 * - every file sits in one top folder, `<slug>-trakt-export/` by default;
 * - items have the shapes of the API's responses, with standard (not
 *   extended) media objects whose `ids` also carry a `plex` object;
 * - `watched-history-N.json` is always numbered; any other file larger than
 *   one part is split into `name-1.json`, `name-2.json`, ...;
 * - files for what the account does not use are present as `[]`.
 *
 * UNCERTAIN, chosen here: collection items carry their `metadata` (as
 * `extended=metadata` gives it), `user-profile.json` is the
 * `/users/{id}?extended=full` object, the `network-*.json` files and
 * `lists-collaborations.json` are the API's answers (standard user objects).
 *
 * Each file's items come from the simulator's own route handlers, so an
 * export and an API backup of one account cannot drift apart.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZipFile } from 'yazl';
import type { Json } from './media-json.ts';
import type { Router } from './router.ts';
import type { Ctx, SimState } from './state.ts';

export interface ExportZipOptions {
  /** The folder every file sits in; '' for none. Default `<slug>-trakt-export`. */
  topFolder?: string;
  /** Items per part of a split file (default 250). */
  partSize?: number;
  /**
   * Add `some-future-file.json`, a file of a shape no importer knows, as a
   * newer export might hold (default true).
   */
  unknownFile?: boolean;
}

type Control = (req: IncomingMessage, res: ServerResponse, path: string, body: string) => void;

const HIDDEN_SECTIONS = [
  'calendar',
  'progress_watched',
  'progress_collected',
  'recommendations',
  'comments',
  'dropped',
] as const;

/** The ZIP of the account as it is now, byte for byte the same for the same account state. */
export async function buildExportZip(
  state: SimState,
  router: Router,
  options: ExportZipOptions = {},
): Promise<Buffer> {
  const slug = state.account.profile.slug;
  const folder = options.topFolder ?? `${slug}-trakt-export`;
  const partSize = options.partSize ?? 250;
  const files = new Map<string, unknown>();
  const get = (path: string, query: Record<string, string> = {}) => call(state, router, path, query).body;
  const all = (path: string, query: Record<string, string> = {}) => pages(state, router, path, query);
  const addParts = (name: string, items: unknown[], alwaysNumbered = false) => {
    if (!alwaysNumbered && items.length <= partSize) {
      files.set(`${name}.json`, items);
      return;
    }
    const count = Math.max(1, Math.ceil(items.length / partSize));
    for (let part = 0; part < count; part++) {
      files.set(`${name}-${part + 1}.json`, items.slice(part * partSize, (part + 1) * partSize));
    }
  };

  files.set('user-profile.json', get(`/users/${slug}`, { extended: 'full' }));
  files.set('user-settings.json', get('/users/settings'));
  files.set('user-stats.json', get(`/users/${slug}/stats`));
  files.set('user-last-activities.json', get('/sync/last_activities'));
  addParts('watched-history', all('/sync/history'), true);
  addParts('watched-movies', all('/sync/watched/movies'));
  addParts('watched-shows', all('/sync/watched/shows'));
  addParts('watched-playback', all('/sync/playback'));
  for (const type of ['movies', 'shows', 'seasons', 'episodes']) {
    addParts(`ratings-${type}`, all(`/sync/ratings/${type}`));
  }
  addParts('lists-watchlist', all('/sync/watchlist'));
  addParts('lists-favorites', all('/sync/favorites'));
  const lists = all(`/users/${slug}/lists`) as Json[];
  addParts('lists-lists', lists);
  // The lists only: the export holds none of a collaboration list's items.
  addParts('lists-collaborations', get(`/users/${slug}/lists/collaborations`) as unknown[]);
  for (const list of lists) {
    const ids = list['ids'] as { trakt: number; slug: string };
    addParts(`lists-list-${ids.trakt}-${ids.slug}`, all(`/users/${slug}/lists/${ids.trakt}/items`));
  }
  for (const type of ['movies', 'episodes', 'shows']) {
    addParts(`collection-${type}`, all(`/sync/collection/${type}`, { extended: 'metadata' }));
  }
  for (const section of HIDDEN_SECTIONS) {
    addParts(`hidden-${section.replace(/_/g, '-')}`, all(`/users/hidden/${section}`));
  }
  for (const type of ['movies', 'shows', 'seasons', 'episodes', 'lists']) {
    addParts(`comments-${type}`, all(`/users/${slug}/comments/all/${type}`, { include_replies: 'true' }));
  }
  addParts('likes-comments', all('/users/likes/comments'));
  addParts('likes-lists', all('/users/likes/lists'));
  for (const type of ['movies', 'shows', 'seasons', 'episodes', 'people']) {
    addParts(`notes-${type}`, all(`/users/${slug}/notes/${type}`));
  }
  // The social graph as the API answers it; `followers-requests` is the requests awaiting the
  // account's approval (/users/requests), not its own (the export has no file for those).
  files.set('network-followers.json', get(`/users/${slug}/followers`));
  files.set('network-following.json', get(`/users/${slug}/following`));
  files.set('network-friends.json', get(`/users/${slug}/friends`));
  files.set('network-followers-requests.json', get('/users/requests'));
  if (options.unknownFile ?? true) {
    files.set('some-future-file.json', [
      { badge: { slug: 'night-owl', level: 2 }, earned: '2026-01-01T00:00:00.000Z' },
    ]);
  }

  const zip = new ZipFile();
  // Stamped with the account's last change, so one account state always gives the same bytes.
  const mtime = new Date((state.account.activities['all']?.['all'] ?? 0) * 1000);
  for (const [name, value] of files) {
    const body = Buffer.from(JSON.stringify(withPlexIds(value)), 'utf8');
    zip.addBuffer(body, folder === '' ? name : `${folder}/${name}`, { mtime, compress: true });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Adds `GET /_sim/export.zip[?unknown=false&folder=NAME]` in front of the
 * other control routes.
 */
export function withExportRoute(control: Control, build: (options: ExportZipOptions) => Promise<Buffer>) {
  return (req: IncomingMessage, res: ServerResponse, path: string, body: string): void => {
    if (path !== '/_sim/export.zip' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      control(req, res, path, body);
      return;
    }
    const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
    const options: ExportZipOptions = { unknownFile: query.get('unknown') !== 'false' };
    const folder = query.get('folder');
    if (folder !== null) options.topFolder = folder;
    build(options).then(
      (zip) => {
        res.writeHead(200, {
          'Content-Type': 'application/zip',
          'Content-Disposition': 'attachment; filename="trakt-export.zip"',
          'Content-Length': zip.length,
        });
        res.end(req.method === 'HEAD' ? undefined : zip);
      },
      (error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: String((error as Error)?.message ?? error) }));
      },
    );
  };
}

/** One GET through the route table, as the server would answer it without faults. */
function call(state: SimState, router: Router, path: string, query: Record<string, string>) {
  const segments = path.split('/').filter(Boolean);
  const match = router.match('GET', segments);
  if (!('route' in match)) throw new Error(`the simulator has no route for GET ${path}`);
  const extended = new Set((query['extended'] ?? '').split(',').filter(Boolean));
  const ctx: Ctx = {
    s: state,
    method: 'GET',
    path,
    params: match.params,
    query,
    extended,
    full: extended.has('full'),
    shuffleSeed: null,
    body: undefined,
  };
  const reply = match.route.handle(ctx);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status} while exporting`);
  return reply;
}

/** Every item of a paged endpoint, page by page. */
function pages(state: SimState, router: Router, path: string, query: Record<string, string>): unknown[] {
  const items: unknown[] = [];
  for (let page = 1; ; page++) {
    const reply = call(state, router, path, { ...query, page: String(page), limit: '250' });
    const body = reply.body as unknown[];
    items.push(...body);
    const count = Number(reply.headers?.['X-Pagination-Page-Count'] ?? 1);
    if (page >= count || body.length === 0) return items;
  }
}

/** Real exports carry a Plex id next to Trakt's own ids of movies, shows and episodes. */
function withPlexIds(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => withPlexIds(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withPlexIds(v, k);
  const ids = out['ids'] as Record<string, unknown> | undefined;
  if ((key === 'movie' || key === 'show' || key === 'episode') && typeof ids?.['trakt'] === 'number') {
    const guid = createHash('sha256').update(`${key}:${ids['trakt']}`).digest('hex').slice(0, 24);
    out['ids'] = { ...ids, plex: { guid, slug: null } };
  }
  return out;
}
