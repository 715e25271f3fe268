/** What an import reports: the files it loaded, those it did not and why, and the tables it changed. */

/** One logical file of the export (numbered parts together) that was loaded. */
export interface RecognizedFile {
  name: string;
  files: string[];
  table: string;
  rows: number;
}

/** One logical file that was not loaded, and why. */
export interface OtherFile {
  name: string;
  files: string[];
  reason: string;
}

export interface TableImport {
  /** Rows the export holds for the table. */
  rows: number;
  inserted: number;
  updated: number;
}

export interface ImportSummary {
  runId: number;
  status: 'succeeded' | 'incomplete';
  source: string;
  /** Every file of the export, JSON or not. */
  files: number;
  recognized: RecognizedFile[];
  /** Known files deliberately not loaded (no table for them, empty, bookkeeping). */
  skipped: OtherFile[];
  /** Files no rule recognized: the import is incomplete (exit 4). */
  unrecognized: OtherFile[];
  /** Mirror tables the export loaded into. */
  tables: Record<string, TableImport>;
  /** Media rows (movies, shows, seasons, episodes, people) inserted or updated. */
  mediaChanged: number;
}
