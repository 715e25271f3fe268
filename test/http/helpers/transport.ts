import type { Clock } from '../../../src/clock.ts';

export interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  at: number;
  signal: AbortSignal | undefined;
}

export type Reply =
  | Response
  | Error
  | Promise<Response>
  | ((call: Call) => Response | Error | Promise<Response>);

/**
 * A fetch that answers from a script: each call takes the next reply (or the
 * route's, when one is given), and records what was sent and when.
 */
export class ScriptedTransport {
  readonly calls: Call[] = [];
  readonly #queue: Reply[] = [];
  #fallback: ((call: Call) => Reply) | undefined;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Appends replies, used in order. */
  reply(...replies: Reply[]): this {
    this.#queue.push(...replies);
    return this;
  }

  /** Answers every call the queue does not cover. */
  otherwise(route: (call: Call) => Reply): this {
    this.#fallback = route;
    return this;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      at: this.#clock.now(),
      signal: init?.signal ?? undefined,
    };
    this.calls.push(call);
    const reply = this.#queue.shift() ?? this.#fallback?.(call);
    if (reply === undefined) throw new Error(`no scripted reply for ${call.method} ${call.url}`);
    const value = typeof reply === 'function' ? await reply(call) : await reply;
    if (value instanceof Error) throw value;
    return value;
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

export const CLOUDFLARE_1015 =
  '<!DOCTYPE html><html><head><title>Access denied | api.trakt.tv used Cloudflare to restrict access</title></head>' +
  '<body><h1>Error 1015</h1><p>You are being rate limited. The owner of this website has banned you temporarily.</p></body></html>';

export function html(status: number, body = CLOUDFLARE_1015, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=UTF-8', ...headers } });
}

/** What undici throws when the peer resets the connection. */
export function reset(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  });
}

/** Never answers; rejects when the request's signal aborts (the client's timeout). */
export function hang(call: Call): Promise<Response> {
  return new Promise<Response>((_resolve, reject) => {
    const signal = call.signal;
    if (signal === undefined) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export function rateLimitHeader(value: {
  limit: number;
  remaining: number;
  until: number;
  name?: string;
  period?: number;
}): Record<string, string> {
  return {
    'x-ratelimit': JSON.stringify({
      name: value.name ?? 'AUTHED_API_GET_LIMIT',
      period: value.period ?? 300,
      limit: value.limit,
      remaining: value.remaining,
      until: new Date(value.until).toISOString(),
    }),
  };
}
