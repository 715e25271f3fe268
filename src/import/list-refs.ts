import type { Classification } from './classify.ts';
import type { FileName } from './names.ts';

/** A personal list as lists-lists.json names it. */
export interface KnownList {
  listId: number;
  slug: string | null;
  name: string | null;
}

/** List items named by slug only belong to the list of that slug (or of that name, slugified). */
export function resolveList(
  classification: Extract<Classification, { kind: 'list-items' }>,
  name: FileName,
  lists: readonly KnownList[],
): Classification {
  if (classification.listId !== null) {
    return { kind: 'items', normalizer: 'list_items', context: { listTraktId: classification.listId } };
  }
  const wanted = [
    classification.slug,
    ...(name.part === null ? [] : [`${classification.slug}-${name.part}`]),
  ];
  const found = lists.find(
    (l) => wanted.includes(l.slug ?? '') || (l.name !== null && wanted.includes(slugify(l.name))),
  );
  if (found === undefined) {
    return {
      kind: 'unknown',
      reason: `list items of a list "${classification.slug}" that lists-lists.json does not name`,
    };
  }
  return { kind: 'items', normalizer: 'list_items', context: { listTraktId: found.listId } };
}

/** The lists an items array of lists-lists.json names. */
export function listsIn(items: unknown[]): KnownList[] {
  const out: KnownList[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    const ids = record['ids'] as Record<string, unknown> | undefined;
    const listId = ids?.['trakt'];
    if (typeof listId !== 'number') continue;
    out.push({
      listId,
      slug: typeof ids?.['slug'] === 'string' ? (ids['slug'] as string) : null,
      name: typeof record['name'] === 'string' ? (record['name'] as string) : null,
    });
  }
  return out;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
