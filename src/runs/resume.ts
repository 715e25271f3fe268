import { ArchiveError } from '../errors.ts';
import { pickActivities } from '../extract/activities.ts';
import type { Resource } from '../extract/resource.ts';
import { type ArchivedPages, pageKey, type ResumeSource } from '../extract/reuse.ts';
import { type ArchivedRun, readArchivedBody, readArchivedRun } from '../land/archive.ts';
import type { ResponseEntry } from '../land/manifest.ts';

/**
 * The pages interrupted runs archived for resources none of them committed,
 * by resource, for the extractor to read back instead of fetching them again
 * (src/extract/reuse.ts decides whether they still hold). `runs` are the
 * unfinished runs since the last one that finished, newest first: for each
 * resource the newest run that fetched pages of it gives them (a resumed run
 * archives the pages it reuses again, so the newest holds them all).
 */
export async function resumeSource(
  archiveRoot: string,
  runs: readonly { runId: number; startedAt: string | null }[],
  catalog: readonly Resource[],
): Promise<ResumeSource & { resources: number }> {
  const paged = new Map(catalog.filter((r) => r.pagination === 'pages').map((r) => [r.name, r]));
  const found = new Map<string, ArchivedPages>();
  for (const { runId, startedAt } of runs) {
    if (startedAt === null) continue;
    const run = await readArchivedRun(archiveRoot, runId, startedAt).catch((error: unknown) => {
      if (error instanceof ArchiveError) return undefined; // a corrupt manifest: fetch again
      throw error;
    });
    if (run === undefined) continue;
    // A resource one of them committed with its state is skipped by the plan (unless it moved
    // since, and then its pages do not hold either); committed without it (a parent waiting for
    // its children, an incomplete load), its pages are as good as any.
    for (const [name, pages] of await pagesOfRun(run, paged)) {
      if (!found.has(name)) found.set(name, pages);
    }
  }
  return { pagesOf: (resource) => found.get(resource), resources: found.size };
}

/** One run's archived pages per paged catalog resource, with the activities they were fetched under. */
async function pagesOfRun(
  run: ArchivedRun,
  paged: ReadonlyMap<string, Resource>,
): Promise<Map<string, ArchivedPages>> {
  const byResource = new Map<
    string,
    { entries: Map<number, ResponseEntry>; base: string; activities: unknown }
  >();
  let activities: unknown;
  for (const entry of run.entries) {
    if (entry.type !== 'response' || entry.status !== 200) continue;
    if (entry.resource === 'last_activities') {
      activities = await readJson(run.dir, entry);
      continue;
    }
    if (!paged.has(entry.resource)) continue;
    const { base, page } = pageKey(entry.path);
    const known = byResource.get(entry.resource);
    // A later round asks with another end_at: its pages replace the earlier round's.
    if (known === undefined || known.base !== base) {
      byResource.set(entry.resource, { entries: new Map([[page, entry]]), base, activities });
    } else {
      known.entries.set(page, entry);
    }
  }
  const result = new Map<string, ArchivedPages>();
  for (const [name, { entries, base, activities: seen }] of byResource) {
    const resource = paged.get(name) as Resource;
    const pages = new Map(
      [...entries].map(([page, entry]) => [
        page,
        { base, pagination: entry.pagination, read: () => readPage(run.dir, entry) },
      ]),
    );
    const endAt = new URLSearchParams(base.split('?')[1] ?? '').get('end_at') ?? undefined;
    result.set(name, {
      runId: runIdOf(run),
      activities: seen === undefined ? undefined : pickActivities(seen, resource.activities),
      endAt,
      pages,
    });
  }
  return result;
}

async function readJson(dir: string, entry: ResponseEntry): Promise<unknown> {
  try {
    return JSON.parse(await readArchivedBody(dir, entry));
  } catch {
    return undefined; // unreadable: the activities are unknown, and nothing is reused on them
  }
}

async function readPage(dir: string, entry: ResponseEntry) {
  const body = await readArchivedBody(dir, entry);
  return { method: entry.method, path: entry.path, status: entry.status, body, json: JSON.parse(body) };
}

function runIdOf(run: ArchivedRun): number {
  const first = run.entries[0];
  return first?.type === 'run' ? first.runId : 0;
}
