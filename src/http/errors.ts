import { AuthError, ExitCode, TraktdbError } from '../errors.ts';

/**
 * Typed failures of a Trakt request. Every message names the method and the
 * path (query included, secrets never: see redact.ts) and says what to do,
 * e.g. `GET /sync/history failed: Trakt rejected the API key (403). Check
 * --client-id / TRAKT_CLIENT_ID.`
 */
export interface RequestRef {
  method: string;
  /** Path and query without secrets. */
  path: string;
}

interface ErrorOptions {
  cause?: unknown;
  detail?: string;
}

function sentence(ref: RequestRef, what: string, todo: string): string {
  return `${ref.method} ${ref.path} failed: ${what}. ${todo}`;
}

/** Any HTTP status Trakt answered that we cannot use; exit 1. */
export class HttpError extends TraktdbError {
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;

  constructor(message: string, ref: RequestRef & { status?: number }, options: ErrorOptions = {}) {
    super(message, options);
    this.status = ref.status;
    this.method = ref.method;
    this.path = ref.path;
  }

  static for(ref: RequestRef, status: number, explanation: string | undefined, options: ErrorOptions = {}) {
    const what = `Trakt answered ${status}${explanation ? ` (${explanation})` : ''}`;
    return new HttpError(
      sentence(ref, what, STATUS_ADVICE[status] ?? 'Run again with --verbose for details.'),
      { ...ref, status },
      options,
    );
  }
}

// docs/trakt-api.md §2 "Status codes" (Apiary text) for the codes without a class of their own.
const STATUS_ADVICE: Record<number, string> = {
  400: 'The request could not be parsed; this is a traktdb bug, please report it.',
  405: 'Trakt has no such method; this is a traktdb bug, please report it.',
  409: 'The resource already exists.',
  412: 'Trakt wants the application/json content type; this is a traktdb bug, please report it.',
  422: 'Trakt rejected the request as invalid.',
};

/** 403: invalid API key or unapproved app. Exit 3: the app's credentials were refused. */
export class ApiKeyError extends HttpError {
  override readonly exitCode = ExitCode.auth;

  constructor(ref: RequestRef, options: ErrorOptions = {}) {
    super(
      sentence(ref, 'Trakt rejected the API key (403)', 'Check --client-id / TRAKT_CLIENT_ID.'),
      { ...ref, status: 403 },
      options,
    );
  }
}

/** 420: an account limit (list count, items per list...) is exceeded (docs/trakt-api.md §2, §5). */
export class AccountLimitError extends HttpError {
  readonly accountLimit: string | undefined;
  readonly vip: boolean | undefined;
  readonly upgradeUrl: string | undefined;

  constructor(ref: RequestRef, headers: Headers, options: ErrorOptions = {}) {
    const accountLimit = headers.get('x-account-limit') ?? undefined;
    const vipHeader = headers.get('x-vip-user');
    const vip = vipHeader === null ? undefined : vipHeader.trim().toLowerCase() === 'true';
    const upgradeUrl = headers.get('x-upgrade-url') ?? undefined;
    const facts = [
      accountLimit === undefined ? undefined : `limit ${accountLimit}`,
      vip === undefined ? undefined : `VIP: ${vip ? 'yes' : 'no'}`,
    ].filter((x) => x !== undefined);
    const what = `Trakt says the account limit is exceeded (420${facts.length ? `; ${facts.join(', ')}` : ''})`;
    const todo = vip
      ? 'Remove some items on trakt.tv and run again.'
      : `Remove some items on trakt.tv, or upgrade to VIP${upgradeUrl ? ` at ${upgradeUrl}` : ''}, and run again.`;
    super(sentence(ref, what, todo), { ...ref, status: 420 }, options);
    this.accountLimit = accountLimit;
    this.vip = vip;
    this.upgradeUrl = upgradeUrl;
  }
}

/**
 * 423: the account is locked or deactivated and API access is suspended (docs/trakt-api.md §2, D-lock).
 * Exit 3: access to the account was refused.
 */
export class AccountLockedError extends HttpError {
  override readonly exitCode = ExitCode.auth;
  readonly locked: boolean;
  readonly deactivated: boolean;

  constructor(ref: RequestRef, headers: Headers, options: ErrorOptions = {}) {
    const locked = headers.get('x-account-locked')?.trim().toLowerCase() === 'true';
    const deactivated = headers.get('x-account-deactivated')?.trim().toLowerCase() === 'true';
    const state = deactivated ? 'deactivated' : locked ? 'locked' : 'locked or deactivated';
    super(
      sentence(
        ref,
        `the Trakt account is ${state} and its API access is suspended (423; X-Account-Locked: ${locked}, X-Account-Deactivated: ${deactivated})`,
        'Sign in at trakt.tv to see why, or contact Trakt support.',
      ),
      { ...ref, status: 423 },
      options,
    );
    this.locked = locked;
    this.deactivated = deactivated;
  }
}

/** 426: the method is for VIP accounts only (docs/trakt-api.md §2). */
export class VipOnlyError extends HttpError {
  readonly upgradeUrl: string | undefined;

  constructor(ref: RequestRef, headers: Headers, options: ErrorOptions = {}) {
    const upgradeUrl = headers.get('x-upgrade-url') ?? undefined;
    super(
      sentence(
        ref,
        'Trakt says this needs a VIP account (426)',
        `Upgrade at ${upgradeUrl ?? 'https://trakt.tv/vip'} or leave this resource out.`,
      ),
      { ...ref, status: 426 },
      options,
    );
    this.upgradeUrl = upgradeUrl;
  }
}

/** 404: the method exists but the record does not. */
export class NotFoundError extends HttpError {
  constructor(ref: RequestRef, options: ErrorOptions = {}) {
    super(
      sentence(
        ref,
        'Trakt found no such record (404)',
        'Check the user slug (--user) or the id, and that it is not private.',
      ),
      { ...ref, status: 404 },
      options,
    );
  }
}

/**
 * A write (POST, PUT, DELETE on the API host) whose outcome is unknown: the
 * request may have reached Trakt, but no usable answer came back (a reset or
 * timeout after the body was sent, a 5xx from an edge that may have passed
 * it on, a 2xx whose body was cut short). Never retried by the client:
 * posting a play again would add it twice (Trakt does not deduplicate
 * history, docs/trakt-api.md §3); the caller settles it by reading the
 * account again. Exit 1.
 */
export class WriteOutcomeUnknownError extends HttpError {
  readonly reason: string;

  constructor(ref: RequestRef & { status?: number }, reason: string, options: ErrorOptions = {}) {
    super(
      sentence(
        ref,
        `no usable answer came back (${reason}), so Trakt may or may not have applied it`,
        'traktdb does not send a write twice; read the account (run the command again) to see what it holds.',
      ),
      ref,
      options,
    );
    this.reason = reason;
  }
}

/** 429 that persisted through every retry. */
export class RateLimitedError extends HttpError {
  constructor(ref: RequestRef, attempts: number, options: ErrorOptions = {}) {
    super(
      sentence(
        ref,
        `Trakt still answered 429 (rate limited) after ${attempts} attempts`,
        'Wait five minutes and run again; if it repeats, lower --rate-limit.',
      ),
      { ...ref, status: 429 },
      options,
    );
  }
}

/** 5xx (500, 502-504, 520-522) that persisted through every retry. */
export class ServerError extends HttpError {
  constructor(ref: RequestRef, status: number, attempts: number, options: ErrorOptions = {}) {
    const why =
      status >= 520 ? 'a Cloudflare error' : status === 500 ? 'a server error' : 'Trakt is overloaded';
    super(
      sentence(ref, `Trakt answered ${status} (${why}) after ${attempts} attempts`, 'Try again later.'),
      { ...ref, status },
      options,
    );
  }
}

/** HTML, or a body that is not JSON (cut short, garbled), where JSON was expected. */
export class NotJsonError extends HttpError {
  readonly html: boolean;

  constructor(
    ref: RequestRef & { status: number },
    html: boolean,
    attempts: number,
    options: ErrorOptions & { reason?: string } = {},
  ) {
    const what = html
      ? `Trakt sent an HTML page where JSON was expected (Cloudflare?), ${attempts} times`
      : `Trakt sent a body that is not valid JSON (${options.reason ?? 'cut short?'}), ${attempts} times`;
    super(sentence(ref, what, 'Try again later.'), ref, options);
    this.html = html;
  }
}

/** Connection reset, refused, DNS failure or timeout that persisted through every retry. */
export class TransportError extends HttpError {
  readonly timedOut: boolean;

  constructor(
    ref: RequestRef,
    reason: string,
    timedOut: boolean,
    attempts: number,
    options: ErrorOptions = {},
  ) {
    const what = timedOut
      ? `no answer in time (${reason})`
      : reason === 'ENOTFOUND'
        ? 'the host name is unknown (ENOTFOUND)'
        : `the connection failed (${reason})`;
    super(
      sentence(
        ref,
        `${what}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
        'Check the network connection and --api-url, then try again.',
      ),
      ref,
      options,
    );
    this.timedOut = timedOut;
  }
}

/**
 * No token, a token Trakt refused, a refresh Trakt refused (invalid_grant), or
 * a device login that failed. Exit 3.
 */
export class TokenError extends AuthError {
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(
    message: string,
    ref: Partial<RequestRef> & { status?: number } = {},
    options: ErrorOptions = {},
  ) {
    super(message, options);
    this.status = ref.status;
    this.method = ref.method;
    this.path = ref.path;
  }

  static failed(
    ref: RequestRef & { status?: number },
    what: string,
    todo: string,
    options: ErrorOptions = {},
  ) {
    return new TokenError(sentence(ref, what, todo), ref, options);
  }
}

export const LOGIN_HINT = 'Run `traktdb auth login`.';

/**
 * The app's client id or secret is nowhere to be found (flag, environment,
 * config file, or what `auth login` stored). Exit 3 whatever the step: the
 * first request, a refresh days later in a scheduled run, or a logout.
 */
export class MissingCredentialsError extends AuthError {}

const STORE_HINT =
  'run `traktdb auth login` once with TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET set (it stores both for later runs)';

/** No client id, which every request carries (docs/trakt-api.md §1). */
export function missingClientId(): MissingCredentialsError {
  return new MissingCredentialsError(
    `No Trakt client id: ${STORE_HINT}, or set TRAKT_CLIENT_ID (--client-id).`,
  );
}

/** No client secret, which the device flow, every refresh and a logout post (docs/trakt-api.md §4). */
export function missingClientSecret(purpose: string): MissingCredentialsError {
  return new MissingCredentialsError(
    `No Trakt client secret (needed to ${purpose}): ${STORE_HINT}, or set TRAKT_CLIENT_SECRET.`,
  );
}

/** `auth login` itself: it is where the credentials come in. */
export function loginNeedsCredentials(missing: string): MissingCredentialsError {
  return new MissingCredentialsError(
    `\`traktdb auth login\` needs your Trakt API app's ${missing}: set TRAKT_CLIENT_ID (or --client-id) and TRAKT_CLIENT_SECRET, then run it again; it stores both next to the token for later runs.`,
  );
}
