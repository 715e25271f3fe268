import type { ExtractListener } from './events.ts';
import type { Fetcher, ResponseArchive, RunStore } from './ports.ts';
import type { PerTitleResource, Resource } from './resource.ts';
import type { ResumeSource } from './reuse.ts';
import type { ScrubSettings } from './scrub.ts';

/** `backup` pulls everything; `sync` what last_activities says moved; `sync-full` everything, as a sync. */
export type ExtractMode = 'backup' | 'sync' | 'sync-full';

export interface ExtractOptions {
  catalog: readonly Resource[];
  /** Opt-in per-title resources (`--with credits`), run after the catalog: empty or absent, none. */
  perTitle?: readonly PerTitleResource[];
  mode: ExtractMode;
  /** `me` or a user slug. */
  user: string;
  fetcher: Fetcher;
  store: RunStore;
  archive: ResponseArchive;
  runId: number;
  runStart: string;
  now: () => string;
  concurrency: number;
  emit: ExtractListener;
  signal?: AbortSignal;
  /** Killed, interrupted or failed earlier runs whose committed resources need not be fetched again. */
  resumeRunIds?: readonly number[];
  /** Pages those runs archived for resources they never committed (reuse.ts). */
  resume?: ResumeSource;
  /** How many times a resource is paged before it is declared incomplete (default 3). */
  maxPasses?: number;
  /** The rolling verification after a sync (scrub-run.ts); absent: none. */
  scrub?: ScrubSettings;
  /** Items asked per page (default 250, Trakt's clamp: docs/trakt-api.md §2, #925). */
  pageSize?: number;
}
