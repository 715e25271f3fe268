import test from 'ava';
import fc from 'fast-check';
import { TraktdbError } from '../../src/errors.ts';
import { AccountLimitError, WriteOutcomeUnknownError } from '../../src/http/errors.ts';
import { type RestoreEvent, type RestorePorts, restorePlan } from '../../src/restore/apply.ts';
import {
  type AccountState,
  itemKey,
  type Listed,
  type Play,
  playKey,
  RESTORE_RESOURCES,
  type RestoreResource,
} from '../../src/restore/model.ts';

/**
 * restorePlan against an account kept in memory: the orchestration alone
 * (batches, the journal, lost answers, 420, not_found), with every fault
 * placed exactly where the test wants it.
 */
const EMPTY: AccountState = {
  plays: [],
  ratings: [],
  watchlist: [],
  favorites: [],
  collection: [],
  lists: [],
};
const at = (minute: number) => new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();

type Fault = 'lost-after' | 'lost-before' | 'limit';

class FakeTrakt {
  state: AccountState;
  writes: { path: string; body: unknown }[] = [];
  journal: { batch: number; state: string }[] = [];
  settled: number[] = [];
  events: RestoreEvent[] = [];
  reads = 0;
  nextList = 900;

  constructor(
    state: AccountState,
    readonly options: { faults?: Map<number, Fault>; unknown?: Set<string>; watchlistLimit?: number } = {},
  ) {
    this.state = structuredClone(state);
  }

  ports(): RestorePorts {
    return {
      post: async (path, body) => this.post(path, body),
      readLive: async () => {
        this.reads += 1;
        return structuredClone(this.state);
      },
      journal: {
        record: async () => {
          this.journal.push({ batch: this.journal.length + 1, state: 'sent' });
          return this.journal.length;
        },
        answer: async (batch, outcome) => {
          const row = this.journal[batch - 1];
          if (row) row.state = outcome.state;
        },
        settle: async (batches) => {
          this.settled.push(...batches);
        },
      },
      emit: (event) => this.events.push(event),
    };
  }

  post(path: string, body: unknown): { status: number; json: unknown } {
    const n = this.writes.length + 1;
    this.writes.push({ path, body });
    const fault = this.options.faults?.get(n);
    const ref = { method: 'POST', path };
    if (fault === 'lost-before') throw new WriteOutcomeUnknownError(ref, 'connection failed (ECONNRESET)');
    if (fault === 'limit') {
      throw new AccountLimitError(ref, new Headers({ 'x-account-limit': '5', 'x-vip-user': 'false' }));
    }
    const json = this.apply(path, body as Record<string, { ids: { trakt: number } }[]>);
    if (fault === 'lost-after') throw new WriteOutcomeUnknownError(ref, 'body not valid JSON (cut short)');
    return { status: path === '/sync/history/remove' ? 200 : 201, json };
  }

  apply(
    path: string,
    body: Record<string, ({ ids: { trakt: number } } & Record<string, unknown>)[]>,
  ): unknown {
    const notFound: Record<string, unknown[]> = {};
    const each = (fn: (type: string, item: { ids: { trakt: number } } & Record<string, unknown>) => void) => {
      for (const [plural, items] of Object.entries(body)) {
        if (!Array.isArray(items)) continue;
        const type = plural === 'people' ? 'person' : plural.slice(0, -1);
        for (const item of items) {
          if (this.options.unknown?.has(`${type}:${item.ids.trakt}`)) {
            notFound[plural] = [...(notFound[plural] ?? []), item];
            continue;
          }
          fn(type, item);
        }
      }
    };
    if (path === '/users/me/lists') {
      const id = this.nextList++;
      this.state.lists.push({
        id,
        name: String((body as unknown as { name: string }).name),
        description: null,
        privacy: null,
        sortBy: null,
        sortHow: null,
        items: [],
      });
      return { ids: { trakt: id } };
    }
    const list = /\/users\/me\/lists\/(\d+)\/items/.exec(path);
    const listed = (target: Listed[]) =>
      each((type, item) => {
        if (!target.some((l) => itemKey(l) === `${type}:${item.ids.trakt}`)) {
          target.push({ mediaType: type as Listed['mediaType'], traktId: item.ids.trakt, notes: null });
        }
      });
    if (list) listed(this.state.lists.find((l) => l.id === Number(list[1]))!.items);
    else if (path === '/sync/history') {
      each((type, item) =>
        this.state.plays.push({
          mediaType: type as Play['mediaType'],
          traktId: item.ids.trakt,
          watchedAt: String(item['watched_at']),
        }),
      );
    } else if (path === '/sync/ratings') {
      each((type, item) => {
        this.state.ratings = this.state.ratings.filter((r) => itemKey(r) !== `${type}:${item.ids.trakt}`);
        this.state.ratings.push({
          mediaType: type as Listed['mediaType'],
          traktId: item.ids.trakt,
          rating: Number(item['rating']),
          ratedAt: null,
        });
      });
    } else if (path === '/sync/watchlist') listed(this.state.watchlist);
    else if (path === '/sync/favorites') listed(this.state.favorites);
    else if (path === '/sync/collection') {
      each((type, item) =>
        this.state.collection.push({
          mediaType: type as 'movie',
          traktId: item.ids.trakt,
          collectedAt: null,
          metadata: {},
        }),
      );
    }
    return { added: {}, not_found: notFound };
  }
}

const options = (resources: readonly RestoreResource[] = RESTORE_RESOURCES) => ({
  resources,
  apply: true,
  batchSize: 2,
  vipNotes: false,
  spacingMs: 1000,
});

function plays(n: number, offset = 0): Play[] {
  return Array.from({ length: n }, (_, i) => ({
    mediaType: i % 3 === 0 ? ('movie' as const) : ('episode' as const),
    traktId: 1 + (i % 4),
    watchedAt: at(offset + i),
  }));
}

test('property: however answers are lost (after or before the write) the account ends with exactly the wanted plays', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 14 }),
      fc.integer({ min: 0, max: 6 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('lost-after', 'lost-before')), {
        maxLength: 4,
      }),
      async (wantedCount, kept, faults) => {
        const wanted = { ...EMPTY, plays: plays(wantedCount) };
        const fake = new FakeTrakt(
          { ...EMPTY, plays: wanted.plays.slice(0, Math.min(kept, wantedCount)) },
          { faults: new Map(faults as [number, Fault][]) },
        );
        const outcome = await restorePlan(wanted, options(['history']), fake.ports());
        const have = fake.state.plays.map(playKey).sort();
        const want = wanted.plays.map(playKey).sort();
        const unknowns = fake.journal.filter((b) => b.state === 'unknown').length;
        return (
          JSON.stringify(have) === JSON.stringify(want) &&
          outcome.rows[0]?.written === outcome.rows[0]?.planned &&
          // Every lost answer was settled by a read, never by sending the batch again.
          fake.settled.length === unknowns
        );
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('an answer lost after the write is settled by reading: the batch is not sent again', async (t) => {
  const wanted = { ...EMPTY, plays: plays(5) };
  const fake = new FakeTrakt(EMPTY, { faults: new Map([[2, 'lost-after']]) });
  const outcome = await restorePlan(wanted, options(['history']), fake.ports());
  // 3 batches of 2, 2, 1; the second's answer lost after it was applied: nothing more to send for it.
  t.is(fake.writes.length, 3);
  t.deepEqual(
    fake.journal.map((b) => b.state),
    ['answered', 'unknown', 'answered'],
  );
  t.deepEqual(fake.settled, [2]);
  t.like(outcome.rows[0], { planned: 5, written: 5 });
  t.true(fake.events.some((e) => e.type === 'read' && e.why === 'settle'));
});

test('a 420 refuses that resource from its batch on; the others are written; an empty list created counts one', async (t) => {
  const wanted: AccountState = {
    ...EMPTY,
    watchlist: [1, 2, 3, 4, 5].map((id) => ({ mediaType: 'movie', traktId: id, notes: null })),
    favorites: [{ mediaType: 'show', traktId: 7, notes: null }],
    lists: [
      { id: 1, name: 'Empty one', description: null, privacy: null, sortBy: null, sortHow: null, items: [] },
    ],
  };
  // Writes: watchlist 1 (answered), watchlist 2 (420), favorites, the list.
  const fake = new FakeTrakt(EMPTY, { faults: new Map([[2, 'limit']]) });
  const outcome = await restorePlan(wanted, options(), fake.ports());
  const rows = Object.fromEntries(outcome.rows.map((r) => [r.resource, r]));
  t.like(rows['watchlist'], { planned: 5, written: 2, refused: 3, not_found: 0 });
  t.like(rows['favorites'], { planned: 1, written: 1 });
  t.like(rows['lists'], { planned: 1, written: 1, refused: 0 });
  t.is(fake.writes.length, 4);
  t.true(fake.events.some((e) => e.type === 'refused' && e.resource === 'watchlist' && e.items === 3));
  t.deepEqual(outcome.unaccounted, []);
});

test('an item Trakt does not know is not_found in every resource that held it, and not sent again after a lost answer', async (t) => {
  const wanted: AccountState = {
    ...EMPTY,
    plays: [
      { mediaType: 'movie', traktId: 66, watchedAt: at(1) },
      { mediaType: 'movie', traktId: 66, watchedAt: at(9) },
      { mediaType: 'movie', traktId: 1, watchedAt: at(3) },
      { mediaType: 'episode', traktId: 2, watchedAt: at(4) },
    ],
    ratings: [{ mediaType: 'movie', traktId: 66, rating: 9, ratedAt: null }],
  };
  const fake = new FakeTrakt(EMPTY, { unknown: new Set(['movie:66']), faults: new Map([[2, 'lost-after']]) });
  const outcome = await restorePlan(wanted, options(['history', 'ratings']), fake.ports());
  const rows = Object.fromEntries(outcome.rows.map((r) => [r.resource, r]));
  t.like(rows['history'], { planned: 4, written: 2, not_found: 2 });
  t.like(rows['ratings'], { planned: 1, written: 0, not_found: 1 });
  t.deepEqual(outcome.notFound, [{ mediaType: 'movie', traktId: 66, resources: ['history', 'ratings'] }]);
  // history: batch 1 (66 at 1, 1), batch 2 (episode 2, 66 at 9: answer lost) -> nothing left to send.
  t.is(fake.writes.filter((w) => w.path === '/sync/history').length, 2);
});

test('a resource whose writes keep losing their answers ends the run (exit 1) instead of trying forever', async (t) => {
  const faults = new Map<number, Fault>(Array.from({ length: 20 }, (_, i) => [i + 1, 'lost-before']));
  const fake = new FakeTrakt(EMPTY, { faults });
  const error = await t.throwsAsync(
    restorePlan({ ...EMPTY, plays: plays(3) }, { ...options(['history']), maxUnknown: 3 }, fake.ports()),
    { instanceOf: TraktdbError },
  );
  t.regex(error.message, /^Restoring history failed: 4 writes in a row got no usable answer/);
  t.is(fake.writes.length, 4);
  t.is(fake.state.plays.length, 0);
});

test('a dry run reads once and writes nothing; the plan says the batches and the time at the write budget', async (t) => {
  const fake = new FakeTrakt(EMPTY);
  const outcome = await restorePlan(
    { ...EMPTY, plays: plays(7) },
    { ...options(), apply: false },
    fake.ports(),
  );
  t.is(fake.writes.length, 0);
  t.is(fake.reads, 1);
  t.like(outcome.rows[0], { resource: 'history', planned: 7, already_there: 0, written: 0 });
  t.deepEqual(
    fake.events.find((e) => e.type === 'plan'),
    { type: 'plan', apply: false, rows: outcome.rows, batches: 4, items: 7, estimatedMs: 3000 },
  );
});

test('lost answers here and there do not add up: only a run of them ends the restore', async (t) => {
  // Every other write loses its answer: never more than one in a row.
  const faults = new Map<number, Fault>(Array.from({ length: 12 }, (_, i) => [2 * i + 1, 'lost-before']));
  const fake = new FakeTrakt(EMPTY, { faults });
  const outcome = await restorePlan(
    { ...EMPTY, plays: plays(12) },
    { ...options(['history']), maxUnknown: 1 },
    fake.ports(),
  );
  t.like(outcome.rows[0], { planned: 12, written: 12 });
  t.is(fake.state.plays.length, 12);
});

test('100,000 plays in batches of 100 at one write per second: 1,000 requests, "about 17 minutes", said before any write', async (t) => {
  const { duration } = await import('../../src/cli/write-progress.ts');
  const many = Array.from({ length: 100_000 }, (_, i) => ({
    mediaType: 'episode' as const,
    traktId: 1 + (i % 5000),
    watchedAt: at(i),
  }));
  const fake = new FakeTrakt(EMPTY);
  await restorePlan(
    { ...EMPTY, plays: many },
    { ...options(['history']), apply: false, batchSize: 100 },
    fake.ports(),
  );
  const plan = fake.events.find((e) => e.type === 'plan');
  t.like(plan, { batches: 1000, items: 100_000, estimatedMs: 999_000 });
  t.is(duration(999_000), 'about 17 minutes');
  t.is(duration(9_000), '9 s');
  t.is(duration(6 * 3_600_000), 'about 6 hours');
});
