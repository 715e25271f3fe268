import type { OptionName } from './options.ts';

/**
 * Every report of DESIGN.md ("Report semantics" and the report table): its
 * name, the options it takes, its one-line description and its columns in
 * order. The SQL lives in `sql/reports/<model>.sql`.
 */
export interface ReportDefinition {
  name: string;
  model: string;
  description: string;
  options: readonly OptionName[];
  required: readonly OptionName[];
  columns: readonly string[];
}

function report(
  name: string,
  description: string,
  options: readonly OptionName[],
  columns: readonly string[],
  required: readonly OptionName[] = [],
): ReportDefinition {
  // Every report accepts --tz: local time is a property of the whole run.
  return {
    name,
    model: `rpt_${name.replaceAll('-', '_')}`,
    description,
    options: ['tz', ...options],
    required,
    columns,
  };
}

export const REPORTS: readonly ReportDefinition[] = [
  report(
    'watch-time',
    'Plays and minutes per local year, month, ISO week or day (estimated_minutes: runtime unknown, 42/90 assumed).',
    ['by', 'year'],
    [
      'period',
      'plays',
      'movie_plays',
      'episode_plays',
      'minutes',
      'estimated_minutes',
      'movie_minutes',
      'episode_minutes',
    ],
  ),
  report(
    'top-shows',
    'Shows by minutes watched, with episode plays, distinct episodes and first and last play.',
    ['year', 'limit'],
    [
      'show_trakt_id',
      'title',
      'episode_plays',
      'distinct_episodes',
      'minutes',
      'first_watched_at',
      'last_watched_at',
    ],
  ),
  report(
    'top-movies',
    'Movies by plays, then minutes, with the last play.',
    ['year', 'limit'],
    ['movie_trakt_id', 'title', 'year', 'plays', 'minutes', 'last_watched_at'],
  ),
  report(
    'genres',
    'Plays and minutes per genre; a play counts once for each genre of its movie or show.',
    ['year'],
    ['genre', 'plays', 'minutes'],
  ),
  report(
    'ratings',
    'How many movies, shows, seasons and episodes carry each rating.',
    [],
    ['media_type', 'rating', 'items'],
  ),
  report(
    'streaks',
    'Longest run of consecutive local days with a play, and the current run: the one ending on the latest day with a play.',
    ['year'],
    ['longest_days', 'longest_start', 'longest_end', 'current_days', 'current_start'],
  ),
  report(
    'heatmap',
    'Plays and minutes per local weekday (1 = Monday) and hour; cells without plays are left out.',
    ['year'],
    ['weekday', 'hour', 'plays', 'minutes'],
  ),
  report(
    'binges',
    'Runs of back-to-back episodes of one show, each within --gap-hours of the one before.',
    ['gap-hours', 'min-episodes'],
    ['show_trakt_id', 'title', 'started_at', 'ended_at', 'episodes', 'minutes'],
  ),
  report(
    'show-progress',
    'Distinct episodes watched against episodes aired, per show (specials left out).',
    [],
    ['show_trakt_id', 'title', 'aired_episodes', 'watched_episodes', 'percent', 'last_watched_at'],
  ),
  report(
    'rewatches',
    'Movies and episodes played more than once.',
    [],
    ['media_type', 'trakt_id', 'title', 'plays'],
  ),
  report(
    'duplicates',
    'Plays within --window-minutes after the previous play of the same item (flagged only, nothing deleted).',
    ['window-minutes'],
    ['history_id', 'duplicate_of', 'media_type', 'trakt_id', 'watched_at'],
  ),
  report(
    'year-in-review',
    'One local year in one row: totals, top show, movie and genre, longest streak and busiest day.',
    ['year'],
    [
      'year',
      'plays',
      'movie_plays',
      'episode_plays',
      'minutes',
      'distinct_movies',
      'distinct_shows',
      'top_show',
      'top_movie',
      'top_genre',
      'longest_streak_days',
      'busiest_day',
      'busiest_day_plays',
    ],
    ['year'],
  ),
  report(
    'verify',
    "Local totals against Trakt's own /users/{id}/stats (latest snapshot); difference = local - trakt.",
    [],
    ['metric', 'local', 'trakt', 'difference'],
  ),
];

export function findReport(name: string): ReportDefinition | undefined {
  return REPORTS.find((r) => r.name === name);
}
