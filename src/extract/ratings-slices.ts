/**
 * Which slices of the ratings a sync re-pages, decided from counts alone
 * (pure; test/extract/ratings-slices.property.test.ts).
 *
 * A rating is one item of one media type with one value 1-10, and
 * `/sync/ratings/{type}/{rating}` pages exactly the items of a type with the
 * values asked for (comma-separated, docs/trakt-api.md §3). What a sync knows
 * before it pages anything:
 *
 * - `last_activities`: which types' `rated_at` moved. A type whose `rated_at`
 *   did not move is as the mirror has it, value by value.
 * - `/users/{id}/stats`, fetched on every sync that moved anything: the
 *   ratings of each type (`movies.ratings`, ...) and the distribution of
 *   all ratings over the values (`ratings.distribution`, docs/trakt-api.md §3).
 * - the mirror's count of each (type, value).
 *
 * So, for the moved types together, Trakt's count of each value is the
 * distribution's less what the unmoved types hold locally. A value whose
 * count differs from the moved types' local count changed: its slices are
 * re-paged for every moved type, in one comma-separated request per type.
 * A moved type whose every value counts as before has changed in a way
 * counts cannot tell (a rating removed and another of the same value added,
 * or an item rated again with the same value): that type is re-paged whole.
 * The runner then proves each type: its local count after the slices must
 * equal the stats' count for it, or the type is re-paged whole
 * (src/extract/ratings-sync.ts).
 */

/** The rated types: their name in ratings.media_type, in paths, in last_activities and in stats. */
export const RATED_TYPES = [
  { mediaType: 'movie', type: 'movies', activity: 'movies.rated_at', stats: 'movies' },
  { mediaType: 'show', type: 'shows', activity: 'shows.rated_at', stats: 'shows' },
  { mediaType: 'season', type: 'seasons', activity: 'seasons.rated_at', stats: 'seasons' },
  { mediaType: 'episode', type: 'episodes', activity: 'episodes.rated_at', stats: 'episodes' },
] as const;

export type RatedType = (typeof RATED_TYPES)[number];
export type RatedMediaType = RatedType['mediaType'];

/** A rating's values (docs/trakt-api.md §3: an integer 1-10). */
export const RATING_VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** Trakt's counts from /users/{id}/stats. */
export interface RemoteRatingCounts {
  /** Ratings per media type. */
  perType: Record<RatedMediaType, number>;
  /** All ratings per value; index 0 unused. */
  distribution: readonly number[];
}

export interface SliceInput {
  /** Types whose `rated_at` moved. */
  moved: readonly RatedMediaType[];
  /** The mirror's count per `${media_type}:${rating}` (absent: 0). */
  local: ReadonlyMap<string, number>;
  /** Trakt's counts; undefined when the stats could not be read. */
  remote: RemoteRatingCounts | undefined;
  /** Items per page (250, docs/trakt-api.md §2): what a slice costs. */
  pageSize: number;
}

/** One request sequence of the plan: a type's values (or the whole type). */
export interface SlicePart {
  mediaType: RatedMediaType;
  /** The values paged, ascending; `all` pages the whole type. */
  values: readonly number[] | 'all';
  why: string;
}

export function localKey(mediaType: string, rating: number): string {
  return `${mediaType}:${rating}`;
}

/** The parts to page, one per moved type, in RATED_TYPES order. */
export function planSlices(input: SliceInput): SlicePart[] {
  const moved = RATED_TYPES.filter((t) => input.moved.includes(t.mediaType));
  const whole = (why: string) => moved.map((t) => ({ mediaType: t.mediaType, values: 'all' as const, why }));
  const { remote } = input;
  if (remote === undefined) return whole('no stats to count the slices by');
  const local = (mediaType: string, value: number) => input.local.get(localKey(mediaType, value)) ?? 0;
  const unmoved = RATED_TYPES.filter((t) => !input.moved.includes(t.mediaType));
  // Trakt's count of each value over the moved types, and the mirror's.
  const target: number[] = [];
  const mine: number[] = [];
  for (const v of RATING_VALUES) {
    target[v] = (remote.distribution[v] ?? 0) - unmoved.reduce((n, t) => n + local(t.mediaType, v), 0);
    mine[v] = moved.reduce((n, t) => n + local(t.mediaType, v), 0);
  }
  const targetTotal = RATING_VALUES.reduce((n, v) => n + (target[v] ?? 0), 0);
  const statedTotal = moved.reduce((n, t) => n + remote.perType[t.mediaType], 0);
  // Stats that contradict the unmoved types (or themselves) cannot count anything.
  if (RATING_VALUES.some((v) => (target[v] ?? 0) < 0) || targetTotal !== statedTotal) {
    return whole("the stats' counts disagree with the unchanged types");
  }
  const changed = RATING_VALUES.filter((v) => target[v] !== mine[v]);
  return moved.map((t): SlicePart => {
    if (changed.length === 0) {
      return { mediaType: t.mediaType, values: 'all', why: 'rated_at moved but no count did' };
    }
    const typeTotal = RATING_VALUES.reduce((n, v) => n + local(t.mediaType, v), 0);
    // A slice costs its pages: when the values to re-page hold most of the type, one sequence is cheaper.
    const sliceItems = changed.reduce(
      (n, v) => n + Math.max(local(t.mediaType, v), moved.length === 1 ? (target[v] ?? 0) : 0),
      0,
    );
    const pages = (items: number) => Math.max(1, Math.ceil(items / input.pageSize));
    if (pages(sliceItems) >= pages(Math.max(typeTotal, remote.perType[t.mediaType]))) {
      return { mediaType: t.mediaType, values: 'all', why: 'the changed values hold most of the type' };
    }
    return { mediaType: t.mediaType, values: changed, why: `counts moved for ${changed.join(', ')}` };
  });
}

/** Trakt's counts from a /users/{id}/stats answer; undefined when any is missing or not a count. */
export function remoteRatingCounts(stats: unknown): RemoteRatingCounts | undefined {
  const perType = {} as Record<RatedMediaType, number>;
  for (const t of RATED_TYPES) {
    const n = count(field(field(stats, t.stats), 'ratings'));
    if (n === undefined) return undefined;
    perType[t.mediaType] = n;
  }
  const shape = field(field(stats, 'ratings'), 'distribution');
  const distribution: number[] = [0];
  for (const v of RATING_VALUES) {
    const n = count(field(shape, String(v)));
    if (n === undefined) return undefined;
    distribution[v] = n;
  }
  return { perType, distribution };
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
