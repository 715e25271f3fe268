import type { Clock } from '../../../src/clock.ts';
import { type HttpEvent, TraktClient, type TraktClientOptions } from '../../../src/http/client.ts';
import { ScriptedTransport } from './transport.ts';

export const API = 'https://api.example.test';
export const AUTH = 'https://auth.example.test';
export const CLIENT_ID = 'client-id-0123456789';
export const CLIENT_SECRET = 'client-secret-SHOULD-NEVER-LEAK-5f3a';

export interface Harness {
  client: TraktClient;
  transport: ScriptedTransport;
  events: HttpEvent[];
}

/** A client over a scripted transport with small, fast settings; `clock` decides how time moves. */
export function harness(clock: Clock, options: Partial<TraktClientOptions> = {}): Harness {
  const transport = new ScriptedTransport(clock);
  const events: HttpEvent[] = [];
  const client = new TraktClient({
    apiUrl: API,
    authUrl: AUTH,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    fetch: transport.fetch,
    clock,
    random: () => 0.5,
    retryBaseMs: 5,
    retryMaxMs: 40,
    rateLimitMarginMs: 0,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, transport, events };
}
