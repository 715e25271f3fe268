/**
 * Colours. Categories use the Okabe-Ito palette (Okabe & Ito, "Color
 * Universal Design", 2008), chosen to stay distinct for the common forms of
 * colour blindness and readable on both the light and the dark background.
 * Intensity (calendar, weekday by hour) uses five CSS-themed levels taken
 * from viridis, whose lightness rises monotonically; see styles.ts.
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export const MEDIA_COLORS: Record<string, string> = {
  movie: OKABE_ITO.orange,
  show: OKABE_ITO.bluishGreen,
  season: OKABE_ITO.reddishPurple,
  episode: OKABE_ITO.skyBlue,
};

/** Intensity levels: 0 is a day or hour without plays, 1 to 4 rise with minutes watched. */
export const LEVELS = [0, 1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Fills written into the SVG for each level: the light scheme's, so the
 * chart reads even where the stylesheet is stripped; styles.ts sets both
 * schemes' colours over them.
 */
export const LEVEL_FILLS: Record<Level, string> = {
  0: '#ebedf0',
  1: '#b5de2b',
  2: '#35b779',
  3: '#26828e',
  4: '#3e4989',
};
