/**
 * Who made and played in each title: `/movies/{id}/people` and
 * `/shows/{id}/people` (docs/trakt-api.md §8). Nothing is stored: a title's
 * credits are drawn from the catalogue's seed and the title's trakt id each
 * time they are asked for, so the heavy catalogue costs no memory for them and
 * every answer, and the ground truth, agree.
 *
 * People come from the catalogue's one pool (catalog.ts), grouped by the
 * department they are known for and ordered by a seeded "popularity", and
 * picked skewed towards the popular end: the same actors and directors recur
 * across titles, so a top-people report has a real ranking and real ties.
 *
 * The rough edges exporters meet are built in: titles with no credits at all
 * (`{cast: [], crew: {}}`), with cast only or crew only, a few that answer 404;
 * a cast entry with two characters or none, a crew entry with two jobs or none;
 * an exact duplicate entry now and then; the same person twice in a cast with
 * different characters; a director who also wrote the title.
 */

import { hash32, Rng, unit } from './prng.ts';
import { characterName } from './text.ts';
import type { MediaUniverse } from './universe.ts';

export type CreditKind = 'movie' | 'show';

export interface CastCredit {
  /** Index into `universe.people`. */
  person: number;
  characters: string[];
  /** Shows only: how many episodes (`episode_count`). */
  episodes: number | null;
}

export interface CrewCredit {
  person: number;
  jobs: string[];
  episodes: number | null;
}

export interface Credits {
  cast: CastCredit[];
  /** Departments in the order Trakt's example sends them (alphabetical); absent ones are left out. */
  crew: [department: string, entries: CrewCredit[]][];
}

/** Share of titles that answer 404 (Trakt has no people for them). */
const MISSING = 0.03;
/** Share answering `{cast: [], crew: {}}`; then cast only; then crew only. */
const EMPTY = 0.03;
const CAST_ONLY = 0.015;
const CREW_ONLY = 0.015;

/** Jobs per crew department, the most common first (Apiary `/movies/{id}/people`, `/shows/{id}/people`). */
const JOBS: Record<string, readonly string[]> = {
  art: ['Production Design', 'Set Decoration', 'Art Direction', 'Supervising Art Director'],
  camera: ['Director of Photography', 'Camera Operator', 'Steadicam Operator', 'Still Photographer'],
  'costume & make-up': ['Costume Design', 'Makeup Department Head', 'Costume Supervisor', 'Hairstylist'],
  'created by': ['Creator'],
  crew: ['Stunt Coordinator', 'Supervising Art Director', 'Post Production Supervisor', 'Driver'],
  directing: ['Director', 'Co-Director', 'Second Unit Director', 'Assistant Director'],
  editing: ['Editor', 'Additional Editor', 'Colorist'],
  lighting: ['Gaffer', 'Best Boy Electric', 'Lighting Technician'],
  production: ['Producer', 'Executive Producer', 'Casting', 'Co-Producer', 'Line Producer'],
  sound: ['Original Music Composer', 'Sound Designer', 'Music Supervisor', 'Sound Re-Recording Mixer'],
  'visual effects': ['Visual Effects Supervisor', 'VFX Artist', 'Animation Supervisor', 'Compositor'],
  writing: ['Screenplay', 'Writer', 'Novel', 'Story', 'Characters', 'Teleplay'],
};

/** How many people each department gets: [department, smallest, largest]. */
const MOVIE_CREW: [string, number, number][] = [
  ['art', 0, 3],
  ['camera', 1, 2],
  ['costume & make-up', 0, 2],
  ['crew', 0, 3],
  ['directing', 1, 2],
  ['editing', 1, 2],
  ['lighting', 0, 1],
  ['production', 1, 6],
  ['sound', 0, 2],
  ['visual effects', 0, 3],
  ['writing', 1, 3],
];
const SHOW_CREW: [string, number, number][] = [
  ['art', 0, 2],
  ['camera', 0, 2],
  ['costume & make-up', 0, 1],
  ['created by', 1, 2],
  ['directing', 1, 5],
  ['editing', 0, 2],
  ['production', 1, 5],
  ['sound', 0, 2],
  ['writing', 1, 4],
];

/** People by the department they are known for, most popular first; cached per catalogue. */
const POOLS = new WeakMap<MediaUniverse, Map<string, number[]>>();

function pools(universe: MediaUniverse): Map<string, number[]> {
  let out = POOLS.get(universe);
  if (out) return out;
  out = new Map();
  const all: number[] = [];
  for (let p = 0; p < universe.people.length; p++) {
    const department = universe.people[p]!.department;
    let list = out.get(department);
    if (!list) {
      list = [];
      out.set(department, list);
    }
    list.push(p);
    all.push(p);
  }
  const rng = new Rng(universe.seed, 112);
  for (const list of out.values()) rng.shuffle(list);
  out.set('*', rng.shuffle(all));
  POOLS.set(universe, out);
  return out;
}

function poolFor(universe: MediaUniverse, department: string): number[] {
  const p = pools(universe);
  const list = p.get(department);
  // A tiny catalogue may know nobody for a department: anyone will do.
  return list && list.length > 0 ? list : p.get('*')!;
}

/** A popular person of a department: small positions come up far more often. */
function pick(rng: Rng, pool: number[]): number {
  return pool[rng.skewed(pool.length, 1.5)]!;
}

function jobsFor(rng: Rng, department: string): string[] {
  const jobs = JOBS[department] ?? ['Crew'];
  if (rng.chance(0.01)) return [];
  const first = jobs[rng.skewed(jobs.length, 2)]!;
  if (jobs.length > 1 && rng.chance(0.08)) {
    const second = jobs.find((j) => j !== first)!;
    return [first, second];
  }
  return [first];
}

function charactersFor(rng: Rng): string[] {
  if (rng.chance(0.03)) return [];
  const first = characterName(rng);
  if (rng.chance(0.08)) {
    const second = characterName(rng);
    return second === first ? [first] : [first, second];
  }
  return [first];
}

function kindCode(kind: CreditKind): number {
  return kind === 'movie' ? 1 : 2;
}

function traktOf(universe: MediaUniverse, kind: CreditKind, idx: number): number {
  return kind === 'movie' ? universe.movies[idx]!.trakt : universe.shows[idx]!.trakt;
}

/** Whether Trakt answers 404 for this title's people. */
export function creditsMissing(universe: MediaUniverse, kind: CreditKind, idx: number): boolean {
  return unit(universe.seed, kindCode(kind), traktOf(universe, kind, idx), 404) < MISSING;
}

/** The title's credits, or null when its `/people` answers 404. Deterministic per seed and title. */
export function creditsOf(universe: MediaUniverse, kind: CreditKind, idx: number): Credits | null {
  const trakt = traktOf(universe, kind, idx);
  const roll = unit(universe.seed, kindCode(kind), trakt, 404);
  if (roll < MISSING) return null;
  if (roll < MISSING + EMPTY) return { cast: [], crew: [] };
  const withCast = roll >= MISSING + EMPTY + CAST_ONLY + CREW_ONLY || roll < MISSING + EMPTY + CAST_ONLY;
  const withCrew = roll >= MISSING + EMPTY + CAST_ONLY;
  const rng = new Rng(universe.seed ^ 0x5eed, hash32(kindCode(kind), trakt));
  const aired = kind === 'show' ? Math.max(1, universe.shows[idx]!.airedEpisodes) : 0;
  const episodes = (lead: boolean): number | null =>
    kind === 'movie' ? null : lead ? aired : rng.range(1, aired);

  const cast: CastCredit[] = [];
  if (withCast) {
    const count = kind === 'movie' ? 4 + rng.skewed(22, 1.5) : 3 + rng.skewed(14, 1.5);
    const taken = new Set<number>();
    const actors = poolFor(universe, 'acting');
    for (let k = 0, guard = 0; k < count && guard < count * 20; guard++) {
      // Now and then someone known for another department plays a part.
      const person = pick(rng, rng.chance(0.05) ? poolFor(universe, '*') : actors);
      if (taken.has(person)) continue;
      taken.add(person);
      cast.push({ person, characters: charactersFor(rng), episodes: episodes(k < 3) });
      k++;
    }
    if (cast.length > 2 && rng.chance(0.02)) {
      // One actor, two separate entries with different parts (two rows).
      const again = cast[rng.int(cast.length)]!;
      cast.push({ person: again.person, characters: [characterName(rng)], episodes: episodes(false) });
    }
    if (cast.length > 1 && rng.chance(0.04)) {
      // The same entry twice, as Trakt sometimes sends it (one row).
      const copy = cast[rng.int(cast.length)]!;
      cast.splice(rng.range(1, cast.length), 0, { ...copy, characters: [...copy.characters] });
    }
  }

  const crew: [string, CrewCredit[]][] = [];
  if (withCrew) {
    const plan = kind === 'movie' ? MOVIE_CREW : SHOW_CREW;
    let director: number | undefined;
    for (const [department, lo, hi] of plan) {
      const count = lo + rng.skewed(hi - lo + 1, 1.8);
      const entries: CrewCredit[] = [];
      const taken = new Set<number>();
      const from = department === 'created by' ? (rng.chance(0.7) ? 'writing' : 'production') : department;
      for (let k = 0, guard = 0; k < count && guard < count * 20; guard++) {
        // Actors direct and produce too, so one person can appear in several departments.
        const person = pick(rng, rng.chance(0.1) ? poolFor(universe, 'acting') : poolFor(universe, from));
        if (taken.has(person)) continue;
        taken.add(person);
        entries.push({
          person,
          jobs: jobsFor(rng, department),
          episodes: episodes(department === 'created by'),
        });
        k++;
      }
      if (department === 'directing') director = entries[0]?.person;
      if (department === 'writing' && director !== undefined && !taken.has(director) && rng.chance(0.15)) {
        // A writer-director: the same person in two departments of one title.
        entries.push({ person: director, jobs: ['Screenplay'], episodes: episodes(false) });
      }
      if (entries.length > 0 && rng.chance(0.02)) {
        const copy = entries[rng.int(entries.length)]!;
        entries.push({ ...copy, jobs: [...copy.jobs] });
      }
      if (entries.length > 0) crew.push([department, entries]);
    }
  }
  return { cast, crew };
}
