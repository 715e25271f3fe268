import type { MediaTable, TableName } from '../normalize/rows.ts';

/** Tables that mirror the account (everything but the media tables). */
export type MirrorTableName = Exclude<TableName, MediaTable>;
