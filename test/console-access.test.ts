/**
 * Signing in, roles and administration in the console, in real headless Chromium against a real
 * server: people sign in with passwords (no bearer token in the browser), see only the controls
 * their role allows, and an administrator manages users and tokens, reads the audit trail and
 * confirms their password again when the sign-in is too old (step-up).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../src/access/users.js';
import { ARTIFACTS, ROOT, buildConsoleIfMissing, eventually, launchChromium, watchPage } from './support/browser.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const PASSWORDS = {
  vera: 'viewer-password-1234',
  rick: 'responder-password-1234',
  ada: 'admin-password-1234',
  tom: 'tom-first-password-1234',
};

describe('console: signing in, roles and administration in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  /** The admin's page, shared by the administration steps in order. */
  let admin: Page;
  /** The one-time password the admin handed to the new user. */
  let handedOver = '';
  /** The token the admin made and revoked. */
  let revokedToken = '';

  /** A fresh browser with no credentials at all: cookies only, as a person would have. */
  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    return watchPage(await context.newPage(), problems);
  };

  const signIn = async (page: Page, username: string, password: string): Promise<void> => {
    await page.getByTestId('sign-in-form').waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByTestId('sign-in-submit').click();
  };

  const openSignedIn = async (username: keyof typeof PASSWORDS, path = '/'): Promise<Page> => {
    const page = await newPage();
    await page.goto(`${server.url}${path}`);
    await signIn(page, username, PASSWORDS[username]);
    await page.getByTestId('user-menu').waitFor();
    return page;
  };

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    // The browser reads the real clock; the server's clock only moves when the step-up test moves it.
    server = await startTestServer(ENGINES[0]!, {
      now: Date.now(),
      catalogue: join(ROOT, 'examples', 'catalogue'),
      env: { SWITCHBOARD_STEP_UP_MINUTES: '0.01', SWITCHBOARD_RATE_SIGN_IN_PER_MINUTE: '100' },
    });
    await createUser(server.store.db, { username: 'vera', name: 'Vera Viewer', role: 'viewer', password: PASSWORDS.vera });
    await createUser(server.store.db, { username: 'rick', name: 'Rick Responder', role: 'responder', password: PASSWORDS.rick });
    await createUser(server.store.db, { username: 'ada', name: 'Ada Admin', role: 'admin', password: PASSWORDS.ada });
    await createUser(server.store.db, { username: 'tom', name: 'Tom Twofactor', role: 'viewer', password: PASSWORDS.tom });
    const now = Date.now();
    const calls = Array.from({ length: 60 }, (_, i) => ({
      kind: 'call',
      ts: now - 30 * 60_000 + i * 20_000,
      integration: 'dhl-carrier',
      direction: 'outbound',
      operation: 'label.create',
      status: i % 6 === 0 ? 503 : 201,
      latency_ms: 120 + i,
    }));
    assert.equal((await server.ingest(calls)).status, 200);
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('serves a console without inline script, under a script-src self policy', async () => {
    const response = await fetch(`${server.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [tag, body] of scripts) {
      assert.match(tag, /\ssrc="/, `a script with a src: ${tag}`);
      assert.equal(body!.trim(), '', 'no inline script body');
    }
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  });

  it('sends a visitor without a session to the sign-in page, keeping where they were going', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/integrations/dhl-carrier?window=1h`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('return_to'), '/integrations/dhl-carrier?window=1h');
    await page.getByTestId('sign-in-form').waitFor();
    assert.equal(await page.locator('nav[aria-label=Sections]').count(), 0, 'no navigation before signing in');
    assert.equal(await page.getByTestId('sign-in-sso').count(), 0, 'no single sign-on button when no provider is set up');

    await signIn(page, 'vera', 'not-her-password');
    const problem = page.getByTestId('sign-in-problem');
    await problem.waitFor();
    assert.match(await problem.innerText(), /Wrong username or password/);
    await page.screenshot({ path: join(ARTIFACTS, 'access-sign-in.png'), fullPage: true });
  });

  it('signs a viewer in, back to the page asked for, without actions the role does not allow', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/integrations/dhl-carrier?window=1h&tab=health`);
    await signIn(page, 'vera', PASSWORDS.vera);
    await page.waitForURL((url) => url.pathname === '/integrations/dhl-carrier' && url.searchParams.get('tab') === 'health');
    assert.equal((await page.getByTestId('user-name').innerText()).trim(), 'Vera Viewer');
    assert.equal((await page.getByTestId('user-role').innerText()).trim(), 'viewer');
    assert.equal(await page.getByRole('link', { name: 'Admin', exact: true }).count(), 0, 'no administration for a viewer');

    await page.getByTestId('checks-table').waitFor();
    assert.ok((await page.getByTestId('check-api-health').count()) === 1, 'the viewer sees the checks');
    assert.equal(await page.getByTestId('check-now-api-health').count(), 0, 'but not "Check now"');
    await page.screenshot({ path: join(ARTIFACTS, 'access-viewer-integration.png'), fullPage: true });

    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('link', { name: 'Silences and maintenance' }).click();
    await page.waitForURL((url) => url.pathname === '/silences');
    await page.getByTestId('role-note').waitFor();
    assert.match(await page.getByTestId('role-note').innerText(), /needs the responder or admin role; you are signed in as a viewer/);
    assert.equal(await page.getByTestId('silence-form').count(), 0, 'no silence form for a viewer');

    // Typed in by hand, an administration page shows the server's refusal, not a blank page.
    await page.goto(`${server.url}/admin/users`);
    const error = page.getByTestId('error');
    await error.waitFor();
    assert.match(await error.innerText(), /your role \(viewer\) does not allow this/);
  });

  it('shows a responder "Check now" and the silence form, and their writes carry the CSRF token', async () => {
    const page = await openSignedIn('rick', '/integrations/dhl-carrier?tab=health');
    await page.getByTestId('check-now-api-health').waitFor();
    assert.equal((await page.getByTestId('user-role').innerText()).trim(), 'responder');
    assert.equal(await page.getByRole('link', { name: 'Admin', exact: true }).count(), 0, 'no administration for a responder');

    await page.goto(`${server.url}/silences`);
    const form = page.getByTestId('silence-form');
    await form.waitFor();
    assert.equal(await form.getByLabel('Your name').inputValue(), 'Rick Responder', 'the author starts as the signed-in name');
    await form.getByLabel('Matchers').fill('integration=dhl-carrier');
    await form.getByLabel('Reason').fill('DHL maintenance, ticket 4711');
    await page.getByTestId('silence-submit').click();
    await page.getByTestId('silence-created').waitFor();
    assert.equal(await page.getByTestId('silence-problem').count(), 0);

    // The same write without the console's header is refused: the token is what lets it through.
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'sb_session');
    assert.ok(session, 'a session cookie');
    assert.ok(session.httpOnly, 'the session cookie is HttpOnly (the token lives in memory, not in the cookie jar script can read)');
    const forged = await fetch(`${server.url}/api/v1/silences`, {
      method: 'POST',
      headers: { cookie: `sb_session=${session.value}`, 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: [{ label: 'integration', value: 'dhl-carrier' }], duration: '1h', author: 'x', reason: 'x' }),
    });
    assert.equal(forged.status, 403);
    assert.equal((await forged.json()).code, 'csrf');
    assert.equal(await page.evaluate(() => JSON.stringify(window.localStorage).includes('csrf')), false, 'the CSRF token is not in localStorage');
  });

  it('lets a person change their password and set up an authenticator, whose code sign-in then asks for', async () => {
    const page = await openSignedIn('tom');
    await page.getByTestId('user-menu').locator('summary').click();
    await page.getByTestId('menu-account').click();
    await page.waitForURL((url) => url.pathname === '/account');

    await page.getByTestId('totp-start').click();
    const uri = await page.getByTestId('totp-uri-value').inputValue();
    assert.match(uri, /^otpauth:\/\/totp\/Switchboard:tom\?/);
    const secret = new URL(uri).searchParams.get('secret')!;
    assert.equal((await page.getByTestId('totp-secret-value').inputValue()).replaceAll(' ', ''), secret, 'the key is shown as text too');
    await page.screenshot({ path: join(ARTIFACTS, 'access-account.png'), fullPage: true });
    await page.getByTestId('totp-code').fill('000000');
    await page.getByTestId('totp-confirm').click();
    assert.match(await page.getByTestId('totp-problem').innerText(), /does not match/);
    await page.getByTestId('totp-code').fill(await generate({ secret }));
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('totp-enabled').waitFor();

    const form = page.getByTestId('password-form');
    await form.getByLabel('Current password').fill(PASSWORDS.tom);
    await form.getByLabel('New password', { exact: true }).fill('short');
    await form.getByLabel('New password again').fill('short');
    await page.getByTestId('password-submit').click();
    // The browser's own check (minlength) stops it first; the server's rule is the same 12.
    assert.equal(await page.getByTestId('password-changed').count(), 0);
    await form.getByLabel('New password', { exact: true }).fill('tom-second-password-5678');
    await form.getByLabel('New password again').fill('tom-second-password-5678');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-changed').waitFor();

    await page.getByTestId('user-menu').locator('summary').click();
    await page.getByTestId('sign-out').click();
    await signIn(page, 'tom', 'tom-second-password-5678');
    await page.getByTestId('sign-in-totp').waitFor();
    assert.match(await page.getByTestId('sign-in-form').innerText(), /Enter the 6-digit code from your authenticator app/);
    assert.equal(await page.getByTestId('sign-in-problem').count(), 0, 'asking for the code is no error');
    await page.getByTestId('sign-in-totp').fill(await generate({ secret }));
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('board').waitFor();
    assert.equal((await page.getByTestId('user-name').innerText()).trim(), 'Tom Twofactor');
  });

  it('lets an admin add a user and shows the one-time password once', async () => {
    admin = await openSignedIn('ada', '/');
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/users');
    await admin.getByTestId('users-table').waitFor();
    for (const name of ['vera', 'rick', 'ada']) await admin.getByTestId(`user-${name}`).waitFor();

    await admin.getByTestId('add-user').click();
    const form = admin.getByTestId('new-user-form');
    await form.getByLabel('Username').fill('nina');
    await form.getByLabel('Name', { exact: true }).fill('Nina Newcomer');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Tenants').fill('acme, globex');
    await admin.getByTestId('new-user-submit').click();
    const box = admin.getByTestId('one-time-password');
    await box.waitFor();
    handedOver = await admin.getByTestId('one-time-password-value').inputValue();
    assert.ok(handedOver.length >= 12, `a one-time password: ${handedOver}`);
    assert.match(await box.innerText(), /will not be shown again/);
    const row = admin.getByTestId('user-nina');
    await row.waitFor();
    assert.match(await row.innerText(), /acme, globex/);
    assert.match(await row.innerText(), /one-time password/, 'the status says they have not chosen their own password yet');

    // Make her a responder, for one tenant.
    await row.getByTestId('user-edit').click();
    await row.getByTestId('edit-role').selectOption('responder');
    await row.getByTestId('edit-tenants').fill('acme');
    await row.getByTestId('edit-save').click();
    await eventually('the row to show the new role', async () => ((await row.getAttribute('data-role')) === 'responder' ? true : undefined));
    assert.match(await row.innerText(), /\bacme\b/);
    assert.doesNotMatch(await row.innerText(), /globex/);
    await admin.screenshot({ path: join(ARTIFACTS, 'access-users.png'), fullPage: true });
  });

  it('makes the new user choose their own password before anything else', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await signIn(page, 'nina', handedOver);
    await page.getByTestId('choose-password').waitFor();
    assert.equal(await page.locator('nav[aria-label=Sections]').count(), 0, 'nothing else until the password is chosen');
    await page.getByLabel(/One-time password/).fill(handedOver);
    await page.getByLabel('New password', { exact: true }).fill('ninas-own-password-42');
    await page.getByLabel('New password again').fill('ninas-own-password-42');
    await page.getByTestId('password-submit').click();
    // Nina is bound to a tenant with no data yet: the board says so rather than showing tiles.
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    assert.equal(await page.getByTestId('choose-password').count(), 0);
    assert.equal((await page.getByTestId('user-role').innerText()).trim(), 'responder');
  });

  it('creates a token shown once, then revokes it', async () => {
    await admin.getByTestId('admin-tab-tokens').click();
    await admin.waitForURL((url) => url.pathname === '/admin/tokens');
    await admin.getByTestId('add-token').click();
    const form = admin.getByTestId('new-token-form');
    await form.getByLabel('Name', { exact: true }).fill('order-service reader');
    await admin.getByTestId('scope-read').check();
    await admin.getByTestId('scope-respond').check();
    await form.getByLabel('Expires after').selectOption('30');
    await admin.getByTestId('new-token-submit').click();
    const shown = admin.getByTestId('new-token');
    await shown.waitFor();
    assert.match(await shown.innerText(), /it will not be shown again/);
    const token = await admin.getByTestId('new-token-value').inputValue();
    assert.equal((await server.get('/api/v1/integrations', token)).status, 200, 'the token shown works');

    const row = admin.locator('tr[data-name="order-service reader"]');
    await eventually('the token to say when it was last used', async () => {
      await admin.reload();
      await row.waitFor();
      return /ago|just now/.test(await row.getByTestId('token-last-used').innerText()) ? true : undefined;
    });
    assert.equal(await admin.getByTestId('new-token').count(), 0, 'after a reload the token is gone from the page');
    assert.match(await row.innerText(), /read/);
    assert.match(await row.innerText(), /in 30 d|in 29\.\d d/);
    await admin.screenshot({ path: join(ARTIFACTS, 'access-tokens.png'), fullPage: true });

    const id = (await row.getAttribute('data-testid'))!.slice('token-'.length);
    await row.getByTestId(`revoke-${id}`).click();
    await row.getByTestId(`revoke-${id}-confirm`).click();
    await eventually('the token to read as revoked', async () => ((await row.getAttribute('data-revoked')) === 'true' ? true : undefined));
    assert.match(await row.innerText(), /revoked/);
    revokedToken = token;
  });

  it('finds those actions in the audit trail, filtered in the URL, with values before and after, older pages and exports', async () => {
    // Enough entries of one action for a second page: reads of the trail are recorded too.
    for (let i = 0; i < 105; i++) assert.equal((await server.get('/api/v1/audit?limit=1')).status, 200);

    await admin.getByTestId('admin-tab-audit').click();
    await admin.waitForURL((url) => url.pathname === '/admin/audit');
    await admin.getByTestId('audit-table').waitFor();
    await admin.getByTestId('audit-actor').fill('ada');
    await admin.getByTestId('audit-action').fill('token.*');
    await admin.getByTestId('audit-apply').click();
    await admin.waitForURL((url) => url.searchParams.get('actor') === 'ada' && url.searchParams.get('action') === 'token.*');
    const actions = async () => admin.locator('[data-testid=audit-table] tbody tr[data-action]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    await eventually('the filtered entries', async () => ((await actions()).join() === 'token.revoke,token.create' ? true : undefined));

    const revoke = admin.locator('tr[data-action="token.revoke"]');
    await revoke.getByTestId('audit-expand').click();
    const values = admin.locator('tr.audit-values');
    await values.waitFor();
    assert.match(await values.innerText(), /"revoked_at": null/);
    assert.match(await values.innerText(), /"revoked_at": "[A-Z][a-z]{2} \d+, \d\d:\d\d:\d\d"/, 'times read as dates');
    assert.match(await revoke.innerText(), /changed .*revoked_at/);

    const csv = admin.getByTestId('audit-export-csv');
    const href = new URL((await csv.getAttribute('href'))!, server.url);
    assert.equal(href.pathname, '/api/v1/audit.csv');
    assert.equal(href.searchParams.get('action'), 'token.*');
    assert.equal(href.searchParams.get('actor'), 'ada');
    assert.equal(new URL((await admin.getByTestId('audit-export-ndjson').getAttribute('href'))!, server.url).searchParams.get('action'), 'token.*');
    const [download] = await Promise.all([admin.waitForEvent('download'), csv.click()]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
    assert.match(lines[0]!, /^id,ts,actor,actor_kind,address,action,outcome/);
    assert.equal(lines.length, 3, `the header and two entries: ${lines.join(' | ')}`);
    assert.ok(lines.some((line) => line.includes(',token.create,')) && lines.some((line) => line.includes(',token.revoke,')));
    await admin.screenshot({ path: join(ARTIFACTS, 'access-audit.png'), fullPage: true });

    // A time range and another action, then the older page through the cursor.
    await admin.getByTestId('audit-actor').fill('');
    await admin.getByTestId('audit-action').fill('audit.read');
    await admin.getByTestId('audit-from').fill(localInput(Date.now() - 3_600_000));
    await admin.getByTestId('audit-apply').click();
    await admin.waitForURL((url) => url.searchParams.get('action') === 'audit.read' && url.searchParams.get('from') !== null && !url.searchParams.has('actor'));
    await eventually('a full first page', async () => ((await actions()).length === 100 ? true : undefined));
    await admin.getByTestId('audit-older').click();
    await admin.waitForURL((url) => url.searchParams.get('before') !== null && url.searchParams.get('action') === 'audit.read');
    await eventually('the older page', async () => {
      const older = await actions();
      return older.length > 0 && older.length < 100 && older.every((action) => action === 'audit.read') ? true : undefined;
    });
  });

  it('asks an admin for the password again when the sign-in is too old, then does what was asked', async () => {
    // SWITCHBOARD_STEP_UP_MINUTES is 0.01 (0.6 s) and the server's clock moves on by 5 s.
    server.clock.advance(5_000);
    await admin.getByTestId('admin-tab-users').click();
    await admin.waitForURL((url) => url.pathname === '/admin/users');
    const dialog = admin.getByTestId('step-up');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Administration needs a sign-in from the last/);
    await admin.getByTestId('step-up-password').fill('not-the-password');
    await admin.getByTestId('step-up-submit').click();
    await admin.getByTestId('step-up-problem').waitFor();
    assert.match(await admin.getByTestId('step-up-problem').innerText(), /Wrong username or password/);
    await admin.screenshot({ path: join(ARTIFACTS, 'access-step-up.png') });
    await admin.getByTestId('step-up-password').fill(PASSWORDS.ada);
    await admin.getByTestId('step-up-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByTestId('users-table').waitFor();

    // Too old again: this time an action (disable Nina) asks, and then goes through.
    server.clock.advance(5_000);
    const row = admin.getByTestId('user-nina');
    await row.getByTestId('user-disable').click();
    await row.getByTestId('user-disable-confirm').click();
    await dialog.waitFor();
    await admin.getByTestId('step-up-password').fill(PASSWORDS.ada);
    await admin.getByTestId('step-up-submit').click();
    await eventually('Nina to be disabled', async () => ((await row.getAttribute('data-disabled')) === 'true' ? true : undefined));
    assert.match(await row.innerText(), /disabled/);
    assert.equal(await row.getByTestId('user-problem').count(), 0);

    // Given up on, the step-up leaves the server's refusal on the page and a way to try again.
    server.clock.advance(5_000);
    await admin.getByTestId('admin-tab-tokens').click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByTestId('error').waitFor();
    assert.match(await admin.getByTestId('error').innerText(), /administration needs a sign-in from the last/);
    await admin.getByTestId('admin-retry').click();
    await admin.getByTestId('step-up-password').fill(PASSWORDS.ada);
    await admin.getByTestId('step-up-submit').click();
    await admin.getByTestId('tokens-table').waitFor();
  });

  it('refuses the revoked token once the short token cache of the server (5 s) has lapsed', async () => {
    server.clock.advance(6_000);
    assert.equal((await server.get('/api/v1/integrations', revokedToken)).status, 401);
  });

  it('signs out back to the sign-in page, and the session is gone', async () => {
    await admin.getByTestId('user-menu').locator('summary').click();
    await admin.getByTestId('sign-out').click();
    await admin.waitForURL((url) => url.pathname === '/sign-in');
    await admin.getByTestId('sign-in-form').waitFor();
    assert.match(await admin.getByTestId('sign-in-reason').innerText(), /signed out/);
    await admin.goto(`${server.url}/admin/audit`);
    await admin.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('return_to') === '/admin/audit');
  });

  it('logged no errors in the browser console', () => {
    // The refusals the tests provoke (a wrong password or code, a viewer on an admin page, a step-up)
    // are answers the console shows, which Chromium still logs.
    const unexpected = problems.filter((problem) => !/status of (400|401|403)/.test(problem));
    assert.deepEqual(unexpected, []);
  });
});

/** Epoch ms as a datetime-local field's value in the browser's (and this process's) zone. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
