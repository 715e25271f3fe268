/**
 * Every failure traktdb reports is one of these classes. Each carries the exit
 * code of the contract (docs/configuration.md, "Exit codes") and a message that says what
 * failed where (method + path, file, table) and, where possible, what to do.
 */

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  incomplete: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class TraktdbError extends Error {
  readonly exitCode: ExitCode = ExitCode.failure;
  /** Extra lines shown with --verbose. */
  readonly detail: string | undefined;

  constructor(message: string, options: { cause?: unknown; detail?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.detail = options.detail;
  }
}

/** Bad flags, bad option values, bad input files, a `query` that would write. */
export class UsageError extends TraktdbError {
  override readonly exitCode = ExitCode.usage;
}

/** No token and no way to get one, a revoked or expired refresh token. */
export class AuthError extends TraktdbError {
  override readonly exitCode = ExitCode.auth;
}

/** The run finished, but something could not be verified complete. */
export class IncompleteError extends TraktdbError {
  override readonly exitCode = ExitCode.incomplete;
}

/** The run was stopped by SIGINT or SIGTERM. */
export class InterruptedError extends TraktdbError {
  override readonly exitCode = ExitCode.failure;
}

/**
 * A file traktdb reads or writes went wrong: either the file given is not
 * what it should be (`badInput`: exit 2, as for any bad input) or the
 * machine failed us (exit 1).
 */
abstract class FileError extends TraktdbError {
  override readonly exitCode: ExitCode;

  constructor(message: string, options: { cause?: unknown; detail?: string; badInput?: boolean } = {}) {
    super(message, options);
    this.exitCode = options.badInput === true ? ExitCode.usage : ExitCode.failure;
  }
}

/** The database file is missing, corrupt, locked by another run, or of a newer schema. */
export class DatabaseError extends FileError {}

/** Another process holds the database's write lock; worth retrying when it finishes. */
export class DatabaseBusyError extends DatabaseError {}

/** The raw archive cannot be written or read. */
export class ArchiveError extends FileError {}

/** Why a file operation failed, in a few words a user can act on. */
export function fileFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return (error as Error).message;
}

/** The exit code for anything thrown; unknown errors are plain failures. */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof TraktdbError ? error.exitCode : ExitCode.failure;
}
