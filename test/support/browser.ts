import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Headless Chromium from the system's packages (Debian `chromium`; `.ci/run` installs it),
 * driven by playwright-core, which downloads no browser of its own. CHROMIUM_PATH overrides.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? CANDIDATES.find((candidate) => existsSync(candidate));
  if (!path) throw new Error('no Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but the allowed origins (they are aborted). */
  blocked: string[];
}

/** A page that records errors and refuses every request outside `allow` (e.g. `file:` or the review server). */
export async function watchedPage(browser: Browser, allow: (url: string) => boolean): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watched: WatchedPage = { page, errors: [], blocked: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allow(url)) return route.continue();
    watched.blocked.push(url);
    return route.abort();
  });
  return watched;
}
