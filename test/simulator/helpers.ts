/**
 * Shared helpers for the simulator's own tests: a simulator per test with a
 * teardown, and fetch with the headers Trakt requires.
 */
import type { ExecutionContext } from 'ava';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.ts';

export const ANCHOR = '2026-11-01T00:00:00.000Z';

/** A clock tests move by hand. */
export function manualClock(startIso = '2026-11-10T12:00:00.000Z') {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = Date.parse(iso);
    },
  };
}

export async function start(t: ExecutionContext, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ profile: 'tiny', ...options });
  t.teardown(() => sim.close());
  return sim;
}

export interface Got {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test payloads are read field by field.
  json: any;
}

export interface GetOptions {
  /** Bearer token; null sends none; default the simulator's ready token. */
  token?: string | null;
  headers?: Record<string, string>;
  method?: string;
  body?: unknown;
  omit?: string[];
}

export function apiHeaders(sim: Simulator, options: GetOptions = {}): Record<string, string> {
  const headers: Record<string, string> = {
    'trakt-api-key': sim.clientId,
    'trakt-api-version': '2',
    'User-Agent': 'traktdb-tests/1.0',
    'Content-Type': 'application/json',
  };
  const token = options.token === undefined ? sim.accessToken : options.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  for (const name of options.omit ?? []) delete headers[name];
  return { ...headers, ...options.headers };
}

export async function call(sim: Simulator, path: string, options: GetOptions = {}): Promise<Got> {
  const init: RequestInit = { method: options.method ?? 'GET', headers: apiHeaders(sim, options) };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  const res = await fetch(sim.url + path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Every item of a paged endpoint, walking X-Pagination-Page-Count at limit 250. */
// biome-ignore lint/suspicious/noExplicitAny: test payloads are read field by field.
export async function all(sim: Simulator, path: string, options: GetOptions = {}): Promise<any[]> {
  const sep = path.includes('?') ? '&' : '?';
  const first = await call(sim, `${path}${sep}limit=250&page=1`, options);
  if (first.status !== 200) throw new Error(`${path}: ${first.status} ${first.text}`);
  const pages = Number(first.headers.get('x-pagination-page-count'));
  const items = [...first.json];
  for (let page = 2; page <= pages; page++) {
    const next = await call(sim, `${path}${sep}limit=250&page=${page}`, options);
    items.push(...next.json);
  }
  return items;
}

/** POST to an OAuth route. */
export async function oauthPost(sim: Simulator, path: string, body: Record<string, unknown>): Promise<Got> {
  return call(sim, path, { method: 'POST', body, token: null, omit: ['trakt-api-key', 'trakt-api-version'] });
}
