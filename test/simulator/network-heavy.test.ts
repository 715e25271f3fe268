/**
 * The social graph of the big profiles agrees with their stats (issue 22).
 * Alone in its file: generating heavy blocks the event loop for a second or
 * two, which would stall the servers of tests running beside it.
 */
import test from 'ava';
import { friendsOf } from '../../src/simulator/account.ts';
import { computeStats } from '../../src/simulator/aggregate.ts';
import { generateAccount } from '../../src/simulator/generate.ts';
import { PROFILES } from '../../src/simulator/profiles.ts';
import { ANCHOR } from './helpers.ts';

test('heavy: the graph has the profile sizes, friends are the mutual follows, and stats say so; stress has the same graph', (t) => {
  const a = generateAccount({ profile: 'heavy', seed: 1, anchorSec: Date.parse(ANCHOR) / 1000 });
  const size = PROFILES.heavy.social;
  const friends = friendsOf(a.social);
  t.is(a.social.followers.size, size.followers);
  t.is(a.social.following.size, size.following);
  t.is(friends.size, size.friends);
  t.is(a.social.requestsIn.length, size.requestsIn);
  t.is(a.social.requestsOut.length, size.requestsOut);
  t.deepEqual(computeStats(a).network, {
    friends: size.friends,
    followers: size.followers,
    following: size.following,
  });
  for (const user of friends.keys()) t.true(a.social.followers.has(user) && a.social.following.has(user));
  t.true(a.social.requestsOut.every((r) => a.others[r.user]!.private));
  t.is(a.savedFilters.length, PROFILES.heavy.savedFilters);
  t.deepEqual(
    a.collaborations.map((l) => l.items.length),
    PROFILES.heavy.collaborations,
  );
  t.true(a.collaborations.every((l) => a.social.following.has(l.owner)));
  // stress is heavy with ten times the plays: the rest of the account is heavy's.
  t.deepEqual(PROFILES.stress.social, PROFILES.heavy.social);
  t.is(PROFILES.stress.savedFilters, PROFILES.heavy.savedFilters);
  t.deepEqual(PROFILES.stress.collaborations, PROFILES.heavy.collaborations);
});
