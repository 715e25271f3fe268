/**
 * The watch history, stored as parallel typed arrays kept in the order Trakt
 * serves it: newest `watched_at` first, ties by larger history id first.
 * A million plays take about 22 MB and a page is a slice, not a sort.
 */

export const ACTIONS = ['scrobble', 'checkin', 'watch'] as const;
export type Action = (typeof ACTIONS)[number];
export const MOVIE = 0;
export const EPISODE = 1;
/** Packing (seconds, rank) into one double leaves 20 bits for the rank. */
export const RANK_SPACE = 1_048_576;

export interface PlayInput {
  id: number;
  watched: number;
  created: number;
  kind: typeof MOVIE | typeof EPISODE;
  action: number;
  media: number;
}

export class PlayStore {
  length = 0;
  /** History ids are int64 at Trakt (docs/trakt-api.md §3); doubles hold them exactly below 2^53. */
  id: Float64Array;
  watched: Uint32Array;
  /** When the play was recorded: drives ids, last_updated_at and last_activities. */
  created: Uint32Array;
  kind: Uint8Array;
  action: Uint8Array;
  media: Int32Array;
  maxId = 0;

  constructor(capacity: number) {
    const cap = Math.max(16, capacity);
    this.id = new Float64Array(cap);
    this.watched = new Uint32Array(cap);
    this.created = new Uint32Array(cap);
    this.kind = new Uint8Array(cap);
    this.action = new Uint8Array(cap);
    this.media = new Int32Array(cap);
  }

  /**
   * Builds the store from unordered generated columns. `byId` lists the
   * column indices in ascending id order. Sorting packs (watched, id rank)
   * into one double so the native numeric sort does the work.
   */
  static build(
    n: number,
    byId: Int32Array,
    cols: {
      id: Float64Array;
      watched: Uint32Array;
      created: Uint32Array;
      kind: Uint8Array;
      action: Uint8Array;
      media: Int32Array;
    },
  ): PlayStore {
    if (n >= RANK_SPACE) throw new Error(`too many generated plays: ${n}`);
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[byId[r]!] = r;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = cols.watched[i]! * RANK_SPACE + rank[i]!;
    keys.sort();
    const store = new PlayStore(Math.ceil(n * 1.05) + 64);
    for (let p = 0; p < n; p++) {
      const key = keys[n - 1 - p]!;
      const i = byId[key % RANK_SPACE]!;
      store.id[p] = cols.id[i]!;
      store.watched[p] = cols.watched[i]!;
      store.created[p] = cols.created[i]!;
      store.kind[p] = cols.kind[i]!;
      store.action[p] = cols.action[i]!;
      store.media[p] = cols.media[i]!;
      if (cols.id[i]! > store.maxId) store.maxId = cols.id[i]!;
    }
    store.length = n;
    return store;
  }

  private grow(): void {
    const cap = Math.ceil(this.id.length * 1.5) + 16;
    const copy = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(
      a: T,
      make: (n: number) => T,
    ) => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.id = copy(this.id, (n) => new Float64Array(n));
    this.watched = copy(this.watched, (n) => new Uint32Array(n));
    this.created = copy(this.created, (n) => new Uint32Array(n));
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.action = copy(this.action, (n) => new Uint8Array(n));
    this.media = copy(this.media, (n) => new Int32Array(n));
  }

  /** True when the play at `pos` comes before (is newer than) one with these keys. */
  private before(pos: number, watched: number, id: number): boolean {
    const w = this.watched[pos]!;
    return w > watched || (w === watched && this.id[pos]! > id);
  }

  insert(play: PlayInput): number {
    if (this.length === this.id.length) this.grow();
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(mid, play.watched, play.id)) lo = mid + 1;
      else hi = mid;
    }
    const n = this.length;
    for (const col of [this.id, this.watched, this.created, this.kind, this.action, this.media]) {
      col.copyWithin(lo + 1, lo, n);
    }
    this.id[lo] = play.id;
    this.watched[lo] = play.watched;
    this.created[lo] = play.created;
    this.kind[lo] = play.kind;
    this.action[lo] = play.action;
    this.media[lo] = play.media;
    this.length = n + 1;
    if (play.id > this.maxId) this.maxId = play.id;
    return lo;
  }

  removeAt(pos: number): void {
    const n = this.length;
    for (const col of [this.id, this.watched, this.created, this.kind, this.action, this.media]) {
      col.copyWithin(pos, pos + 1, n);
    }
    this.length = n - 1;
  }

  positionOfId(id: number): number {
    for (let p = 0; p < this.length; p++) if (this.id[p] === id) return p;
    return -1;
  }

  /** First position whose watched_at is <= sec (the list is descending). */
  firstAtOrBefore(sec: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.watched[mid]! > sec) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
