import type { ReportRow } from '../reports/index.ts';
import { emptyFigure, figure } from './charts/figure.ts';
import type { ChartDocument } from './charts/plot.ts';
import { type RankedItem, rankedBars } from './charts/ranked-bars.ts';
import { isolate } from './escape.ts';
import { formatDuration, formatHours, plural } from './numbers.ts';
import { OKABE_ITO } from './palette.ts';
import { num, str } from './rows.ts';

/**
 * The charts of the credit-era reports (docs/credits.md): top-people,
 * networks and countries, for their own `--format html` pages and for the
 * year-in-review page's "who you watched" and "where it came from".
 */

/** What the page says where credits would be: how to get them. */
export const NO_CREDITS =
  'No credits in this database yet: run `traktdb sync --with credits` (one request per movie and show you played; docs/credits.md), then make this page again.';

interface Frame {
  id: string;
  title: string;
  note?: string;
  empty: string;
  color: string;
  axisLabel: string;
  integer?: boolean;
}

function bars(doc: ChartDocument, frame: Frame, items: readonly RankedItem[]): string {
  const { empty, color, axisLabel, integer, ...options } = frame;
  if (items.length === 0) return emptyFigure(options, empty);
  const svg = rankedBars(doc, items, {
    color,
    axisLabel,
    mark: `mark-bar mark-${frame.id}`,
    ...(integer === undefined ? {} : { integer }),
  });
  return figure(options, svg);
}

const DEPARTMENT_TITLES: Record<string, string> = {
  acting: 'Top actors',
  directing: 'Top directors',
  writing: 'Top writers',
  'created by': 'Top creators',
  production: 'Top producers',
};

/** top-people rows by plays; `department` names the chart. */
export function peopleFigure(
  doc: ChartDocument,
  rows: readonly ReportRow[],
  department: string,
  options: { note?: string; empty?: string } = {},
): string {
  const items = rows.map((r) => {
    const plays = num(r, 'plays');
    const name = isolate(str(r, 'name') ?? `person ${num(r, 'person_trakt_id')}`);
    const titles = num(r, 'titles');
    return {
      label: name,
      value: plays,
      text: `${plural(plays, 'play')} · ${plural(titles, 'title')}`,
      title: `${name}: ${plural(plays, 'play')} of ${plural(titles, 'title')}, ${formatDuration(num(r, 'minutes'))}`,
    };
  });
  return bars(
    doc,
    {
      id: `top-people-${department.replace(/[^a-z]+/g, '-')}`,
      title: DEPARTMENT_TITLES[department] ?? `Top people (${department})`,
      note:
        options.note ??
        `By plays: a play counts for each person credited in ${department} on its movie or show.`,
      empty: options.empty ?? NO_CREDITS,
      color: department === 'acting' ? OKABE_ITO.reddishPurple : OKABE_ITO.blue,
      axisLabel: 'plays',
      integer: true,
    },
    items,
  );
}

/** networks rows (hours), at most `limit` bars. */
export function networksFigure(doc: ChartDocument, rows: readonly ReportRow[], limit = 15): string {
  const shown = rows.slice(0, limit);
  const items = shown.map((r) => {
    const minutes = num(r, 'minutes');
    const network = str(r, 'network') ?? '(unknown)';
    return {
      label: network,
      value: minutes / 60,
      text: `${formatHours(minutes)} · ${plural(num(r, 'shows'), 'show')}`,
      title: `${network}: ${plural(num(r, 'plays'), 'episode play')}, ${formatDuration(minutes)}`,
    };
  });
  const more = rows.length > shown.length ? ` The ${shown.length} largest of ${rows.length}.` : '';
  return bars(
    doc,
    {
      id: 'networks',
      title: 'Networks',
      note: `Hours of episodes watched, by the show's network.${more}`,
      empty: 'No episodes watched.',
      color: OKABE_ITO.vermillion,
      axisLabel: 'hours watched',
    },
    items,
  );
}

/** countries rows (hours), at most `limit` bars. */
export function countriesFigure(doc: ChartDocument, rows: readonly ReportRow[], limit = 15): string {
  const shown = rows.slice(0, limit);
  const items = shown.map((r) => {
    const minutes = num(r, 'minutes');
    const country = str(r, 'country') ?? '(unknown)';
    return {
      label: country,
      value: minutes / 60,
      text: `${formatHours(minutes)} · ${plural(num(r, 'titles'), 'title')}`,
      title: `${country}: ${plural(num(r, 'plays'), 'play')}, ${formatDuration(minutes)}`,
    };
  });
  const more = rows.length > shown.length ? ` The ${shown.length} largest of ${rows.length}.` : '';
  return bars(
    doc,
    {
      id: 'countries',
      title: 'Countries',
      note: `Hours watched, by the movie's or show's country (Trakt's two-letter code).${more}`,
      empty: 'Nothing watched.',
      color: OKABE_ITO.skyBlue,
      axisLabel: 'hours watched',
    },
    items,
  );
}
