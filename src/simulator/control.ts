/**
 * The /_sim/* control routes (a prefix Trakt never uses): ground truth,
 * request log, faults, token expiry, mutations and device approval over
 * HTTP, for tests and tools that run the simulator in another process.
 * No headers, no rate limit, no faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateFaults } from './faults.ts';
import type { Simulator } from './handle.ts';
import type { Mutations } from './mutations.ts';
import type { CreditReport } from './report-truth.ts';

/** Named arguments of each mutation, in call order; `args: [...]` may be sent instead. */
const MUTATION_ARGS: Record<keyof Mutations, (b: Record<string, unknown>) => unknown[]> = {
  addPlays: (b) => [b['n'], pick(b, ['at', 'backdated', 'media', 'traktId'])],
  removePlays: (b) => [b['ids'] ?? { count: b['count'] }],
  rate: (b) => [b['mediaType'], b['traktId'], b['rating']],
  unrate: (b) => [b['mediaType'], b['traktId']],
  watchlistAdd: (b) => [b['mediaType'], b['traktId']],
  watchlistRemove: (b) => [b['ids'] ?? b['listItemIds'] ?? { count: b['count'] }],
  favoritesAdd: (b) => [b['mediaType'], b['traktId']],
  favoritesRemove: (b) => [b['ids'] ?? b['listItemIds'] ?? { count: b['count'] }],
  listCreate: (b) => [b['name']],
  listDelete: (b) => [b['listId']],
  listAddItems: (b) => [b['listId'], b['count']],
  listRemoveItems: (b) => [b['listId'], b['count']],
  playbackSet: (b) => [b['mediaType'], b['traktId'], b['progress']],
  playbackRemove: (b) => [b['playbackId']],
  collect: (b) => [b['mediaType'], b['traktId']],
  uncollect: (b) => [b['mediaType'], b['traktId']],
  hide: (b) => [b['section'], b['mediaType'], b['traktId']],
  unhide: (b) => [b['section'], b['mediaType'], b['traktId']],
  comment: (b) => [b['mediaType'], b['traktId'], b['body'], pick(b, ['spoiler', 'review'])],
  like: (b) => [b['kind'], b['id']],
  unlike: (b) => [b['kind'], b['id']],
  note: (b) => [b['mediaType'], b['traktId'], b['body'], pick(b, ['privacy', 'spoiler'])],
  changeSettings: (b) => [pick(b, ['timezone', 'dateFormat', 'time24hr'])],
  follow: (b) => [b['slug']],
  unfollow: (b) => [b['slug']],
  loseFollower: (b) => [b['slug']],
  followRequest: (b) => [b['slug']],
  acceptRequest: (b) => [b['requestId'] ?? b['id']],
  requestToFollow: (b) => [b['slug']],
  savedFilterEdit: (b) => [b['filterId'] ?? b['id'], pick(b, ['name', 'path', 'query'])],
  savedFilterAdd: (b) => [b['section'], b['name'], b['path'], b['query']],
  savedFilterRemove: (b) => [b['filterId'] ?? b['id']],
  collaborationAddItems: (b) => [b['listId'], b['count']],
  collaborationRemoveItems: (b) => [b['listId'], b['count']],
};

function pick(b: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => b[k] !== undefined).map((k) => [k, b[k]]));
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

type Answer = [status: number, body?: unknown];

function answer(
  sim: Simulator,
  route: string,
  body: Record<string, unknown>,
  query: URLSearchParams,
): Answer {
  // `?account=second` (or `"account": "second"` in a body) picks the second, empty account.
  const second = query.get('account') === 'second' || body['account'] === 'second';
  switch (route) {
    case 'GET /_sim/truth': {
      // `?credits=true`: the truth of an exporter that also fetched credits.
      const options = { credits: query.get('credits') === 'true' };
      return [200, second ? sim.second.truth(options) : sim.truth(options)];
    }
    case 'GET /_sim/reports/top-people':
    case 'GET /_sim/reports/networks':
    case 'GET /_sim/reports/countries': {
      const year = query.get('year');
      const limit = query.get('limit');
      const department = query.get('department');
      const tz = query.get('tz');
      return [
        200,
        sim.reportTruth(route.slice('GET /_sim/reports/'.length) as CreditReport, {
          ...(year === null ? {} : { year: Number(year) }),
          ...(limit === null ? {} : { limit: Number(limit) }),
          ...(department === null ? {} : { department }),
          ...(tz === null ? {} : { tz }),
        }),
      ];
    }
    case 'GET /_sim/limits':
      return [200, second ? sim.second.limits() : sim.limits()];
    case 'POST /_sim/limits': {
      const { account: _account, ...changes } = body;
      (second ? sim.second : sim).setLimits(changes);
      return [200, second ? sim.second.limits() : sim.limits()];
    }
    case 'POST /_sim/forget':
      sim.forget(String(body['mediaType']) as never, Number(body['traktId']));
      return [204];
    case 'GET /_sim/requests':
      return [200, sim.requests()];
    case 'POST /_sim/requests/clear':
      sim.clearRequests();
      return [204];
    case 'POST /_sim/faults':
      sim.setFaults(validateFaults(body));
      return [204];
    case 'GET /_sim/quirks':
      return [200, { quirks: sim.quirks() }];
    case 'POST /_sim/quirks': {
      // `{"quirks": "notes-404,extra-fields"}` or a list; [] or "" follows the contract again.
      const list = body['quirks'];
      if (typeof list !== 'string' && !(Array.isArray(list) && list.every((q) => typeof q === 'string'))) {
        return [400, { error: 'quirks must be a comma-separated string or a list of names' }];
      }
      sim.setQuirks(list as string | string[]);
      return [200, { quirks: sim.quirks() }];
    }
    case 'POST /_sim/expire-tokens':
      sim.expireAccessTokens();
      return [204];
    case 'POST /_sim/device/approve':
    case 'POST /_sim/device/deny': {
      const code = String(body['user_code'] ?? '');
      const approve = route.endsWith('approve');
      const done = approve ? sim.device.approve(code) : sim.device.deny(code);
      // A body, so a person trying it with curl sees that something happened, and what.
      if (!done) return [404, { error: `no pending device code ${code}` }];
      return [
        200,
        {
          user_code: code,
          state: approve ? 'approved' : 'denied',
          message: approve
            ? 'Approved: the next poll of POST /oauth/device/token answers with a token.'
            : 'Denied: the next poll of POST /oauth/device/token answers 418.',
        },
      ];
    }
    case 'POST /_sim/mutate': {
      const op = String(body['op'] ?? '') as keyof Mutations;
      if (!Object.hasOwn(MUTATION_ARGS, op)) {
        return [400, { error: `unknown mutation "${op}"; known: ${Object.keys(MUTATION_ARGS).join(', ')}` }];
      }
      const args = Array.isArray(body['args']) ? (body['args'] as unknown[]) : MUTATION_ARGS[op](body);
      const fn = (second ? sim.second.mutate : sim.mutate)[op] as (...a: unknown[]) => unknown;
      return [200, { result: fn(...args) ?? null }];
    }
    case 'GET /_sim/info':
      return [
        200,
        {
          url: sim.url,
          clientId: sim.clientId,
          clientSecret: sim.clientSecret,
          accessToken: sim.accessToken,
          refreshToken: sim.refreshToken,
          userSlug: sim.userSlug,
          second: {
            accessToken: sim.second.accessToken,
            refreshToken: sim.second.refreshToken,
            userSlug: sim.second.userSlug,
          },
        },
      ];
    default:
      return [404, { error: `no control route ${route}` }];
  }
}

export function controlHandler(sim: Simulator) {
  return (req: IncomingMessage, res: ServerResponse, path: string, rawBody: string): void => {
    let body: Record<string, unknown> = {};
    try {
      if (rawBody.trim() !== '') body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      send(res, 400, { error: 'body is not JSON' });
      return;
    }
    let result: Answer;
    try {
      const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
      result = answer(sim, `${req.method ?? 'GET'} ${path}`, body, query);
    } catch (error) {
      result = [400, { error: (error as Error).message }];
    }
    send(res, result[0], result[1]);
  };
}
