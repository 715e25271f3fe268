import { TraktdbError } from '../errors.ts';

/**
 * A Trakt response item that cannot be turned into rows: a required field is
 * missing, an id is not a safe integer, a timestamp does not parse, a `type`
 * is one traktdb does not know. Exit code 1 (the response is archived as
 * received, so nothing is lost; the run stops rather than guess).
 */
export class ShapeError extends TraktdbError {
  /** The dotted path of the offending field, e.g. `episode.ids.trakt`. */
  readonly field: string | undefined;

  constructor(message: string, options: { cause?: unknown; detail?: string; field?: string } = {}) {
    super(message, options);
    this.field = options.field;
  }
}
