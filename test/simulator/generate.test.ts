import test from 'ava';
import { generateAccount } from '../../src/simulator/generate.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { localToSec, offsetAt, type Zone } from '../../src/simulator/zones.ts';
import { ANCHOR, start } from './helpers.ts';

const anchorSec = Date.parse(ANCHOR) / 1000;

test('the same seed gives byte-identical truth; another seed does not', async (t) => {
  const a = await start(t, { profile: 'typical', seed: 42 });
  const b = await start(t, { profile: 'typical', seed: 42 });
  const c = await start(t, { profile: 'typical', seed: 43 });
  const ja = JSON.stringify(a.truth());
  t.is(JSON.stringify(b.truth()), ja);
  t.not(JSON.stringify(c.truth()), ja);
  t.is(a.clientId, b.clientId);
});

test('the account does not depend on the day it is generated', async (t) => {
  const a = await start(t, { seed: 5, clock: () => Date.parse('2026-11-02T00:00:00Z') });
  const b = await start(t, { seed: 5, clock: () => Date.parse('2027-06-30T00:00:00Z') });
  t.is(JSON.stringify(a.truth()), JSON.stringify(b.truth()));
});

test('tiny generates in under 50 ms and has a few of everything', (t) => {
  generateAccount({ profile: 'tiny', seed: 1, anchorSec }); // warm the JIT
  // The best of three, so a busy machine does not fail the test.
  let ms = Number.POSITIVE_INFINITY;
  for (let seed = 2; seed < 5; seed++) {
    const started = performance.now();
    generateAccount({ profile: 'tiny', seed, anchorSec });
    ms = Math.min(ms, performance.now() - started);
  }
  t.true(ms < 50, `${ms.toFixed(1)} ms`);
});

test('every table is non-empty in tiny and typical', async (t) => {
  for (const profile of ['tiny', 'typical'] as const) {
    const sim = await start(t, { profile });
    const truth = sim.truth({ credits: true });
    for (const [table, rows] of Object.entries(truth)) {
      if (Array.isArray(rows)) t.true(rows.length > 0, `${profile}.${table}`);
    }
  }
});

test('typical sizes: a few thousand plays, ~300 ratings, ~150 watchlist, 5 lists one above 250', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  t.is(truth.plays.length, 3000);
  t.is(truth.ratings.length, 300);
  t.is(truth.watchlist.length, 150);
  t.is(truth.lists.filter((l) => !l.collaboration).length, 5);
  t.true(truth.lists.some((l) => !l.collaboration && l.item_count > 250));
  t.is(truth.lists.filter((l) => l.collaboration).length, 3);
});

test('realistic rough edges are present', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth();
  t.true(
    truth.movies.some((m) => m.imdb_id === null),
    'a movie without an IMDb id',
  );
  t.true(
    truth.episodes.some((e) => e.runtime_min === null),
    'an episode with no runtime',
  );
  t.true(
    truth.episodes.some((e) => e.runtime_min === 0),
    'an episode with runtime 0',
  );
  t.true(
    truth.episodes.some((e) => e.season === 0),
    'specials',
  );
  t.true(
    truth.plays.some(
      (p) =>
        p.episode_trakt_id !== null &&
        truth.episodes.find((e) => e.trakt_id === p.episode_trakt_id)?.season === 0,
    ),
    'a special was watched',
  );
  const titles = [...truth.movies.map((m) => m.title), ...truth.shows.map((s) => s.title)];
  const hostile = [
    /[\u3040-\u30ff\u4e00-\u9fff]/,
    /\p{Extended_Pictographic}/u,
    /\u0301/,
    /[\u0590-\u05ff\u0600-\u06ff]/,
    /,/,
    /"/,
    /\n/,
    /^=/,
    /;/,
  ];
  for (const pattern of hostile)
    t.true(
      titles.some((title) => pattern.test(title)),
      String(pattern),
    );
  t.true(
    truth.list_items.some((i) => i.media_type === 'person'),
    'people in lists',
  );
  t.true(
    truth.watched.some((w) => w.plays > 1 && w.media_type === 'movie'),
    'rewatched movie',
  );
  t.true(
    truth.watched.some((w) => w.reset_at !== null),
    'a show reset for a rewatch',
  );
  const byId = [...truth.plays].sort((a, b) => a.history_id - b.history_id);
  let backdated = 0;
  for (let i = 1; i < byId.length; i++) if (byId[i]!.watched_at < byId[i - 1]!.watched_at) backdated++;
  t.true(backdated > 10, 'backdated plays: a larger id with an older watched_at');
  t.true(byId[0]!.history_id > 2 ** 32, 'history ids need more than 32 bits');
  const times = truth.plays.map((p) => p.watched_at);
  t.true(new Set(times).size < times.length, 'plays sharing one second');
  t.true(new Set(truth.watchlist.map((w) => w.listed_at)).size < truth.watchlist.length, 'watchlist ties');
  const collected = truth.collection.map((c) => c.collected_at);
  t.true(new Set(collected).size < collected.length, 'collection ties');
  t.is(truth.profile[0]!.timezone, 'America/New_York');
  const years = new Set(times.map((x) => x.slice(0, 4)));
  t.true(years.size >= 8, 'plays across years');
  t.true(
    times.every((x) => x < ANCHOR),
    'nothing after the anchor',
  );
  t.true(
    truth.collection.some((c) => c.media_format === null) &&
      truth.collection.some((c) => c.media_format !== null),
  );
});

test('a binge: several episodes of one show in one evening', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const plays = [...sim.truth().plays].sort((a, b) => a.watched_at.localeCompare(b.watched_at));
  let longest = 0;
  let run = 1;
  for (let i = 1; i < plays.length; i++) {
    const a = plays[i - 1]!;
    const b = plays[i]!;
    const gap = Date.parse(b.watched_at) - Date.parse(a.watched_at);
    run =
      b.show_trakt_id !== null && b.show_trakt_id === a.show_trakt_id && gap <= 3 * 3600_000 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  t.true(longest >= 4, `longest binge ${longest}`);
});

test('plays at the DST edges of the account zone: 01:30 twice on fall-back night', async (t) => {
  const sim = await start(t);
  const times = new Set(sim.truth().plays.map((p) => p.watched_at));
  t.true(times.has('2025-11-02T05:30:00.000Z') && times.has('2025-11-02T06:30:00.000Z'));
  t.true(times.has('2025-03-09T06:50:00.000Z') && times.has('2025-03-09T07:10:00.000Z'));
});

test('zone offsets agree with Intl', (t) => {
  const zones: Zone[] = ['America/New_York', 'Europe/London', 'Asia/Tokyo'];
  for (const zone of zones) {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    for (
      let sec = Date.UTC(2009, 0, 1) / 1000;
      sec < Date.UTC(2027, 0, 1) / 1000;
      sec += 86_400 * 3 + 3_607
    ) {
      const name = fmt.formatToParts(new Date(sec * 1000)).find((p) => p.type === 'timeZoneName')!.value;
      const m = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name)!;
      const expected = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
      if (offsetAt(zone, sec) !== expected) {
        t.fail(`${zone} at ${new Date(sec * 1000).toISOString()}: ${offsetAt(zone, sec)} vs ${expected}`);
        return;
      }
    }
  }
  // 01:30 local on fall-back night maps to the first (EDT) occurrence.
  t.is(
    localToSec('America/New_York', Date.UTC(2025, 10, 2, 1, 30) / 1000),
    Date.UTC(2025, 10, 2, 5, 30) / 1000,
  );
});

test('heavy holds the 2026 VIP caps (docs/trakt-api.md §5)', (t) => {
  const a = generateAccount({ profile: 'heavy', seed: 1, anchorSec });
  t.is(a.plays.length, 100_000);
  t.is(a.ratings.size, 20_000);
  t.is(a.watchlist.length, 5_000);
  t.is(a.lists.length, 100);
  t.is(
    a.lists.reduce((n, l) => n + l.items.length, 0),
    100_000,
  );
  t.is(Math.max(...a.lists.map((l) => l.items.length)), 5_000);
  for (const l of a.lists) t.is(new Set(l.items.map((i) => `${i.kind}:${i.idx}`)).size, l.items.length);
});

test('startSimulator rejects a port in use with the listen error', async (t) => {
  const a = await start(t);
  const port = Number(new URL(a.url).port);
  await t.throwsAsync(() => startSimulator({ profile: 'tiny', port }), { code: 'EADDRINUSE' });
});
