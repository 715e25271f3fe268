/**
 * yargs reports bad usage in its own words, some of it over several lines
 * ("Invalid values:\n  Argument: ..."), and unknown commands and unknown
 * options alike as "Unknown argument". traktdb promises one sentence that
 * says what is wrong and where to look (docs/configuration.md, "Exit codes").
 *
 * So yargs is given its wording at the source: USAGE_STRINGS replaces each
 * message of its locale (yargs' `updateStrings`, the mechanism behind its
 * translations) with a record that names the kind of mistake and carries
 * yargs' own arguments, and usageSentence turns records into the sentence.
 * No English is parsed, so a new yargs wording cannot break it.
 */

/** Starts a record; yargs puts several in one message only for invalid values. */
const RECORD = '\u001e';
/** Separates a record's kind and fields. */
const FIELD = '\u001f';

type Kind =
  | 'unknown'
  | 'did-you-mean'
  | 'needs-value'
  | 'invalid-values'
  | 'invalid'
  | 'required'
  | 'too-many'
  | 'too-few'
  | 'exclusive';

function record(kind: Kind, fields: number): string {
  return `${RECORD}${kind}${`${FIELD}%s`.repeat(fields)}`;
}

function plural(kind: Kind, fields: number): { one: string; other: string } {
  return { one: record(kind, fields), other: record(kind, fields) };
}

/** yargs' locale keys (node_modules/yargs/locales/en.json) mapped to records; for `.updateStrings()`. */
export const USAGE_STRINGS: Readonly<Record<string, string | { one: string; other: string }>> = {
  'Unknown argument: %s': plural('unknown', 1),
  'Unknown command: %s': plural('unknown', 1),
  'Did you mean %s?': record('did-you-mean', 1),
  'Not enough arguments following: %s': record('needs-value', 1),
  'Missing argument value: %s': plural('needs-value', 1),
  'Invalid values:': record('invalid-values', 0),
  'Argument: %s, Given: %s, Choices: %s': record('invalid', 3),
  'Missing required argument: %s': plural('required', 1),
  'Too many non-option arguments: got %s, maximum of %s': plural('too-many', 2),
  'Not enough non-option arguments: got %s, need at least %s': plural('too-few', 2),
  'Arguments %s and %s are mutually exclusive': record('exclusive', 2),
};

interface Context {
  argv: readonly string[];
  command: string | undefined;
  commandNames: readonly string[];
  positionalNames: readonly string[];
}

export function usageSentence(
  message: string,
  argv: readonly string[],
  /** The commands as declared to yargs, e.g. `backup`, `query <sql>`, `report [name]`. */
  declared: readonly string[],
): string {
  const text = message.trim();
  const records = message
    .split(RECORD)
    .slice(1)
    .map((r) => r.trimEnd().split(FIELD))
    .filter(([kind]) => kind !== 'invalid-values');
  // traktdb's own messages (demandCommand) are sentences already.
  if (records.length === 0 && /[.!]$/.test(text)) return text;
  const commandNames = declared.map((d) => d.split(' ')[0] ?? d);
  const command = argv.find((arg) => commandNames.includes(arg));
  const positionalNames = declared
    .filter((d) => d.split(' ')[0] === command)
    .flatMap((d) => [...d.matchAll(/[<[]([^>\]]+)[>\]]/g)].map((x) => x[1] ?? ''));
  const context = { argv, command, commandNames, positionalNames };
  const help = `\`traktdb${command === undefined ? '' : ` ${command}`} --help\``;
  const what =
    records.length > 0
      ? records.map(([kind, ...fields]) => explain(kind as Kind, fields, context)).join('; ')
      : // A message yargs has that USAGE_STRINGS does not map: its words, on one line.
        text.replace(/\s+/g, ' ').replace(/[.:]$/, '');
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}; see ${help}.`;
}

function explain(kind: Kind, fields: string[], context: Context): string {
  const { argv, command, commandNames, positionalNames } = context;
  const [first = '', second = '', third = ''] = fields;
  switch (kind) {
    case 'unknown':
      return unknown(list(first), argv, command);
    case 'did-you-mean': {
      const typo = positionals(argv).find((arg) => !commandNames.includes(arg));
      const parent = command === undefined ? '' : `${command} `;
      return `unknown command${typo === undefined ? '' : ` "${typo}"`} (did you mean \`traktdb ${parent}${first}\`?)`;
    }
    case 'needs-value': {
      const names = list(first).map(flag);
      return `${names.join(', ')} ${names.length === 1 ? 'needs a value' : 'need values'}`;
    }
    case 'invalid':
      return `${flag(first)} must be one of ${unquote(third)}, not ${second}`;
    case 'required': {
      const names = list(first);
      const shown = names.map((name) => (positionalNames.includes(name) ? `<${name}>` : flag(name)));
      const where = command === undefined ? '' : ` by \`traktdb ${command}\``;
      return `${shown.join(', ')} ${names.length === 1 ? 'is' : 'are'} required${where}`;
    }
    case 'too-many':
      return `too many arguments (${first} given, at most ${second} allowed)`;
    case 'too-few': {
      const needed = positionalNames.slice(Number(first), Number(second));
      if (command !== undefined && needed.length > 0) {
        return `\`traktdb ${command}\` needs ${needed.map((name) => `<${name}>`).join(' ')}`;
      }
      return `too few arguments (${first} given, at least ${second} needed)`;
    }
    case 'exclusive':
      return `${flag(first)} and ${flag(second)} cannot be used together`;
    default:
      return fields.join(' ');
  }
}

function unknown(names: string[], argv: readonly string[], command: string | undefined): string {
  const options = names.filter((name) => isOption(name, argv));
  const others = names.filter((name) => !isOption(name, argv));
  const parts: string[] = [];
  if (options.length > 0) {
    parts.push(`unknown option${options.length > 1 ? 's' : ''} ${options.map(flag).join(', ')}`);
  }
  if (others.length > 0) {
    const quoted = others.map((name) => `"${name}"`).join(', ');
    parts.push(
      command === undefined
        ? `unknown command ${quoted}`
        : `unexpected argument${others.length > 1 ? 's' : ''} ${quoted} for \`traktdb ${command}\``,
    );
  }
  return parts.join(' and ');
}

function isOption(name: string, argv: readonly string[]): boolean {
  const dashed = flag(name);
  return argv.some(
    (arg) =>
      arg === dashed ||
      arg.startsWith(`${dashed}=`) ||
      arg === `--no-${name}` ||
      (name.length === 1 && /^-[^-]/.test(arg) && arg.includes(name)),
  );
}

function positionals(argv: readonly string[]): string[] {
  return argv.filter((arg) => !arg.startsWith('-'));
}

function flag(name: string): string {
  return name.startsWith('-') ? name : name.length === 1 ? `-${name}` : `--${name}`;
}

/** yargs joins the names of one message with ", ". */
function list(text: string): string[] {
  return text.split(', ').map((s) => s.trim());
}

/** yargs shows choices as JSON strings joined with ", ": "text", "json". */
function unquote(choices: string): string {
  return list(choices)
    .map((c) => c.replace(/^"(.*)"$/, '$1'))
    .join(', ');
}
