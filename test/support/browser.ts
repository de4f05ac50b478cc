import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../src/access/permissions.js';
import { createUser } from '../../src/access/users.js';
import type { Database } from '../../src/store/schema.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots the console tests keep. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Debian's Chromium, headless, with nothing reaching for the network this machine does not have. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The console tests serve console/dist; `npm test` builds it, a filtered run may not have. */
export function buildConsoleIfMissing(): void {
  if (existsSync(join(ROOT, 'console', 'dist', 'index.html'))) return;
  const built = spawnSync('npx', ['vite', 'build', '--config', 'console/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(built.status, 0, 'building the console failed');
}

/** Polls `probe` until it returns something other than undefined, or fails with the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Collects a page's console errors and uncaught exceptions into `problems`. */
export function watchPage(page: Page, problems: string[]): Page {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  return page;
}

/** Chromium with one page that sends the server's admin credentials and reports its errors into `problems`. */
export async function openAdminPage(server: { auth: Record<string, string> }, problems: string[], viewport = { width: 1280, height: 1000 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport });
  return { browser, page: watchPage(await context.newPage(), problems) };
}

/**
 * Signs a browser context in as a new user of `role` through the real sign-in API: the session
 * cookie lands in the context, so navigations and downloads carry it as a person's browser would.
 */
export async function signIn(context: BrowserContext, server: { url: string; store: { db: Kysely<Database> } }, role: Role = 'admin'): Promise<{ username: string; password: string }> {
  const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
  const password = 'a long test password';
  await createUser(server.store.db, { username, role, password });
  const answer = await context.request.post(`${server.url}/api/v1/auth/sign-in`, { data: { username, password } });
  assert.equal(answer.status(), 200, await answer.text());
  return { username, password };
}
