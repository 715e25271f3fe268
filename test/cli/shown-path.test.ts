import test from 'ava';
import { shownPath } from '../../src/cli/shown-path.ts';

test("a collaboration list's items path prints its owner as {owner}; other paths are unchanged", (t) => {
  t.is(
    shownPath('/users/mika-k/lists/40898699/items?page=2&limit=250'),
    '/users/{owner}/lists/40898699/items?page=2&limit=250',
  );
  t.is(shownPath('/users/me/lists/7/items?page=1'), '/users/me/lists/7/items?page=1');
  t.is(shownPath('/users/me/followers'), '/users/me/followers');
  t.is(shownPath('/sync/history?page=3'), '/sync/history?page=3');
});
