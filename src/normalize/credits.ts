import { BatchBuilder } from './batch.ts';
import { Fields } from './fields.ts';
import { readPerson } from './media.ts';
import type { CreditRow, RowBatch } from './rows.ts';

/** The title a `/people` answer belongs to: the answer itself does not name it. */
export interface CreditedTitle {
  mediaType: 'movie' | 'show';
  traktId: number;
}

/**
 * The answer of `/movies/{id}/people` or `/shows/{id}/people`
 * (docs/trakt-api.md §8): `cast` entries `{characters[], character?, person}`,
 * `crew` keyed by department with `{jobs[], job?, person}`. One `credits` row
 * per character or job (docs/credits.md): the arrays win over the singular
 * field, which only joins them; an empty or absent array gives one `''` row,
 * an exact duplicate one row. A 404 title has no answer at all: `main` is
 * absent and the title has no credits.
 */
export function normalizeCredits(body: unknown, title: CreditedTitle | undefined): RowBatch {
  const out = new BatchBuilder();
  if (body === undefined) return out.batch;
  if (title === undefined) throw new Error('normalizer for credits needs the title; the run must supply it');
  const source = `GET /${title.mediaType}s/${title.traktId}/people`;
  const f = Fields.of(body, { label: 'people answer', source });
  const seen = new Set<string>();
  const add = (person: number, department: string, role: string) => {
    const key = `${person}\u0000${department}\u0000${role}`;
    if (seen.has(key)) return;
    seen.add(key);
    const row: CreditRow = {
      media_type: title.mediaType,
      trakt_id: title.traktId,
      person_trakt_id: person,
      department,
      role,
    };
    out.add('credits', row);
  };
  const entry = (e: Fields, many: string, one: string) => {
    const person = readPerson(e.object('person'), out);
    const roles = e.optStringArray(many) ?? [];
    const single = e.optString(one);
    // Only the singular field: an older answer, before the arrays.
    const all = roles.length > 0 ? roles : single !== null && single !== '' ? [single] : [''];
    return { person, all };
  };
  for (const [i, raw] of (f.optArray('cast') ?? []).entries()) {
    const { person, all } = entry(f.element('cast', i, raw), 'characters', 'character');
    for (const role of all) add(person, 'acting', role);
  }
  const crew = f.optObject('crew');
  if (crew !== null) {
    for (const department of Object.keys(f.raw('crew') as object)) {
      for (const [i, raw] of (crew.optArray(department) ?? []).entries()) {
        const { person, all } = entry(crew.element(department, i, raw), 'jobs', 'job');
        for (const role of all) add(person, department, role);
      }
    }
  }
  return out.batch;
}
