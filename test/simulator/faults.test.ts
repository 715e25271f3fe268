import test from 'ava';
import { FAULT_NAMES, parseFaults } from '../../src/simulator/index.ts';
import { all, call, manualClock, oauthPost, start } from './helpers.ts';

test('parseFaults reads names, rates, options and all; unknown names throw clearly', (t) => {
  t.deepEqual(parseFaults('http5xx,reset,dupes'), { http5xx: {}, reset: {}, dupes: {} });
  t.deepEqual(parseFaults('http5xx=0.05,slow=0.02'), { http5xx: { rate: 0.05 }, slow: { rate: 0.02 } });
  t.deepEqual(parseFaults('slow=0.1:ms=500, expire:afterRequests=20'), {
    slow: { rate: 0.1, ms: 500 },
    expire: { afterRequests: 20 },
  });
  const everything = parseFaults('all');
  t.deepEqual(Object.keys(everything).sort(), [
    'drift',
    'dupes',
    'expire',
    'html',
    'html429',
    'http5xx',
    'reset',
    'slow',
    'truncate',
  ]);
  t.throws(() => parseFaults('http5xx,gremlins'), {
    message: /unknown fault "gremlins".*known faults: http5xx/,
  });
  t.throws(() => parseFaults('slow=2'), { message: /slow rate must be a number from 0 to 1/ });
  t.throws(() => parseFaults('slow:speed=3'), { message: /unknown option "speed"/ });
  t.is(FAULT_NAMES.length, 15);
});

test('http5xx: a burst of HTML 5xx on the same URL, then success; no X-Ratelimit', async (t) => {
  const sim = await start(t, { faults: { http5xx: { rate: 1, burst: 2, max: 1 } } });
  const a = await call(sim, '/sync/history?page=1');
  const b = await call(sim, '/sync/history?page=1');
  const c = await call(sim, '/sync/history?page=1');
  for (const r of [a, b]) {
    t.true([502, 503, 504, 520, 521, 522].includes(r.status), String(r.status));
    t.regex(r.headers.get('content-type') ?? '', /text\/html/);
    t.regex(r.text, /<html/);
    t.is(r.headers.get('x-ratelimit'), null);
  }
  t.is(c.status, 200);
  t.deepEqual(
    sim.requests().map((r) => r.fault ?? '-'),
    ['http5xx', 'http5xx', '-'],
  );
});

test('reset: the connection is destroyed; the next request succeeds', async (t) => {
  const sim = await start(t, { faults: { reset: { rate: 1, max: 1 } } });
  await t.throwsAsync(() => fetch(`${sim.url}/sync/history`, { headers: { 'User-Agent': 't' } }));
  t.is((await call(sim, '/sync/history')).status, 200);
  const log = sim.requests();
  t.is(log[0]!.fault, 'reset');
  t.is(log[0]!.status, 0);
});

test('slow: the answer comes later than a short client timeout', async (t) => {
  const sim = await start(t, { faults: { slow: { rate: 1, max: 1, ms: 5_000 } } });
  const outcome = await fetch(`${sim.url}/sync/history`, {
    headers: { 'User-Agent': 't', 'trakt-api-key': sim.clientId, 'trakt-api-version': '2' },
    signal: AbortSignal.timeout(300),
  }).then(
    () => 'answered',
    (error: Error) => error.name,
  );
  t.is(outcome, 'TimeoutError');
  t.is((await call(sim, '/sync/history')).status, 200);
  t.is(sim.requests()[0]!.fault, 'slow');
});

test('close() does not wait for a pending slow response', async (t) => {
  const sim = await start(t, { faults: { slow: { rate: 1, ms: 60_000 } } });
  const pending = fetch(`${sim.url}/sync/history`, { headers: { 'User-Agent': 't' } }).catch(() => 'failed');
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await sim.close();
  t.true(Date.now() - started < 3000);
  t.is(await pending, 'failed');
});

test('truncate: status 200 and the full Content-Length, but half a body', async (t) => {
  const sim = await start(t, { faults: { truncate: { rate: 1, max: 1 } } });
  const res = await fetch(`${sim.url}/sync/history`, {
    headers: {
      'User-Agent': 't',
      'trakt-api-key': sim.clientId,
      'trakt-api-version': '2',
      Authorization: `Bearer ${sim.accessToken}`,
    },
  });
  t.is(res.status, 200);
  const declared = Number(res.headers.get('content-length'));
  const body = await res.text().catch(() => undefined);
  if (body !== undefined) {
    t.true(Buffer.byteLength(body) < declared);
    t.throws(() => JSON.parse(body));
  } else t.pass('the body read failed');
  t.is(sim.requests()[0]!.fault, 'truncate');
  t.is((await call(sim, '/sync/history')).status, 200);
});

test('html: a 200 with an HTML page where JSON belongs', async (t) => {
  const sim = await start(t, { faults: { html: { rate: 1, max: 1 } } });
  const r = await call(sim, '/sync/history');
  t.is(r.status, 200);
  t.regex(r.headers.get('content-type') ?? '', /text\/html/);
  t.is(r.json, undefined);
  t.regex(r.text, /maintenance/);
});

test('html429: a Cloudflare 1015 page with Retry-After and no X-Ratelimit, banning for its duration', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { clock: clock.now, faults: { html429: { rate: 1, max: 1, ms: 3000 } } });
  const r = await call(sim, '/sync/history');
  t.is(r.status, 429);
  t.regex(r.text, /1015/);
  t.is(r.headers.get('retry-after'), '3');
  t.is(r.headers.get('x-ratelimit'), null);
  clock.advance(1200);
  const still = await call(sim, '/users/settings');
  t.is(still.status, 429);
  t.is(still.headers.get('retry-after'), '2');
  clock.advance(2000);
  t.is((await call(sim, '/sync/history')).status, 200);
  t.deepEqual(
    sim.requests().map((e) => e.rateLimited ?? '-'),
    ['fault', 'fault', '-'],
  );
});

test('json429: a JSON 429 with Retry-After, no X-Ratelimit, and no budget trip', async (t) => {
  const clock = manualClock();
  const sim = await start(t, {
    clock: clock.now,
    rateLimit: { limit: 100, windowMs: 60_000 },
    faults: { json429: { rate: 1, max: 1, ms: 1500 } },
  });
  const r = await call(sim, '/sync/history');
  t.is(r.status, 429);
  t.is(r.headers.get('retry-after'), '2');
  t.is(r.headers.get('x-ratelimit'), null);
  t.is(r.json.error, 'rate_limit_exceeded');
  const next = await call(sim, '/sync/history');
  t.is(next.status, 200);
  t.is(sim.requests()[0]!.rateLimited, 'fault');
});

test('dupes: ties come back in a different order per request, so paging sees duplicates', async (t) => {
  const sim = await start(t, { profile: 'typical' });
  const total = sim.truth().collection.filter((c) => c.media_type === 'movie').length;
  const walk = async () => {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const r = await call(sim, `/sync/collection/movies?limit=20&page=${page}`);
      if (r.json.length === 0) break;
      ids.push(...r.json.map((i: { movie: { ids: { trakt: number } } }) => i.movie.ids.trakt));
    }
    return ids;
  };
  const clean = await walk();
  t.is(clean.length, total);
  t.is(new Set(clean).size, total);
  sim.setFaults({ dupes: 1 });
  const dirty = await walk();
  t.is(dirty.length, total);
  t.true(new Set(dirty).size < total, 'some items were seen twice and others missed');
  t.true(sim.requests().some((r) => r.fault === 'dupes'));
});

test('drift: plays are added or removed while history is paged, at most max times, and truth follows', async (t) => {
  const sim = await start(t, { profile: 'typical', faults: { drift: { rate: 1, max: 2 } } });
  const before = sim.truth();
  await all(sim, '/sync/history');
  const drifts = sim.requests().filter((r) => r.fault === 'drift');
  t.is(drifts.length, 2);
  const after = sim.truth();
  t.notDeepEqual(after.plays, before.plays);
  t.not(after.last_activities['all'], before.last_activities['all']);
  // Truth stays internally consistent after the drift.
  const items = await all(sim, '/sync/history');
  t.is(items.length, after.plays.length);
});

test('expire: after afterRequests requests the token is 401; refresh still works', async (t) => {
  const sim = await start(t, { faults: { expire: { afterRequests: 3 } } });
  for (let i = 0; i < 3; i++) t.is((await call(sim, '/sync/last_activities')).status, 200);
  const r = await call(sim, '/sync/last_activities');
  t.is(r.status, 401);
  t.regex(r.json.error_description, /expired/);
  const refreshed = await oauthPost(sim, '/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: sim.refreshToken,
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
  });
  t.is(refreshed.status, 200);
  for (let i = 0; i < 5; i++) {
    t.is((await call(sim, '/sync/last_activities', { token: refreshed.json.access_token })).status, 200);
  }
});

test('unknownField adds a field to every item; missingField drops a required one from one item', async (t) => {
  const sim = await start(t, { faults: { unknownField: 1, missingField: { rate: 1, max: 1 } } });
  const r = await call(sim, '/sync/history');
  t.true(r.json.every((i: Record<string, unknown>) => 'sync_source' in i));
  t.is(r.json.filter((i: Record<string, unknown>) => !('watched_at' in i)).length, 1);
  const again = await call(sim, '/sync/history');
  t.true(again.json.every((i: Record<string, unknown>) => 'watched_at' in i));
  t.is(sim.truth().plays.length, r.json.length, 'faults do not touch the truth');
});

test('420, 423 and 426 come once with their documented headers', async (t) => {
  const sim = await start(t);
  sim.setFaults({ '420': 1 });
  const limit = await call(sim, '/sync/history');
  t.is(limit.status, 420);
  t.is(limit.headers.get('x-upgrade-url'), 'https://trakt.tv/vip');
  t.is(limit.headers.get('x-vip-user'), 'true');
  t.truthy(limit.headers.get('x-account-limit'));
  t.is((await call(sim, '/sync/history')).status, 200);
  sim.setFaults({ '423': 1 });
  const locked = await call(sim, '/sync/history');
  t.is(locked.status, 423);
  t.is(locked.headers.get('x-account-locked'), 'true');
  t.is(locked.headers.get('x-account-deactivated'), 'false');
  sim.setFaults({ '426': 1 });
  const vip = await call(sim, '/sync/history');
  t.is(vip.status, 426);
  t.is(vip.headers.get('x-upgrade-url'), 'https://trakt.tv/vip');
  t.deepEqual(
    sim.requests().map((e) => e.fault ?? '-'),
    ['420', '-', '423', '426'],
  );
});

test('faults are reproducible for a seed and never hit /_sim routes', async (t) => {
  const run = async (seed: number) => {
    const sim = await start(t, { seed, faults: { http5xx: { rate: 0.3, burst: 1 }, html: 0.2 } });
    const statuses: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await call(sim, `/sync/history?page=${i}`);
      statuses.push(`${r.status}${r.json === undefined ? 'h' : ''}`);
    }
    const control = await fetch(`${sim.url}/_sim/requests`);
    t.is(control.status, 200);
    return statuses.join(',');
  };
  const a = await run(7);
  t.is(await run(7), a);
  t.not(await run(8), a);
  t.true(a.includes('200,') && /5\d\d/.test(a));
});

test('setFaults over HTTP, and an unknown fault is a 400', async (t) => {
  const sim = await start(t);
  const ok = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ '426': 1 }) });
  t.is(ok.status, 204);
  t.is((await call(sim, '/sync/history')).status, 426);
  const bad = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    body: JSON.stringify({ gremlins: 1 }),
  });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { error: string }).error, /unknown fault "gremlins"/);
});
