/**
 * Credits (issue 17): /movies/{id}/people and /shows/{id}/people in Trakt's
 * shape, deterministic per seed, with people shared across titles and the
 * rough edges an exporter meets; their ground truth and the expected rows of
 * the top-people, networks and countries reports.
 */
import test from 'ava';
import { type Credits, creditsOf } from '../../src/simulator/credits.ts';
import { PROFILES } from '../../src/simulator/profiles.ts';
import { generateUniverse } from '../../src/simulator/universe.ts';
import { ANCHOR, call, start } from './helpers.ts';

// Trakt's crew keys (contract `_internal/response/crewPositionResponseSchema.ts`).
const DEPARTMENTS = new Set([
  'production',
  'art',
  'crew',
  'costume & make-up',
  'directing',
  'writing',
  'sound',
  'camera',
  'lighting',
  'visual effects',
  'editing',
  'created by',
]);

test('a movie and a show answer cast with characters and crew by department with jobs; full person fields only with extended=full', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth({ credits: true });
  const credited = (type: 'movie' | 'show') =>
    truth.credits.find(
      (c) =>
        c.media_type === type &&
        truth.credits.some(
          (d) => d.trakt_id === c.trakt_id && d.media_type === type && d.department !== 'acting',
        ),
    )!.trakt_id;
  for (const type of ['movie', 'show'] as const) {
    const got = await call(sim, `/${type}s/${credited(type)}/people`, { token: null });
    t.is(got.status, 200);
    t.is(got.headers.get('x-pagination-page-count'), null);
    t.deepEqual(Object.keys(got.json), ['cast', 'crew']);
    const cast = got.json.cast[0];
    t.deepEqual(
      Object.keys(cast),
      type === 'movie'
        ? ['character', 'characters', 'person']
        : ['character', 'characters', 'episode_count', 'person'],
    );
    t.true(Array.isArray(cast.characters));
    t.deepEqual(Object.keys(cast.person), ['name', 'ids']);
    t.deepEqual(Object.keys(cast.person.ids), ['trakt', 'slug', 'imdb', 'tmdb']);
    const departments = Object.keys(got.json.crew);
    t.true(departments.length > 0 && departments.every((d) => DEPARTMENTS.has(d)), departments.join());
    t.deepEqual(departments, [...departments].sort(), 'departments come in the example order');
    if (type === 'show') t.true(departments.includes('created by'));
    const crew = got.json.crew[departments[0]!][0];
    t.deepEqual(
      Object.keys(crew),
      type === 'movie' ? ['job', 'jobs', 'person'] : ['job', 'jobs', 'episode_count', 'person'],
    );
    const full = await call(sim, `/${type}s/${credited(type)}/people?extended=full`);
    const person = full.json.cast[0].person;
    for (const key of [
      'biography',
      'birthday',
      'death',
      'birthplace',
      'gender',
      'known_for_department',
      'updated_at',
    ]) {
      t.true(key in person, key);
    }
    t.true(DEPARTMENTS.has(person.known_for_department) || person.known_for_department === 'acting');
  }
});

test('every movie and show answers by trakt id, slug or IMDb id; a few answer 404; unknown ids are 404', async (t) => {
  const sim = await start(t);
  const universe = generateUniverse(1, PROFILES.tiny.universe, Date.parse(ANCHOR) / 1000);
  let missing = 0;
  for (const [type, items] of [
    ['movie', universe.movies],
    ['show', universe.shows],
  ] as const) {
    for (let idx = 0; idx < items.length; idx++) {
      const item = items[idx]!;
      const byId = await call(sim, `/${type}s/${item.trakt}/people`);
      const expected = creditsOf(universe, type, idx);
      t.is(byId.status, expected === null ? 404 : 200, `${type} ${item.trakt}`);
      if (expected === null) {
        missing++;
        continue;
      }
      t.is(byId.json.cast.length, expected.cast.length);
      t.deepEqual((await call(sim, `/${type}s/${item.slug}/people`)).json, byId.json);
      if (item.imdb !== null) t.deepEqual((await call(sim, `/${type}s/${item.imdb}/people`)).json, byId.json);
    }
  }
  t.true(missing < 5);
  t.is((await call(sim, '/movies/999999999/people')).status, 404);
  t.is((await call(sim, '/shows/no-such-show/people')).status, 404);
  t.is((await call(sim, '/episodes/1/people')).status, 404);
});

test('credits are the same for a seed, differ for another, and do not depend on the account', async (t) => {
  const a = await start(t, { profile: 'typical', seed: 7 });
  const b = await start(t, { profile: 'typical', seed: 7 });
  const c = await start(t, { profile: 'typical', seed: 8 });
  const id = a.truth().watched.find((w) => w.media_type === 'movie')!.trakt_id;
  const body = (await call(a, `/movies/${id}/people?extended=full`)).text;
  t.is((await call(b, `/movies/${id}/people?extended=full`)).text, body);
  t.not((await call(c, `/movies/${id}/people?extended=full`)).text, body);
  a.mutate.addPlays(5);
  a.mutate.rate('movie', id, 3);
  t.is((await call(a, `/movies/${id}/people?extended=full`)).text, body);
  t.is(
    JSON.stringify(b.truth({ credits: true })),
    JSON.stringify((await start(t, { profile: 'typical', seed: 7 })).truth({ credits: true })),
  );
});

test('the catalogue has the rough edges: empty titles, 404s, two characters or none, two jobs, duplicates, shared and unicode people', (t) => {
  const universe = generateUniverse(1, PROFILES.typical.universe, Date.parse(ANCHOR) / 1000);
  const all: Credits[] = [];
  let missing = 0;
  for (const [type, n] of [
    ['movie', universe.movies.length],
    ['show', universe.shows.length],
  ] as const) {
    for (let idx = 0; idx < n; idx++) {
      const credits = creditsOf(universe, type, idx);
      if (credits === null) missing++;
      else all.push(credits);
    }
  }
  const entries = all.flatMap((c) => c.cast);
  const crew = all.flatMap((c) => c.crew.flatMap(([, e]) => e));
  t.true(missing > 0, '404 titles');
  t.true(
    all.some((c) => c.cast.length === 0 && c.crew.length === 0),
    '{cast: [], crew: {}}',
  );
  t.true(
    all.some((c) => c.cast.length > 0 && c.crew.length === 0),
    'cast only',
  );
  t.true(
    all.some((c) => c.cast.length === 0 && c.crew.length > 0),
    'crew only',
  );
  t.true(
    entries.some((e) => e.characters.length === 2),
    'two characters',
  );
  t.true(
    entries.some((e) => e.characters.length === 0),
    'no character',
  );
  t.true(
    crew.some((e) => e.jobs.length === 2),
    'two jobs',
  );
  t.true(
    crew.some((e) => e.jobs.length === 0),
    'no job',
  );
  const duplicated = (list: { person: number }[]) => {
    const seen = new Set<string>();
    return list.some((e) => {
      const key = JSON.stringify(e);
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    });
  };
  t.true(
    all.some((c) => duplicated(c.cast)),
    'an exact duplicate cast entry',
  );
  t.true(
    all.some((c) => c.crew.some(([, e]) => duplicated(e))),
    'an exact duplicate crew entry',
  );
  t.true(
    all.some(
      (c) =>
        c.crew.filter(([, e]) =>
          e.some((x) => c.crew.some(([, f]) => f !== e && f.some((y) => y.person === x.person))),
        ).length > 0,
    ),
    'one person in two departments of a title',
  );
  const titlesOf = new Map<number, number>();
  for (const c of all) {
    for (const p of new Set([
      ...c.cast.map((e) => e.person),
      ...c.crew.flatMap(([, e]) => e.map((x) => x.person)),
    ])) {
      titlesOf.set(p, (titlesOf.get(p) ?? 0) + 1);
    }
  }
  t.true(Math.max(...titlesOf.values()) >= 10, 'popular people recur across titles');
  t.true(
    [...titlesOf.keys()].some((p) => /[^\u0000-\u024f]/u.test(universe.people[p]!.name)),
    'a non-Latin name',
  );
  t.true(
    [...titlesOf.keys()].some((p) => p < universe.listablePeople),
    'people of lists are credited too',
  );
});

test('truth: a row per character or job of every played title, an empty array as one empty role, a duplicate once', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const plain = sim.truth();
  t.deepEqual(plain.credits, []);
  const truth = sim.truth({ credits: true });
  const played = new Set(truth.watched.map((w) => `${w.media_type}:${w.trakt_id}`));
  const titles = new Set(truth.credits.map((c) => `${c.media_type}:${c.trakt_id}`));
  t.true([...titles].every((k) => played.has(k)));
  const people = new Set(truth.people.map((p) => p.trakt_id));
  t.true(truth.credits.every((c) => people.has(c.person_trakt_id)));
  t.true(truth.people.length > plain.people.length);
  const keys = truth.credits.map((c) =>
    JSON.stringify([c.media_type, c.trakt_id, c.person_trakt_id, c.department, c.role]),
  );
  t.is(new Set(keys).size, keys.length, 'the primary key is unique');
  t.true(truth.credits.some((c) => c.role === ''));
  t.true(truth.credits.some((c) => c.department === 'created by'));
  // Each played title with people: the rows are exactly what its answer expands to.
  let checked = 0;
  for (const key of played) {
    const [type, id] = key.split(':') as ['movie' | 'show', string];
    const got = await call(sim, `/${type}s/${id}/people`);
    const rows = truth.credits.filter((c) => c.media_type === type && c.trakt_id === Number(id));
    if (got.status === 404) {
      t.deepEqual(rows, []);
      continue;
    }
    const expected = new Set<string>();
    for (const c of got.json.cast) {
      for (const role of c.characters.length > 0 ? c.characters : [''])
        expected.add(`${c.person.ids.trakt}|acting|${role}`);
    }
    for (const [department, list] of Object.entries(
      got.json.crew as Record<string, { jobs: string[]; person: { ids: { trakt: number } } }[]>,
    )) {
      for (const c of list)
        for (const role of c.jobs.length > 0 ? c.jobs : [''])
          expected.add(`${c.person.ids.trakt}|${department}|${role}`);
    }
    t.deepEqual(
      rows.map((r) => `${r.person_trakt_id}|${r.department}|${r.role}`).sort(),
      [...expected].sort(),
    );
    checked++;
    if (checked === 40) break;
  }
  t.is(checked, 40);
});

test('report truth follows the counting rules: top-people, networks and countries, all-time and for one year', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const truth = sim.truth({ credits: true });
  const movies = new Map(truth.movies.map((m) => [m.trakt_id, m]));
  const shows = new Map(truth.shows.map((s) => [s.trakt_id, s]));
  const episodes = new Map(truth.episodes.map((e) => [e.trakt_id, e]));
  const minutes = (p: (typeof truth.plays)[number]) =>
    p.media_type === 'movie'
      ? movies.get(p.movie_trakt_id!)!.runtime_min || 90
      : episodes.get(p.episode_trakt_id!)!.runtime_min || shows.get(p.show_trakt_id!)!.runtime_min || 42;
  // Local years in the account's zone (America/New_York) by Intl, independent of the simulator's zone rules.
  const year = (iso: string) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric' }).format(
        new Date(iso),
      ),
    );
  const names = new Map(truth.people.map((p) => [p.trakt_id, p.name]));
  const expectTop = (department: string, onlyYear?: number) => {
    const tally = new Map<number, { plays: number; minutes: number; titles: Set<string> }>();
    for (const p of truth.plays) {
      if (onlyYear !== undefined && year(p.watched_at) !== onlyYear) continue;
      const title = p.media_type === 'movie' ? `movie:${p.movie_trakt_id}` : `show:${p.show_trakt_id}`;
      const [type, id] = title.split(':');
      const credited = new Set(
        truth.credits
          .filter((c) => c.media_type === type && c.trakt_id === Number(id) && c.department === department)
          .map((c) => c.person_trakt_id),
      );
      for (const person of credited) {
        const row = tally.get(person) ?? { plays: 0, minutes: 0, titles: new Set<string>() };
        row.plays++;
        row.minutes += minutes(p);
        row.titles.add(title);
        tally.set(person, row);
      }
    }
    return [...tally]
      .map(([person, r]) => ({
        person_trakt_id: person,
        name: names.get(person)!,
        plays: r.plays,
        minutes: r.minutes,
        titles: r.titles.size,
      }))
      .sort(
        (x, y) =>
          y.plays - x.plays ||
          y.minutes - x.minutes ||
          (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) ||
          x.person_trakt_id - y.person_trakt_id,
      );
  };
  const top = sim.reportTruth('top-people', { limit: 100_000 });
  t.deepEqual(top, expectTop('acting'));
  t.deepEqual(
    sim.reportTruth('top-people', { department: 'directing', year: 2025, limit: 10 }),
    expectTop('directing', 2025).slice(0, 10),
  );
  t.is(sim.reportTruth('top-people').length, 20);
  // Ties on plays and minutes exist and are broken by name, then trakt id.
  t.true(top.some((r, i) => i > 0 && r.plays === top[i - 1]!.plays && r.minutes === top[i - 1]!.minutes));
  t.deepEqual(sim.reportTruth('top-people', { department: 'Directing' }), []);

  const group = (key: (p: (typeof truth.plays)[number]) => string | null, onlyYear?: number) => {
    const tally = new Map<string, { plays: number; minutes: number; titles: Set<string> }>();
    for (const p of truth.plays) {
      if (onlyYear !== undefined && year(p.watched_at) !== onlyYear) continue;
      const k = key(p);
      if (k === null) continue;
      const row = tally.get(k) ?? { plays: 0, minutes: 0, titles: new Set<string>() };
      row.plays++;
      row.minutes += minutes(p);
      row.titles.add(p.media_type === 'movie' ? `m${p.movie_trakt_id}` : `s${p.show_trakt_id}`);
      tally.set(k, row);
    }
    return [...tally].sort(([a, x], [b, y]) => y.minutes - x.minutes || (a < b ? -1 : 1));
  };
  const networks = group((p) =>
    p.media_type === 'movie' ? null : (shows.get(p.show_trakt_id!)!.network ?? '(unknown)'),
  );
  t.deepEqual(
    sim.reportTruth('networks'),
    networks.map(([network, r]) => ({ network, plays: r.plays, minutes: r.minutes, shows: r.titles.size })),
  );
  t.true(networks.some(([n]) => n === '(unknown)'));
  const country = (p: (typeof truth.plays)[number]) =>
    (p.media_type === 'movie'
      ? movies.get(p.movie_trakt_id!)!.country
      : shows.get(p.show_trakt_id!)!.country) ?? '(unknown)';
  t.deepEqual(
    sim.reportTruth('countries', { year: 2024 }),
    group(country, 2024).map(([c, r]) => ({
      country: c,
      plays: r.plays,
      minutes: r.minutes,
      titles: r.titles.size,
    })),
  );
  t.true(group(country).some(([c]) => c === '(unknown)'));
  const sum = sim.reportTruth('countries').reduce((n, r) => n + (r['plays'] as number), 0);
  t.is(sum, truth.plays.length, 'every play counts once in countries');
});
