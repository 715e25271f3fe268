import { normalizeSingle } from '../normalize/normalize-items.ts';
import { Quarantine } from '../normalize/quarantine.ts';
import type { RunContext } from './job.ts';
import type { ResourceOutcome } from './outcomes.ts';
import type { SyncState } from './ports.ts';
import { queued } from './queued.ts';
import type { PerTitleResource } from './resource.ts';

/**
 * Per-title resources (credits, docs/credits.md): one request for each movie
 * and show with at least one play. Planned from the played titles and the
 * saved states (a pure function, tested on its own), then carried out title by
 * title inside the run's queue, so they share the GET budget with everything
 * else. Each title commits on its own with its state: a run cut short keeps
 * every title it finished and the next asks only for the rest.
 */

export interface PlayedTitle {
  mediaType: 'movie' | 'show';
  traktId: number;
}

/** The sync_state key of one title's load. */
export function titleKey(resource: PerTitleResource, title: PlayedTitle): string {
  return `${resource.name}:${title.mediaType}:${title.traktId}`;
}

/**
 * The titles to fetch: those never fetched (a title that answered 404 or
 * with nobody was fetched); every title on a full sync, which replaces what
 * Trakt sends now.
 */
export function planTitles(
  resource: PerTitleResource,
  played: readonly PlayedTitle[],
  states: ReadonlyMap<string, SyncState>,
  full: boolean,
): PlayedTitle[] {
  return played.filter((title) => full || !states.has(titleKey(resource, title)));
}

/** What a per-title run needs beyond the run context. */
export interface PerTitleInput {
  resource: PerTitleResource;
  titles: readonly PlayedTitle[];
  run: RunContext;
}

/**
 * Fetches and commits every planned title. A title that answers 404 has no
 * credits: its rows are cleared and its state saved, so it is not asked again
 * (a 404 here is no unavailable resource). Progress is one `page` event per
 * title: done of total.
 */
export async function runPerTitle({ resource, titles, run }: PerTitleInput): Promise<ResourceOutcome> {
  const outcome: ResourceOutcome = {
    key: resource.name,
    title: resource.title,
    complete: true,
    rows: 0,
    expected: titles.length,
    requests: 0,
    inserted: 0,
    updated: 0,
    deleted: 0,
    rejected: 0,
  };
  run.emit({
    type: 'resource-start',
    resource: resource.name,
    title: `${resource.title} (${titles.length} titles)`,
  });
  let done = 0;
  await Promise.all(
    titles.map(async (title) => {
      const path = resource.paths[title.mediaType].replace('{id}', String(title.traktId));
      const fetched = await queued(run.queue, async () => {
        try {
          return await run.fetcher.get(
            path,
            resource.query,
            run.signal === undefined ? {} : { signal: run.signal },
          );
        } catch (error) {
          if (status(error) === 404) return undefined;
          throw error;
        }
      });
      outcome.requests += 1;
      const at = run.now();
      const parts: Record<string, string> = {};
      const bodies: Record<string, unknown> = {};
      if (fetched !== undefined) {
        bodies['main'] = fetched.json;
        parts['main'] = await run.archive.saveResponse(
          resource.name,
          {
            method: fetched.method,
            path: fetched.path,
            status: fetched.status,
            body: fetched.body,
            items: null,
          },
          at,
        );
      }
      const context = { title };
      const { batch, rejected } = normalizeSingle(resource.normalizer, bodies, at, context);
      const quarantine = new Quarantine(resource.name, run.runId);
      const stage = await run.store.stage(resource.table);
      if (rejected.length > 0) await stage.reject(quarantine.admit(`GET ${path}`, rejected));
      await stage.add(batch);
      const key = titleKey(resource, title);
      const ok = rejected.length === 0;
      const scope = ok
        ? { kind: 'where' as const, equals: { media_type: title.mediaType, trakt_id: title.traktId } }
        : { kind: 'upsert' as const };
      const state = {
        resource: key,
        activities: { fetched_at: at, status: fetched === undefined ? '404' : '200' },
      };
      const rows = batch[resource.table]?.length ?? 0;
      await run.archive.recordCommit({
        resource: key,
        table: resource.table,
        normalizer: resource.normalizer.name,
        context,
        scope,
        parts,
        files: Object.values(parts),
        rows,
        ...(ok ? { state } : {}),
        at,
      });
      const merge = await stage.commit({
        runId: run.runId,
        at: run.runStart,
        scope,
        ...(ok ? { state } : {}),
      });
      outcome.rows += rows;
      outcome.inserted += merge.inserted;
      outcome.updated += merge.updated;
      outcome.deleted += merge.deleted;
      outcome.rejected += quarantine.size;
      if (!ok) {
        outcome.complete = false;
        outcome.problem = 'rejected';
        outcome.reason = 'some answers could not be read (see rejected_items)';
      }
      done += 1;
      run.emit({
        type: 'page',
        resource: resource.name,
        page: done,
        pageCount: titles.length,
        items: rows,
        itemCount: titles.length,
        received: done,
      });
    }),
  );
  if (outcome.complete) {
    run.emit({
      type: 'resource-done',
      resource: resource.name,
      title: resource.title,
      rows: outcome.rows,
      inserted: outcome.inserted,
      updated: outcome.updated,
      deleted: outcome.deleted,
      requests: outcome.requests,
    });
  } else {
    run.emit({
      type: 'resource-incomplete',
      resource: resource.name,
      title: resource.title,
      problem: 'rejected',
      expected: titles.length,
      received: done,
      rejected: outcome.rejected,
      reason: outcome.reason ?? 'rejected',
    });
  }
  return outcome;
}

function status(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
}
