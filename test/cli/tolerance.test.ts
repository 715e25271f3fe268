import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { startSimulator } from '../../src/simulator/index.ts';
import { type Affected, checkExcept, type Truth } from '../helpers/affected.ts';
import { run, sandbox, simEnv } from '../helpers/cli.ts';
import { withDuck } from '../helpers/tables.ts';

/**
 * Issue 14's "done when", through the command line: a backup against a
 * simulator with every quirk that can cost data (the CLI's own `simulator
 * --quirks` starts the same server) ends with exit 4 naming exactly the
 * notes resource, the truncated list and the two unreadable items, and
 * every other row of every table exact. Then `doctor --out` against the
 * same account writes a report with none of the secrets or personal text.
 */
const QUIRKS =
  'slug-only-users,season-without-trakt-id,notes-404,truncate-without-headers,sparse-last-activities,extra-fields,unreadable-items';

test('a backup against every quirk exits 4 naming notes, the cut list and two items; doctor --out leaks nothing', async (t) => {
  const sim = await startSimulator({
    profile: 'tiny',
    seed: 1,
    rateLimit: { limit: 1000, windowMs: 1000 },
    quirks: QUIRKS,
  });
  t.teardown(() => sim.close());
  // The tiny account's lists are short: one grows past the 100 items an unpaged answer stops at.
  const list = sim.truth().lists[0]!;
  sim.mutate.listAddItems(list.list_trakt_id, 120 - list.item_count);
  const box = await sandbox(t);
  const env = { ...simEnv(sim), TRAKT_ACCESS_TOKEN: sim.accessToken };

  const backup = await run(
    box,
    ['backup', '--db', box.db, '--archive', box.archive, '--rate-limit', '1000/1'],
    env,
  );
  t.is(backup.code, 4, backup.stderr);
  const key = `list_items:${list.list_trakt_id}`;
  t.regex(backup.stderr, /backup finished, but 4 resources could not be verified: /);
  t.regex(backup.stderr, /notes unavailable \(GET \/users\/me\/notes\/all answered 404\)/);
  t.regex(
    backup.stderr,
    new RegExp(`${key} incomplete \\(received 100 of the 120 items the list's item_count counts`),
  );
  t.regex(backup.stderr, /plays rejected \(1 item could not be read/);
  t.regex(backup.stderr, /ratings rejected \(1 item could not be read/);
  const named = backup.stdout.slice(backup.stdout.indexOf('Not verified:')).trim().split('\n').slice(1);
  t.deepEqual(
    named.map((line) => line.trim().split(/\s+/).slice(0, 2).join(' ')),
    ['plays rejected', 'ratings rejected', `${key} incomplete`, 'notes unavailable'],
  );

  const truth = sim.truth() as unknown as Truth;
  const rejected = await withDuck(box.db, (duck) =>
    duck.all('SELECT resource, CAST(item AS VARCHAR) AS item FROM rejected_items ORDER BY resource'),
  );
  t.deepEqual(
    rejected.map((r) => r['resource']),
    ['plays', 'ratings'],
  );
  const play = JSON.parse(String(rejected[0]?.['item']));
  const rating = JSON.parse(String(rejected[1]?.['item']));
  const affected: Affected = {
    notes: 'all',
    list_items: new Set(
      truth['list_items']!.filter((r) => r['list_trakt_id'] === list.list_trakt_id).map(
        (r) => `${r['list_trakt_id']}:${r['list_item_id']}`,
      ),
    ),
    plays: new Set([String(play.id)]),
    ratings: new Set([`${rating.type}:${rating[rating.type].ids.trakt}`]),
  };
  const check = await withDuck(box.db, (duck) => checkExcept(duck, truth, affected));
  t.deepEqual(check.problems, []);
  t.log(`rows not loaded: ${JSON.stringify(check.missing)}`);
  t.is(check.missing['plays'], 1);
  t.is(check.missing['ratings'], 1);
  t.is(check.missing['list_items'], 20);
  t.is(check.missing['notes'], truth['notes']!.length);

  const report = join(box.dir, 'doctor.json');
  const doctor = await run(box, ['doctor', '--out', report], env);
  t.is(doctor.code, 4, doctor.stderr);
  t.regex(doctor.stdout, /^notes: GET \/users\/me\/notes\/all answered 404/m);
  t.regex(doctor.stdout, /^plays: 1 of \d+ items cannot be read .*missing watched_at$/m);
  t.regex(doctor.stdout, /^last_activities: lacks /m);
  t.regex(doctor.stdout, new RegExp(`^${key}: sent 100 of the list's 120 items`, 'm'));
  t.regex(doctor.stdout, /^hidden_comments: 1 item sends a user with only a slug/m);
  t.regex(doctor.stdout, /^ratings: \d+ items? sends? a season without ids\.trakt/m);
  t.regex(doctor.stdout, /^plays: items carry fields traktdb does not know \(it ignores them\): x_debug$/m);
  t.is((await stat(report)).mode & 0o777, 0o600);
  const text = await readFile(report, 'utf8');
  const document = JSON.parse(text);
  t.is(document.differences.length, doctor.stdout.trim().split('\n').length);
  t.true(document.differences.some((d: { samples: unknown[] }) => d.samples.length > 0));
  // Nothing secret, nothing the user wrote, nobody's name.
  const secrets = [sim.clientId, sim.clientSecret, sim.accessToken, sim.refreshToken];
  const written = [
    ...truth['comments']!.map((c) => String(c['body'])),
    ...truth['notes']!.map((n) => String(n['body'])),
    ...truth['lists']!.flatMap((l) => [l['description'], l['name']].filter((v) => v !== null).map(String)),
    ...truth['profile']!.flatMap((p) =>
      [p['name'], p['location'], p['about'], p['username']].filter((v) => v !== null).map(String),
    ),
  ];
  // A list may be named after a movie ("Amélie"): a title in a sample is public data, not the user's words.
  const titles = new Set([...truth['movies']!, ...truth['shows']!].map((m) => String(m['title'])));
  const people = await otherUsers(sim);
  t.true(people.length > 0);
  for (const value of [...secrets, ...written.filter((w) => !titles.has(w)), ...people]) {
    t.false(text.includes(value), `the report holds ${JSON.stringify(value.slice(0, 40))}`);
  }
});

/** Names, usernames and slugs of the other users the account's answers mention. */
async function otherUsers(sim: { url: string; clientId: string; accessToken: string; userSlug: string }) {
  const headers = {
    'User-Agent': 'traktdb-test',
    'trakt-api-key': sim.clientId,
    'trakt-api-version': '2',
    Authorization: `Bearer ${sim.accessToken}`,
  };
  const found = new Set<string>();
  const visit = (node: unknown, key?: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (key === 'user') {
      const user = node as { username?: string; name?: string; ids?: { slug?: string } };
      if (user.ids?.slug !== undefined && user.ids.slug !== sim.userSlug) {
        for (const value of [user.username, user.name, user.ids.slug]) if (value) found.add(value);
      }
    }
    for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  for (const path of [
    '/users/me/comments/all/all?include_replies=true',
    '/users/likes/comments',
    '/users/likes/lists',
    '/users/hidden/comments',
  ]) {
    const response = await fetch(`${sim.url}${path}`, { headers });
    visit(await response.json());
  }
  return [...found].filter((value) => value.length >= 4);
}
