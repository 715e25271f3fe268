import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { catalog } from '../pipelines/catalog.ts';
import type { Clock } from '../src/clock.ts';

/**
 * The naive exporter the benchmark compares against, done the way the
 * best-known existing one (purarue/traktexport, `_trakt_paginate`) does it:
 * one request at a time, pages of 100 (Trakt's default page size) until a
 * page comes back empty, and a fixed sleep after every request (its
 * SLEEP_TIME), here sized to the budget's average rate so it never trips
 * the limit. It fetches the same resources as traktdb's backup (same paths
 * and `extended` options, list items per list) and writes each resource's
 * items as one JSON file: no database, no archive manifest.
 */
export interface BaselineOptions {
  apiUrl: string;
  clientId: string;
  accessToken: string;
  out: string;
  clock: Clock;
  /** Sleep after each request, in the clock's milliseconds. */
  sleepMs: number;
  pageSize?: number;
}

export interface BaselineResult {
  requests: number;
  /** Requests that returned an empty page, the exporter's stop signal. */
  emptyPages: number;
  rateLimited: number;
  items: number;
  bytes: number;
}

export async function naiveExport(options: BaselineOptions): Promise<BaselineResult> {
  const pageSize = options.pageSize ?? 100;
  const result: BaselineResult = { requests: 0, emptyPages: 0, rateLimited: 0, items: 0, bytes: 0 };
  await mkdir(options.out, { recursive: true });

  let refusedAsNone: readonly number[] = [];
  const get = async (path: string, query: Record<string, string | number>): Promise<unknown> => {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    for (;;) {
      const response = await fetch(`${options.apiUrl}${path}${qs === '' ? '' : `?${qs}`}`, {
        headers: {
          'User-Agent': 'naive-exporter/1',
          'Content-Type': 'application/json',
          'trakt-api-key': options.clientId,
          'trakt-api-version': '2',
          Authorization: `Bearer ${options.accessToken}`,
        },
      });
      result.requests += 1;
      const text = await response.text();
      await options.clock.sleep(options.sleepMs);
      if (response.status === 429) {
        // traktexport backs off and retries on RateLimitException.
        result.rateLimited += 1;
        await options.clock.sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
        continue;
      }
      // A free account's saved filters: refused, which an exporter takes as none.
      if (refusedAsNone.includes(response.status)) return [];
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
      result.bytes += text.length;
      return JSON.parse(text);
    }
  };

  const paginate = async (path: string, query: Record<string, string> = {}): Promise<unknown[]> => {
    const all: unknown[] = [];
    for (let page = 1; ; page += 1) {
      const items = await get(path, { ...query, limit: pageSize, page });
      if (!Array.isArray(items) || items.length === 0) {
        result.emptyPages += 1;
        return all;
      }
      for (const item of items) all.push(item);
    }
  };

  const save = async (name: string, value: unknown) => {
    if (Array.isArray(value)) result.items += value.length;
    await writeFile(join(options.out, `${name.replace(/[^a-z0-9_-]/gi, '_')}.json`), JSON.stringify(value));
  };

  for (const resource of catalog) {
    const path = resource.path.replace('{user}', 'me');
    if (resource.pagination === 'single') {
      const parts: Record<string, unknown> = { main: await get(path, { ...resource.query }) };
      for (const [part, also] of Object.entries(resource.also ?? {}))
        parts[part] = await get(also.replace('{user}', 'me'), { ...resource.query });
      await save(resource.name, parts);
      continue;
    }
    refusedAsNone = resource.emptyWhen ?? [];
    // Followers and the like are not paged: one call each, as traktexport makes them.
    const items = resource.unpaged
      ? ((await get(path, { ...resource.query })) as unknown[])
      : await paginate(path, resource.query);
    refusedAsNone = [];
    await save(resource.name, items);
    const child = resource.children;
    if (child === undefined) continue;
    for (const parent of items) {
      const id = (parent as { ids?: { trakt?: number } }).ids?.trakt;
      if (id === undefined) continue;
      // A collaboration list's items live under its owner.
      const owner = (parent as { user?: { ids?: { slug?: string } } }).user?.ids?.slug ?? 'me';
      const childPath = child.path
        .replace('{owner}', encodeURIComponent(owner))
        .replace('{user}', 'me')
        .replace('{id}', String(id));
      await save(`${child.name}_${id}`, await paginate(childPath, child.query));
    }
  }
  return result;
}
