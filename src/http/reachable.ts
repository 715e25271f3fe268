import { connect } from 'node:net';
import { TraktdbError } from '../errors.ts';

/**
 * Whether the API host answers at all, asked with a bare TCP connection and no
 * HTTP request: a GET would be one more request against the user's budget on
 * every run. Lives in src/http because only this layer opens connections to Trakt.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** A TCP connection to the URL's host and port, closed at once; throws one sentence (exit 1) when none can be made. */
export async function reachable(url: string, what: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  // URL keeps the brackets of an IPv6 literal; net.connect wants the address alone.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const failure = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no connection within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(connectFailure(error, parsed.hostname, port));
    });
  });
  if (failure !== undefined) {
    throw new TraktdbError(
      `Cannot reach the Trakt ${what} at ${parsed.origin}: ${failure}; check the network connection and ` +
        `${what === 'API' ? '--api-url (TRAKT_API_URL)' : '--auth-url (TRAKT_AUTH_URL)'}. Nothing was written.`,
    );
  }
}

function connectFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'ENOTFOUND':
      return `the host name ${host} is unknown (ENOTFOUND)`;
    case 'EAI_AGAIN':
      return `the host name ${host} could not be looked up (EAI_AGAIN)`;
    case 'ECONNREFUSED':
      return `${host}:${port} refused the connection (ECONNREFUSED)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `there is no route to ${host} (${error.code})`;
    default:
      return error.code ?? error.message;
  }
}
