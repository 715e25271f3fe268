/**
 * The HTTP front: one request goes through the checks in the order the real
 * stack applies them. The edge (Cloudflare) first: the User-Agent block,
 * 5xx bursts, resets and the 1015 ban. Then the API: rate budget (every
 * response carries X-Ratelimit from here on), content type, API key and
 * version, bearer token, the route, and the response faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cloudflarePage, maintenancePage } from './html.ts';
import type { Json } from './media-json.ts';
import { hash32 } from './prng.ts';
import { retryAfter } from './rate-limit.ts';
import type { Router } from './router.ts';
import { oauth } from './routes/oauth.ts';
import type { Ctx, Reply, RequestLogEntry, SimState } from './state.ts';

export interface ServerOptions {
  latencyMs: number;
  seed: number;
}

type Control = (req: IncomingMessage, res: ServerResponse, path: string, body: string) => void;

const FIVE_XX = [502, 503, 504, 520, 521, 522];
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=UTF-8';

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Everything a response needs once decided. */
interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: string;
  truncate?: boolean;
  delayMs?: number;
}

export class Front {
  /** Timers of slow responses and latency, cleared on close. */
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly s: SimState,
    private readonly router: Router,
    private readonly options: ServerOptions,
    private readonly control: Control,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
    if (path === '/_sim' || path.startsWith('/_sim/')) {
      this.control(req, res, path, body);
      return;
    }
    const s = this.s;
    const counter = ++s.counter;
    s.faults.requests++;
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const token = bearer(req.headers.authorization);
    const entry: RequestLogEntry = { method, path, query, status: 0, at: s.clock() };
    if (token) entry.token = token.slice(0, 6);
    s.log.push(entry);
    const out = this.decide(req, { method, path, query, token, body, counter, entry, search: url.search });
    if (!out) return;
    if (!path.startsWith('/oauth/') && s.faults.roll('slow', counter)) {
      // A stall anywhere between client and origin: any answer can be late.
      entry.fault = 'slow';
      out.delayMs = s.faults.active('slow')?.ms ?? 35_000;
    }
    entry.status = out.status;
    this.send(res, out);
  }

  private decide(
    req: IncomingMessage,
    r: {
      method: string;
      path: string;
      query: Record<string, string>;
      token: string | undefined;
      body: string;
      counter: number;
      entry: RequestLogEntry;
      search: string;
    },
  ): Outgoing | undefined {
    const s = this.s;
    const { entry, counter } = r;
    const now = s.clock();
    const ray = hash32(this.options.seed, counter).toString(16).padStart(8, '0');
    if (!req.headers['user-agent']) {
      // Cloudflare blocks requests without a User-Agent before Trakt sees them.
      return html(403, cloudflarePage(403, ray));
    }
    const isWrite = r.method !== 'GET' && r.method !== 'HEAD';
    const jsonBody =
      isWrite && (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
    let parsed: Record<string, unknown> = {};
    if (isWrite && r.body.trim() !== '') {
      try {
        const value: unknown = JSON.parse(r.body);
        if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
      } catch {
        if (jsonBody)
          return json(400, { error: 'bad_request', error_description: 'The request body is not JSON.' });
      }
    }

    if (r.path.startsWith('/oauth/')) {
      // docs/trakt-api.md §2 status 412: POSTs must be application/json.
      if (isWrite && !jsonBody) return json(412, precondition());
      const reply = oauth(s, r.method, r.path, r.query, parsed);
      return fromReply(reply, {});
    }

    // ---- the edge: faults Cloudflare would produce, before any budget is spent
    const faults = s.faults;
    if (faults.bannedUntil > now || faults.roll('html429', counter)) {
      const ms = faults.active('html429')?.ms ?? 300_000;
      if (faults.bannedUntil <= now) faults.bannedUntil = now + ms;
      entry.rateLimited = 'fault';
      entry.fault = 'html429';
      // docs/trakt-api.md §2: Cloudflare's 1015 page, Retry-After in seconds, no X-Ratelimit (#909, #922).
      return html(429, cloudflarePage(429, ray), {
        'Retry-After': String(retryAfter(faults.bannedUntil - now)),
      });
    }
    const burstKey = `${r.method} ${r.path}${r.search}`;
    const left = faults.bursts.get(burstKey) ?? 0;
    if (left > 0 || faults.roll('http5xx', counter)) {
      const burst = faults.active('http5xx')?.burst ?? 1;
      faults.bursts.set(burstKey, left > 0 ? left - 1 : burst - 1);
      const status = FIVE_XX[Math.floor(faults.choice(counter, 1) * FIVE_XX.length)]!;
      entry.fault = 'http5xx';
      return html(status, cloudflarePage(status, ray));
    }
    if (faults.roll('reset', counter)) {
      entry.fault = 'reset';
      entry.status = 0;
      req.socket.resetAndDestroy();
      return undefined;
    }

    // ---- the budget: every response from here on carries X-Ratelimit
    const known = s.auth.known(r.token);
    // The token's owner: the main account, or the second (empty) one of migration tests.
    const owner = s.accountOf(r.token);
    const apiKey = header(req, 'trakt-api-key');
    const subject = known ? `user:${owner.account.profile.slug}` : `app:${apiKey ?? ''}`;
    const verdict = s.limiter.take(subject, isWrite ? 'write' : 'get', known, now);
    const base = { 'X-Ratelimit': verdict.header };
    if (!verdict.ok) {
      entry.rateLimited = verdict.reason!;
      return json(
        429,
        { error: 'rate_limit_exceeded', error_description: 'Rate Limit Exceeded' },
        {
          ...base,
          'Retry-After': String(verdict.retryAfter),
        },
      );
    }
    if (isWrite && !jsonBody) return json(412, precondition(), base);
    if (apiKey !== s.clientId) {
      return json(403, { error: 'forbidden', error_description: 'Invalid API key or unapproved app.' }, base);
    }
    if (header(req, 'trakt-api-version') !== '2') {
      return json(
        400,
        { error: 'bad_request', error_description: 'The trakt-api-version header must be 2.' },
        base,
      );
    }
    const match = this.router.match(r.method, r.path.split('/').filter(Boolean));
    if ('status' in match) {
      return json(match.status, { error: match.status === 404 ? 'not_found' : 'method_not_allowed' }, base);
    }
    const gone = s.quirks.unavailable(r.path);
    if (gone !== undefined) {
      entry.quirk = `${gone}`;
      return json(gone, { error: gone === 404 ? 'not_found' : 'method_not_allowed' }, base);
    }

    // ---- account-level answers that need no route logic
    if (faults.roll('json429', counter)) {
      // docs/trakt-api.md §2: a security system's 429 carries Retry-After but no X-Ratelimit and trips no budget.
      entry.rateLimited = 'fault';
      entry.fault = 'json429';
      const ms = faults.active('json429')?.ms ?? 10_000;
      return json(
        429,
        { error: 'rate_limit_exceeded', error_description: 'Too many requests.' },
        {
          'Retry-After': String(retryAfter(ms)),
        },
      );
    }
    for (const code of ['420', '423', '426'] as const) {
      if (faults.roll(code, counter)) {
        entry.fault = code;
        return accountLimit(code, base);
      }
    }
    if (faults.rollExpire(counter)) s.auth.expireAll();

    const { route, params } = match;
    const state = s.auth.state(r.token);
    const user = params['user'];
    const other = route.otherUsers === true && owner.account.others.some((o) => o.slug === user);
    if (user !== undefined && user !== 'me' && user !== owner.account.profile.slug && !other) {
      return json(404, { error: 'not_found', error_description: 'User not found.' }, base);
    }
    const needsToken =
      route.auth === 'required' ||
      (route.auth === 'user' && (user === 'me' || owner.account.profile.private));
    // A token that is sent must be good even where none is needed.
    if ((needsToken || state !== 'missing') && state !== 'valid') return unauthorized(state, base);

    // ---- the route, with the faults that change what it returns
    const extended = new Set((r.query['extended'] ?? '').split(',').filter(Boolean));
    const paging = (Number(r.query['page']) || 1) > 1;
    if (paging && route.pattern.includes('/history') && faults.roll('drift', counter)) {
      s.drift(counter);
      entry.fault = 'drift';
    }
    const ctx: Ctx = {
      s: owner,
      method: r.method,
      path: r.path,
      params,
      query: r.query,
      extended,
      full: extended.has('full'),
      shuffleSeed: null,
      body: parsed,
    };
    const unpaged = s.quirks.unpaged(r.path);
    if (unpaged !== undefined) ctx.unpaged = unpaged;
    if (faults.active('dupes') && faults.roll('dupes', counter)) {
      ctx.shuffleSeed = hash32(this.options.seed, counter, 77);
      entry.fault ??= 'dupes';
    }
    const reply = route.handle(ctx);
    const items = Array.isArray(reply.body) ? (reply.body as Json[]) : undefined;
    if (items) {
      s.quirks.items(r.path, items);
      entry.items = items.length;
    }
    if (items && items.length > 0) {
      if (faults.roll('unknownField', counter)) {
        for (const item of items) item['sync_source'] = { name: 'plex', version: 3 };
        entry.fault ??= 'unknownField';
      }
      if (reply.required && faults.roll('missingField', counter)) {
        const victim = items[Math.floor(faults.choice(counter, 2) * items.length)]!;
        delete victim[reply.required];
        entry.fault ??= 'missingField';
      }
    }
    const out = fromReply(reply, base);
    // 201 too: a write's answer can be lost after the write was applied.
    if (reply.status === 200 || reply.status === 201) {
      if (faults.roll('html', counter)) {
        entry.fault = 'html';
        return { status: 200, headers: { ...base, 'Content-Type': HTML_TYPE }, body: maintenancePage() };
      }
      if (faults.roll('truncate', counter)) {
        entry.fault = 'truncate';
        out.truncate = true;
      }
    }
    return out;
  }

  private send(res: ServerResponse, out: Outgoing): void {
    const delay = (out.delayMs ?? 0) + this.options.latencyMs;
    const write = () => {
      if (res.destroyed || res.writableEnded) return;
      const buffer = Buffer.from(out.body, 'utf8');
      res.writeHead(out.status, { ...out.headers, 'Content-Length': String(buffer.length) });
      if (out.truncate) {
        // The full Content-Length, half the bytes, then the connection drops.
        const socket = res.socket;
        res.write(buffer.subarray(0, Math.floor(buffer.length / 2)), () => socket?.destroy());
        return;
      }
      res.end(buffer);
    };
    if (delay <= 0) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, delay);
    this.timers.add(timer);
  }
}

function bearer(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(value.trim());
  return m ? m[1]!.trim() : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Outgoing {
  return { status, headers: { ...headers, 'Content-Type': JSON_TYPE }, body: JSON.stringify(body) };
}

function html(status: number, body: string, headers: Record<string, string> = {}): Outgoing {
  return { status, headers: { ...headers, 'Content-Type': HTML_TYPE }, body };
}

function fromReply(reply: Reply, base: Record<string, string>): Outgoing {
  const headers = { ...base, ...reply.headers };
  if (reply.body === undefined) return { status: reply.status, headers, body: '' };
  return json(reply.status, reply.body, headers);
}

function precondition() {
  return { error: 'precondition_failed', error_description: 'Use the application/json content type.' };
}

function unauthorized(state: string, base: Record<string, string>): Outgoing {
  const description =
    state === 'missing'
      ? 'OAuth must be provided.'
      : state === 'expired'
        ? 'The access token expired.'
        : state === 'revoked'
          ? 'The access token was revoked.'
          : 'The access token is invalid.';
  return json(
    401,
    { error: 'invalid_token', error_description: description },
    {
      ...base,
      'WWW-Authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${description}"`,
    },
  );
}

/** docs/trakt-api.md §2: 420 (limit, X-Account-Limit family), 423 (locked account), 426 (VIP only). */
function accountLimit(code: '420' | '423' | '426', base: Record<string, string>): Outgoing {
  if (code === '420') {
    return json(
      420,
      { error: 'account_limit_exceeded' },
      {
        ...base,
        'X-Upgrade-URL': 'https://trakt.tv/vip',
        'X-VIP-User': 'true',
        'X-Account-Limit': '5000',
      },
    );
  }
  if (code === '423') {
    return json(
      423,
      { error: 'account_locked' },
      { ...base, 'X-Account-Locked': 'true', 'X-Account-Deactivated': 'false' },
    );
  }
  return json(426, { error: 'vip_only' }, { ...base, 'X-Upgrade-URL': 'https://trakt.tv/vip' });
}
