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
