/**
 * yargs reports bad usage in its own words, some of it over several lines
 * ("Invalid values:\n  Argument: ..."), and unknown commands and unknown
 * options alike as "Unknown argument". traktdb promises one sentence that
 * says what is wrong and where to look (DESIGN.md, "Exit codes"), so each
 * message yargs can produce (its locales/en.json) is rewritten here.
 */
export function usageSentence(
  message: string,
  argv: readonly string[],
  /** The commands as declared to yargs, e.g. `backup`, `query <sql>`, `report [name]`. */
  declared: readonly string[],
): string {
  const text = message.trim();
  // Messages traktdb itself hands to yargs (demandCommand) are sentences already.
  if (/[.!]$/.test(text)) return text;
  const commandNames = declared.map((d) => d.split(' ')[0] ?? d);
  const command = argv.find((arg) => commandNames.includes(arg));
  const positionalNames = declared
    .filter((d) => d.split(' ')[0] === command)
    .flatMap((d) => [...d.matchAll(/[<[]([^>\]]+)[>\]]/g)].map((x) => x[1] ?? ''));
  const help = `\`traktdb${command === undefined ? '' : ` ${command}`} --help\``;
  const what = explain(text, argv, command, commandNames, positionalNames);
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}; see ${help}.`;
}

function explain(
  text: string,
  argv: readonly string[],
  command: string | undefined,
  commandNames: readonly string[],
  positionalNames: readonly string[],
): string {
  let m = /^Unknown arguments?: (.+)$/s.exec(text);
  if (m?.[1] !== undefined) return unknown(m[1].split(', '), argv, command);

  m = /^Did you mean (.+)\?$/.exec(text);
  if (m?.[1] !== undefined) {
    const typo = positionals(argv).find((arg) => !commandNames.includes(arg));
    const parent = command === undefined ? '' : `${command} `;
    return `unknown command${typo === undefined ? '' : ` "${typo}"`} (did you mean \`traktdb ${parent}${m[1]}\`?)`;
  }

  m = /^Not enough arguments following: (.+)$/.exec(text);
  if (m?.[1] !== undefined) return `${flag(m[1])} needs a value`;

  m = /^Missing argument values?: (.+)$/.exec(text);
  if (m?.[1] !== undefined) {
    const names = list(m[1]).map(flag);
    return `${names.join(', ')} ${names.length === 1 ? 'needs a value' : 'need values'}`;
  }

  m = /^Invalid values:\s*(.+)$/s.exec(text);
  if (m?.[1] !== undefined) {
    const parts = m[1]
      .split('\n')
      .map((line) => /Argument: (.+?), Given: (.+), Choices: (.+)$/.exec(line.trim()))
      .filter((x) => x !== null)
      .map((x) => `${flag(x[1] ?? '')} must be one of ${unquote(x[3] ?? '')}, not ${x[2]}`);
    if (parts.length > 0) return parts.join('; ');
  }

  m = /^Missing required arguments?: (.+)$/.exec(text);
  if (m?.[1] !== undefined) {
    const names = list(m[1]);
    const shown = names.map((name) => (positionalNames.includes(name) ? `<${name}>` : flag(name)));
    const where = command === undefined ? '' : ` by \`traktdb ${command}\``;
    return `${shown.join(', ')} ${names.length === 1 ? 'is' : 'are'} required${where}`;
  }

  m = /^Too many non-option arguments: got (\d+), maximum of (\d+)$/.exec(text);
  if (m) return `too many arguments (${m[1]} given, at most ${m[2]} allowed)`;

  m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(text);
  if (m) {
    const needed = positionalNames.slice(Number(m[1]), Number(m[2]));
    if (command !== undefined && needed.length > 0) {
      return `\`traktdb ${command}\` needs ${needed.map((name) => `<${name}>`).join(' ')}`;
    }
    return `too few arguments (${m[1]} given, at least ${m[2]} needed)`;
  }

  m = /^Arguments (\S+) and (\S+) are mutually exclusive$/.exec(text);
  if (m) return `${flag(m[1] ?? '')} and ${flag(m[2] ?? '')} cannot be used together`;

  return text.replace(/\s+/g, ' ').replace(/[.:]$/, '');
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

function list(text: string): string[] {
  return text.split(', ').map((s) => s.trim());
}

function unquote(choices: string): string {
  return choices
    .split(', ')
    .map((c) => c.replace(/^"(.*)"$/, '$1'))
    .join(', ');
}
