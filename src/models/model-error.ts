import { TraktdbError } from '../errors.ts';

/** A model file is malformed, its dependencies form a cycle, or building it failed. */
export class ModelError extends TraktdbError {}
