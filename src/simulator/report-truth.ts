/**
 * The expected rows of the three credit-era reports (docs/reports.md:
 * `top-people`, `networks`, `countries`), computed from the account as it is
 * now, for tests of the reports. Written from the rules, sharing nothing with
 * the SQL that implements them:
 *
 * - a play counts once for each distinct person credited in the department on
 *   its movie, or on its episode's show; `titles` is the number of distinct
 *   movies and shows watched with that person;
 * - `networks` counts episode plays by their show's network; `countries` every
 *   play by its movie's or its show's country; none is `(unknown)`;
 * - minutes: the episode's runtime, else its show's, else 42; the movie's,
 *   else 90;
 * - `year` keeps the plays of that local year (the account's zone unless `tz`);
 * - order: top-people plays desc, minutes desc, name, person_trakt_id;
 *   networks and countries minutes desc, then the name, strings compared by
 *   code point (as DuckDB's default collation does).
 *
 * A title whose `/people` answers 404, or that has no credits, credits nobody.
 */
import type { Account } from './account.ts';
import { type CreditKind, creditsOf } from './credits.ts';
import { MOVIE } from './plays.ts';
import { episodeMinutes, movieMinutes } from './universe.ts';
import { secToLocal, type Zone } from './zones.ts';

export type CreditReport = 'top-people' | 'networks' | 'countries';

export interface ReportTruthOptions {
  /** Local calendar year of the plays to count; all plays when absent. */
  year?: number;
  /** top-people: the department (`acting` by default), matched exactly. */
  department?: string;
  /** top-people: at most this many rows (default 20). */
  limit?: number;
  /** An IANA zone for `year`; default the account's. */
  tz?: string;
}

export type ReportRow = Record<string, string | number>;

const UNKNOWN = '(unknown)';
const SIMPLE_ZONES = new Set(['America/New_York', 'Europe/London', 'Asia/Tokyo']);

function yearIn(zone: string): (sec: number) => number {
  if (SIMPLE_ZONES.has(zone)) {
    return (sec) => new Date(secToLocal(zone as Zone, sec) * 1000).getUTCFullYear();
  }
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' });
  return (sec) => Number(format.format(new Date(sec * 1000)));
}

/** Code point order, as DuckDB compares VARCHARs by default. */
function byCodePoint(x: string, y: string): number {
  const a = [...x];
  const b = [...y];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i]!.codePointAt(0)! - b[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

interface Tally {
  plays: number;
  minutes: number;
  titles: Set<string>;
}

export function reportTruth(a: Account, name: CreditReport, options: ReportTruthOptions = {}): ReportRow[] {
  const universe = a.universe;
  const plays = a.plays;
  const localYear = yearIn(options.tz ?? String(a.profile.timezone));
  const tallies = new Map<string | number, Tally>();
  const tally = (key: string | number, minutes: number, title: string) => {
    let t = tallies.get(key);
    if (!t) {
      t = { plays: 0, minutes: 0, titles: new Set() };
      tallies.set(key, t);
    }
    t.plays++;
    t.minutes += minutes;
    t.titles.add(title);
  };
  const department = options.department ?? 'acting';
  const credited = new Map<string, number[]>();
  const peopleOf = (kind: CreditKind, idx: number): number[] => {
    const key = `${kind}:${idx}`;
    let people = credited.get(key);
    if (people === undefined) {
      const credits = creditsOf(universe, kind, idx);
      const found = new Set<number>();
      if (credits !== null) {
        if (department === 'acting') for (const c of credits.cast) found.add(c.person);
        for (const [d, entries] of credits.crew)
          if (d === department) for (const c of entries) found.add(c.person);
      }
      people = [...found];
      credited.set(key, people);
    }
    return people;
  };

  for (let p = 0; p < plays.length; p++) {
    if (options.year !== undefined && localYear(plays.watched[p]!) !== options.year) continue;
    const media = plays.media[p]!;
    const isMovie = plays.kind[p] === MOVIE;
    const kind: CreditKind = isMovie ? 'movie' : 'show';
    const idx = isMovie ? media : universe.episodes[media]!.show;
    const minutes = isMovie ? movieMinutes(universe, media) : episodeMinutes(universe, media);
    const title = `${kind}:${idx}`;
    if (name === 'top-people') {
      for (const person of peopleOf(kind, idx)) tally(person, minutes, title);
    } else if (name === 'networks') {
      if (!isMovie) tally(universe.shows[idx]!.network ?? UNKNOWN, minutes, title);
    } else {
      const country = isMovie ? universe.movies[idx]!.country : universe.shows[idx]!.country;
      tally(country ?? UNKNOWN, minutes, title);
    }
  }

  if (name === 'top-people') {
    return [...tallies]
      .map(([person, t]) => ({
        person_trakt_id: universe.people[person as number]!.trakt,
        name: universe.people[person as number]!.name,
        plays: t.plays,
        minutes: t.minutes,
        titles: t.titles.size,
      }))
      .sort(
        (x, y) =>
          y.plays - x.plays ||
          y.minutes - x.minutes ||
          byCodePoint(x.name, y.name) ||
          x.person_trakt_id - y.person_trakt_id,
      )
      .slice(0, options.limit ?? 20);
  }
  const column = name === 'networks' ? 'network' : 'country';
  const count = name === 'networks' ? 'shows' : 'titles';
  return [...tallies]
    .map(([key, t]) => ({
      [column]: key as string,
      plays: t.plays,
      minutes: t.minutes,
      [count]: t.titles.size,
    }))
    .sort(
      (x, y) =>
        (y['minutes'] as number) - (x['minutes'] as number) ||
        byCodePoint(x[column] as string, y[column] as string),
    );
}
