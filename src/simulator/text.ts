/**
 * Names for the generated media universe. Titles mix plain English with the strings
 * that break exporters: non-Latin scripts, emoji and astral characters,
 * combining marks, right-to-left text, and CSV hazards (commas, quotes,
 * newlines, leading `=`/`+`/`-`/`@`, semicolons, tabs).
 */
import type { Rng } from './prng.ts';

const ADJECTIVES = [
  'Silent',
  'Broken',
  'Golden',
  'Last',
  'Hidden',
  'Crimson',
  'Endless',
  'Lonely',
  'Electric',
  'Wild',
  'Frozen',
  'Burning',
  'Secret',
  'Lost',
  'Northern',
  'Midnight',
  'Paper',
  'Iron',
  'Velvet',
  'Hollow',
  'Distant',
  'Bright',
  'Quiet',
  'Savage',
  'Gentle',
  'Final',
  'Second',
  'Strange',
  'Little',
  'Great',
];
const NOUNS = [
  'River',
  'Empire',
  'Garden',
  'Signal',
  'Harbor',
  'Kingdom',
  'Mirror',
  'Station',
  'Horizon',
  'Circus',
  'Winter',
  'Machine',
  'Orchard',
  'Lighthouse',
  'Frontier',
  'Archive',
  'Island',
  'Canyon',
  'Citadel',
  'Voyage',
  'Detective',
  'Company',
  'Family',
  'Storm',
  'Witness',
  'Dynasty',
  'Protocol',
  'Season',
  'Theory',
  'Crossing',
];
const FIRST = [
  'Ava',
  'Noah',
  'Mia',
  'Liam',
  'Zoë',
  'Mateo',
  'Yuki',
  'Amara',
  'Søren',
  'Chloé',
  'Ravi',
  'Ingrid',
  'Omar',
  'Lucía',
  'Kenji',
  'Nadia',
  'Tomás',
  'Freya',
  'Dmitri',
  'Aaliyah',
];
const LAST = [
  'Hart',
  'Okafor',
  'Nakamura',
  'Lindqvist',
  "O'Brien",
  'García',
  'Kowalski',
  'Moreau',
  'Schmidt',
  'Patel',
  'Rossi',
  'Dubois',
  'Tanaka',
  'Haddad',
  'Novak',
  'Fischer',
  'Costa',
  'Andersen',
  'Ivanova',
  'Byrne',
];

/** Titles that must survive a round trip through every export format. */
export const HOSTILE_TITLES = [
  '千と千尋の神隠し',
  'Ame\u0301lie',
  '🎬 Popcorn Nights 🍿',
  'שלום, עולם',
  'عودة الحنين',
  'Comma, The',
  'He Said "Hello", Then Left',
  'Line One\nLine Two',
  '=HYPERLINK("http://example.com","click")',
  '+1 Plus One',
  '-Minus Sign',
  '@Handle',
  'Semi;colon;Story',
  'Tab\tSeparated',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 Ωmega',
  'Zoë & Chloé',
  'Family 👨‍👩‍👧 Road Trip',
  'Back\\slash',
  '"Quoted Entirely"',
  '기생충',
  'Crème Brûlée; or, "Dessert",\r\nPart 2',
] as const;

export const GENRES = [
  'action',
  'adventure',
  'animation',
  'anime',
  'comedy',
  'crime',
  'documentary',
  'drama',
  'family',
  'fantasy',
  'history',
  'horror',
  'music',
  'musical',
  'mystery',
  'romance',
  'science-fiction',
  'thriller',
  'war',
  'western',
  'superhero',
  'reality',
  'sporting-event',
] as const;

export const NETWORKS = [
  'HBO',
  'Netflix',
  'BBC One',
  'NHK',
  'AMC',
  'FX',
  'Apple TV+',
  'Prime Video',
  'Canal+',
  'tvN',
];
export const COUNTRIES = ['us', 'gb', 'jp', 'fr', 'de', 'kr', 'es', 'in', 'se', 'ca'];
export const LANGUAGES = ['en', 'en', 'ja', 'fr', 'de', 'ko', 'es', 'hi', 'sv', 'en'];

export function phrase(rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    case 1:
      return `${rng.pick(NOUNS)} of the ${rng.pick(NOUNS)}`;
    case 2:
      return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    default:
      return `${rng.pick(NOUNS)}`;
  }
}

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

export function sentence(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push((i % 2 === 0 ? rng.pick(ADJECTIVES) : rng.pick(NOUNS)).toLowerCase());
  }
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Trakt-style slug: ASCII lowercase words joined by dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Makes slugs unique within one kind of object, as Trakt does with a numeric suffix. */
export class SlugRegistry {
  private readonly used = new Set<string>();

  take(base: string, fallback: string): string {
    const root = base.length > 0 ? base : fallback;
    let slug = root;
    for (let n = 2; this.used.has(slug); n++) slug = `${root}-${n}`;
    this.used.add(slug);
    return slug;
  }
}

/** Names written in their own scripts, as Trakt sends them (TMDB's original names). */
const NATIVE_NAMES = [
  '山田 太郎',
  '佐藤 花子',
  '김민준',
  '이서연',
  'Дмитрий Иванов',
  'Анна Смирнова',
  'نور حداد',
  'يوسف الخطيب',
  'Γιώργος Παπαδόπουλος',
  'אורי כהן',
  'Nguyễn Văn An',
  'Þórunn Ásgeirsdóttir',
  'Łukasz Żółć',
  'Renée O\u0301 Dúnlaing',
  'D\'Arcy "Doc" McGee',
  'Jean-Luc Deschênes, Jr.',
];
const INITIALS = 'ABCDEFGHJKLMNPRSTW';

/** A name for the credit-only crowd: mostly Latin, some with a middle initial, some in other scripts. */
export function creditName(rng: Rng): string {
  const r = rng.next();
  if (r < 0.1) return rng.pick(NATIVE_NAMES);
  if (r < 0.3) return `${rng.pick(FIRST)} ${INITIALS.charAt(rng.int(INITIALS.length))}. ${rng.pick(LAST)}`;
  if (r < 0.32) return `${rng.pick(FIRST)} ${rng.pick(LAST)} 🎭`;
  return personName(rng);
}

export const BIRTHPLACES = [
  'Springfield',
  'Osaka, Japan',
  'Lyon, France',
  'Toronto, Canada',
  'Malmö',
  'Lagos',
  'São Paulo',
];

/** Trakt's crew departments (contract `_internal/response/crewPositionResponseSchema.ts`) and how common each is. */
const DEPARTMENT_WEIGHTS: [string, number][] = [
  ['acting', 0.55],
  ['directing', 0.06],
  ['writing', 0.07],
  ['production', 0.1],
  ['sound', 0.03],
  ['art', 0.04],
  ['camera', 0.03],
  ['crew', 0.04],
  ['costume & make-up', 0.03],
  ['visual effects', 0.03],
  ['lighting', 0.01],
  ['editing', 0.01],
];

/** A person's `known_for_department`. */
export function creditDepartment(rng: Rng): string {
  let r = rng.next();
  for (const [department, weight] of DEPARTMENT_WEIGHTS) {
    r -= weight;
    if (r < 0) return department;
  }
  return 'acting';
}

const HANDLES = ['film', 'tv', 'binge', 'reel', 'cine', 'watch', 'couch', 'late', 'night', 'pop'];

/** Another Trakt user: an ASCII username, a display name in any script (or none). */
export function userNames(rng: Rng, n: number): { username: string; name: string | null } {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const username = `${slugify(first).slice(0, 6)}_${rng.pick(HANDLES)}${n}`;
  const r = rng.next();
  const name =
    r < 0.06
      ? null
      : r < 0.2
        ? rng.pick(NATIVE_NAMES)
        : r < 0.25
          ? `${first} ✨ ${last}`
          : `${first} ${last}`;
  return { username, name };
}

const NICKNAMES = ['Ace', 'Doc', 'Red', 'Mouse', 'Tex', 'Boss', 'Kid'];

/** A character in a cast: plain names, roles, voices, and the strings that break exporters. */
export function characterName(rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) return personName(rng);
  if (r < 0.55) return rng.pick(FIRST);
  if (r < 0.6) return rng.pick(['Himself', 'Herself', 'Themselves']);
  if (r < 0.65) return `Dr. ${rng.pick(LAST)}`;
  if (r < 0.7) return `Young ${rng.pick(FIRST)}`;
  if (r < 0.74) return 'Narrator (voice)';
  if (r < 0.8) return rng.pick(NATIVE_NAMES);
  if (r < 0.85) return `${rng.pick(FIRST)} "${rng.pick(NICKNAMES)}" ${rng.pick(LAST)}`;
  if (r < 0.9) return `Guard #${rng.range(1, 4)}`;
  if (r < 0.93)
    return rng.pick(['Crowd, Extra', 'Bartender; Singer', '=Mirror Self', 'Alt\tEgo', 'Zoë (as Chloé)']);
  return `${rng.pick(FIRST)} (uncredited)`;
}
