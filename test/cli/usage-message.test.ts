import { format } from 'node:util';
import test from 'ava';
import yargs from 'yargs';
import { USAGE_STRINGS, usageSentence } from '../../src/cli/usage-message.ts';

const DECLARED = ['auth', 'backup', 'query <sql>', 'report [name]', 'export'];

/** A message as yargs words it with USAGE_STRINGS (its y18n: the entry, plural by count, then util.format). */
function said(key: string, count: number, ...args: string[]): string {
  const entry = USAGE_STRINGS[key];
  if (entry === undefined) throw new Error(`USAGE_STRINGS has no ${key}`);
  const template = typeof entry === 'string' ? entry : count === 1 ? entry.one : entry.other;
  return format(template, ...args);
}

/** yargs' "Invalid values:" message: the header, then one line per option. */
function invalid(...lines: [string, string, string][]): string {
  return `${said('Invalid values:', 1)}${lines.map(([a, g, c]) => `\n  ${said('Argument: %s, Given: %s, Choices: %s', 1, a, g, c)}`).join('')}`;
}

const CASES: [string, string[], string][] = [
  [said('Unknown argument: %s', 1, 'bogus'), ['bogus'], 'Unknown command "bogus"; see `traktdb --help`.'],
  [
    said('Unknown argument: %s', 2, 'x, y'),
    ['backup', 'x', 'y'],
    'Unexpected arguments "x", "y" for `traktdb backup`; see `traktdb backup --help`.',
  ],
  [
    said('Unknown argument: %s', 2, 'fast, now'),
    ['backup', '--fast', 'now'],
    'Unknown option --fast and unexpected argument "now" for `traktdb backup`; see `traktdb backup --help`.',
  ],
  [said('Unknown argument: %s', 1, 'x'), ['backup', '-x'], 'Unknown option -x; see `traktdb backup --help`.'],
  [
    said('Unknown argument: %s', 1, 'fast'),
    ['backup', '--fast=yes'],
    'Unknown option --fast; see `traktdb backup --help`.',
  ],
  [
    said('Did you mean %s?', 1, 'backup'),
    ['backpu'],
    'Unknown command "backpu" (did you mean `traktdb backup`?); see `traktdb --help`.',
  ],
  [
    said('Not enough arguments following: %s', 1, 'db'),
    ['backup', '--db'],
    '--db needs a value; see `traktdb backup --help`.',
  ],
  [
    said('Missing argument value: %s', 2, 'db, archive'),
    ['backup'],
    '--db, --archive need values; see `traktdb backup --help`.',
  ],
  [
    invalid(['log-format', '"xml"', '"text", "json"'], ['by', '"hour"', '"year", "month"']),
    ['report', 'x'],
    '--log-format must be one of text, json, not "xml"; --by must be one of year, month, not "hour"; see `traktdb report --help`.',
  ],
  [
    said('Missing required argument: %s', 1, 'out'),
    ['export'],
    '--out is required by `traktdb export`; see `traktdb export --help`.',
  ],
  [
    said('Missing required argument: %s', 1, 'sql'),
    ['query'],
    '<sql> is required by `traktdb query`; see `traktdb query --help`.',
  ],
  [
    said('Not enough non-option arguments: got %s, need at least %s', 0, '0', '1'),
    ['query'],
    '`traktdb query` needs <sql>; see `traktdb query --help`.',
  ],
  [
    said('Not enough non-option arguments: got %s, need at least %s', 0, '0', '1'),
    ['backup'],
    'Too few arguments (0 given, at least 1 needed); see `traktdb backup --help`.',
  ],
  [
    said('Too many non-option arguments: got %s, maximum of %s', 3, '3', '1'),
    ['report', 'a', 'b'],
    'Too many arguments (3 given, at most 1 allowed); see `traktdb report --help`.',
  ],
  [
    said('Arguments %s and %s are mutually exclusive', 1, 'full', 'every'),
    ['backup'],
    '--full and --every cannot be used together; see `traktdb backup --help`.',
  ],
  // A message USAGE_STRINGS does not map keeps yargs' words, on one line.
  ['Something\n  yargs   said:', [], 'Something yargs said; see `traktdb --help`.'],
  // traktdb's own messages (demandCommand) are sentences already and pass through.
  ['Name a command; `traktdb --help` lists them.', [], 'Name a command; `traktdb --help` lists them.'],
];

test('every yargs message becomes one sentence that names the flag and the help to read', (t) => {
  for (const [message, argv, expected] of CASES)
    t.is(usageSentence(message, argv, DECLARED), expected, JSON.stringify(message));
});

test('the sentence is always one line', (t) => {
  for (const [message, argv] of CASES)
    t.false(usageSentence(message, argv, DECLARED).includes('\n'), JSON.stringify(message));
});

test('every USAGE_STRINGS key is a message of yargs itself, and none of its records is English', async (t) => {
  const { readFile } = await import('node:fs/promises');
  const english = JSON.parse(
    await readFile(new URL('../../node_modules/yargs/locales/en.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  t.deepEqual(
    Object.keys(USAGE_STRINGS).filter((key) => !(key in english)),
    [],
  );
  for (const entry of Object.values(USAGE_STRINGS)) {
    for (const text of typeof entry === 'string' ? [entry] : [entry.one, entry.other]) {
      t.regex(text, /^\u001e[a-z-]+(\u001f%s)*$/);
    }
  }
});

/** What a strict parser configured as src/cli/main.ts says about `argv`, through usageSentence. */
async function sentenceFor(argv: string[]): Promise<string> {
  let said = '';
  const declared = ['backup', 'query <sql>', 'report [name]'];
  await yargs(argv)
    .scriptName('traktdb')
    .locale('en')
    .updateStrings(USAGE_STRINGS as Record<string, string>)
    .option('db', { type: 'string', requiresArg: true })
    .option('log-format', { choices: ['text', 'json'] })
    .command('backup', 'back up', (y) =>
      y.option('full', { type: 'boolean', conflicts: 'every' }).option('every', { type: 'string' }),
    )
    .command('query <sql>', 'query')
    .command('report [name]', 'report', (y) => y.option('by', { choices: ['year', 'month'] }))
    .demandCommand(1, 'Name a command; `traktdb --help` lists them.')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      // main.ts throws here, so the first complaint is the one a user reads.
      if (said === '') said = usageSentence(message ?? error?.message ?? '', argv, declared);
    })
    .parseAsync();
  return said;
}

test('yargs itself, worded by USAGE_STRINGS, gives the same sentences', async (t) => {
  const cases: [string[], string][] = [
    [['bogus'], 'Unknown command "bogus"; see `traktdb --help`.'],
    [['backpu'], 'Unknown command "backpu" (did you mean `traktdb backup`?); see `traktdb --help`.'],
    [
      ['backup', 'now', '--fast'],
      'Unknown option --fast and unexpected argument "now" for `traktdb backup`; see `traktdb backup --help`.',
    ],
    [['backup', '--db'], '--db needs a value; see `traktdb backup --help`.'],
    [
      ['report', '--by', 'hour', '--log-format', 'xml'],
      '--by must be one of year, month, not "hour"; --log-format must be one of text, json, not "xml"; see `traktdb report --help`.',
    ],
    [['query'], '`traktdb query` needs <sql>; see `traktdb query --help`.'],
    [
      ['backup', '--full', '--every', '6h'],
      '--full and --every cannot be used together; see `traktdb backup --help`.',
    ],
    [[], 'Name a command; `traktdb --help` lists them.'],
  ];
  for (const [argv, expected] of cases) t.is(await sentenceFor(argv), expected, argv.join(' '));
});
