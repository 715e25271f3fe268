import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium package; CI installs it from .ci/run. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  /** Opens a local file; resolves once it has loaded. */
  open(file: string, options?: { colorScheme?: 'light' | 'dark' }): Promise<OpenedPage>;
  close(): Promise<void>;
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** Every URL the page asked for, the page itself included. */
  requests: string[];
}

/**
 * Headless Chromium with a fresh profile in `userDataDir`. Every request
 * is routed through here: the page's own file:// URL is served, anything
 * else (http, https, another file) is recorded and aborted, so a page that
 * reaches out fails its test and never touches the network.
 */
export async function launchChromium(userDataDir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML page tests need Debian's chromium package ` +
        '(apt-get install -y chromium, as .ci/run does).',
    );
  }
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1000, height: 800 },
    serviceWorkers: 'block',
  });
  return {
    async open(file, options = {}) {
      const url = pathToFileURL(file).href;
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      await page.route('**/*', (route) =>
        route.request().url() === url ? route.continue() : route.abort('blockedbyclient'),
      );
      await page.goto(url, { waitUntil: 'load' });
      return { page, errors, requests };
    },
    close: () => context.close(),
  };
}
