import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { run, sandbox, sandboxAt, spawnCli } from '../helpers/cli.ts';

/** The command names `traktdb --help` (or `traktdb auth --help`) lists. */
function listed(help: string, prefix: string): string[] {
  const section = help.split(/\n\n/).find((block) => block.startsWith('Commands:')) ?? '';
  return [...section.matchAll(new RegExp(`^ {2}traktdb ${prefix}(\\S+)`, 'gm'))].map((m) => m[1] ?? '');
}

/**
 * A help page worth reading: the usage line, then a description of more than
 * a few words, then at least one example of `traktdb ...` with what it does.
 */
function checkPage(t: import('ava').ExecutionContext, name: string, page: string) {
  const blocks = page.split(/\n\n/);
  t.regex(blocks[0] ?? '', new RegExp(`^traktdb ${name}\\b`), `${name}: usage line`);
  const description = (blocks[1] ?? '').replace(/\s+/g, ' ').trim();
  t.true(description.split(' ').length >= 5, `${name}: description "${description}"`);
  t.false(/^(Commands|Options|Positionals|Global options):/.test(description), `${name}: no description`);
  const examples = blocks.find((block) => block.startsWith('Examples:')) ?? '';
  const lines = examples.split('\n').slice(1);
  t.true(
    lines.some((line) => /^ {2}traktdb \S.*\s{2,}\S/.test(line)),
    `${name}: an example with an explanation:\n${examples}`,
  );
}

// the command list names these; `traktdb --help` may list more, and each of those is checked too.
const REQUIRED = [
  'auth',
  'backup',
  'sync',
  'status',
  'rebuild',
  'simulator',
  'report',
  'query',
  'export',
  'verify',
  'config',
];

// The command list comes from the binary itself (a real process: bin/traktdb.js prints and exits 0),
// so a command added later is checked too.
const pages = await (async () => {
  const box = sandboxAt(join(tmpdir(), 'traktdb-cli-help-does-not-exist'));
  const top = await spawnCli(['--help'], { env: box.env });
  if (top.code !== 0) throw new Error(`traktdb --help exited ${top.code}: ${top.stderr}`);
  const auth = await run(box, ['auth', '--help']);
  return [...listed(top.stdout, ''), ...listed(auth.stdout, 'auth ').map((s) => `auth ${s}`)];
})();

test.serial('traktdb --help lists every documented command, and auth --help its three subcommands', (t) => {
  for (const name of REQUIRED) t.true(pages.includes(name), `traktdb --help lists ${name}`);
  t.deepEqual(pages.filter((p) => p.startsWith('auth ')).sort(), [
    'auth login',
    'auth logout',
    'auth status',
  ]);
});

for (const name of pages) {
  test.serial(`traktdb ${name} --help has a description and an example`, async (t) => {
    const box = await sandbox(t);
    const result = await run(box, [...name.split(' '), '--help']);
    t.is(result.code, 0, result.stderr);
    t.is(result.stderr, '', 'nothing on stderr');
    checkPage(t, name, result.stdout);
  });
}

test.serial('traktdb with no command names the way to the list, exit 2 (a real process)', async (t) => {
  const box = await sandbox(t);
  const result = await spawnCli([], { env: box.env });
  t.is(result.code, 2);
  t.is(result.stderr, 'traktdb: Name a command; `traktdb --help` lists them.\n');
  t.is(result.stdout, '');
});
