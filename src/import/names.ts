/**
 * What a file's name says about it. Trakt's export names are undocumented
 * and may change, so a name is only a hint: the shape of the items decides
 * what a file is, and the name only says which list or hidden section items
 * of a shared shape belong to.
 */
export interface FileName {
  /** The path inside the export. */
  path: string;
  /** The last segment, `watched-history-2.json`. */
  base: string;
  /** The name without `.json` and without a part number: `watched-history`. */
  logical: string;
  /** 2 for `watched-history-2.json`; null when not numbered. */
  part: number | null;
}

const LIST_FILE = /^lists-list-(\d+)-(.+)$/;

export function parseFileName(path: string): FileName {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stem = base.toLowerCase().endsWith('.json') ? base.slice(0, -'.json'.length) : base;
  // `lists-list-<id>-<slug>` ends in the slug, which may itself be a number.
  const numbered = LIST_FILE.test(stem) ? null : /^(.+)-(\d+)$/.exec(stem);
  return {
    path,
    base,
    logical: numbered ? (numbered[1] as string) : stem,
    part: numbered ? Number(numbered[2]) : null,
  };
}

export function isJsonName(name: FileName): boolean {
  return name.base.toLowerCase().endsWith('.json');
}

/** Files a re-zipping desktop adds (`__MACOSX/`, `.DS_Store`, `Thumbs.db`): never part of an export. */
export function isDesktopJunk(name: FileName): boolean {
  return (
    name.path.startsWith('__MACOSX/') ||
    name.path.includes('/__MACOSX/') ||
    name.base.startsWith('._') ||
    name.base === '.DS_Store' ||
    name.base === 'Thumbs.db' ||
    name.base === 'desktop.ini'
  );
}

/** `lists-list-123-my-list` -> the list's trakt id and slug. */
export function listFileRef(logical: string): { listId: number; slug: string } | null {
  const match = LIST_FILE.exec(logical);
  if (match === null) return null;
  const listId = Number(match[1]);
  return Number.isSafeInteger(listId) ? { listId, slug: match[2] as string } : null;
}

/** `hidden-progress-watched` -> `progress_watched`, the API's section name. */
export function hiddenSection(logical: string): string | null {
  const match = /^hidden-([a-z0-9-]+)$/.exec(logical);
  return match ? (match[1] as string).replace(/-/g, '_') : null;
}

/** The name's family, for empty files and for list items (`lists-watchlist` -> watchlist). */
export function family(logical: string): string {
  return logical.split('-')[0] ?? logical;
}
