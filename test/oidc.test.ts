/**
 * Single sign-on for real: a real OpenID Connect provider (oidc-provider) on loopback, a real
 * Switchboard server, and headless Chromium walking the provider's login pages the way a person
 * does. The provider lives on `localhost`, Switchboard on 127.0.0.1: two sites, as in production.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { grantOf, groupsOf, OidcSignIn, safeReturnTo, usernameFrom, type OidcDependencies } from '../src/access/oidc.js';
import type { OidcConfig } from '../src/config.js';
import { ARTIFACTS, buildConsoleIfMissing, launchChromium } from './support/browser.js';
import { ENGINES } from './support/engines.js';
import { startTestProvider, type TestProvider } from './support/oidc-provider.js';
import { startTestServer, type TestServer } from './support/server.js';

const START = '/api/v1/auth/oidc/start';
const CALLBACK = '/api/v1/auth/oidc/callback';
const PROVIDER_NAME = 'Loopback SSO';
/** A browser flow that hangs fails instead of holding the run (Playwright's own waits are 30 s each). */
const FLOW = { timeout: 180_000 };

function oidcEnv(provider: TestProvider, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SWITCHBOARD_OIDC_ISSUER: provider.issuer,
    SWITCHBOARD_OIDC_CLIENT_ID: provider.clientId,
    SWITCHBOARD_OIDC_CLIENT_SECRET: provider.clientSecret,
    SWITCHBOARD_OIDC_NAME: PROVIDER_NAME,
    // Many sign-ins from one address in one minute: the tests, not an attack.
    SWITCHBOARD_RATE_SIGN_IN_PER_MINUTE: '1000',
    ...extra,
  };
}

/** What the page itself gets from the session endpoint, with its own cookies. */
async function sessionIn(page: Page): Promise<{ status: number; body: any }> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/session');
    return { status: response.status, body: await response.json().catch(() => null) };
  });
}

async function getIn(page: Page, path: string): Promise<{ status: number; body: any }> {
  return page.evaluate(async (path) => {
    const response = await fetch(path);
    return { status: response.status, body: await response.json().catch(() => null) };
  }, path);
}

/** Fills the provider's login form (any password) and agrees to its consent page when it shows one. */
async function loginAtProvider(page: Page, server: TestServer, login: string, screenshot?: string): Promise<void> {
  await page.locator('input[name="login"]').waitFor();
  assert.ok(page.url().startsWith('http://localhost:'), `the provider's login page is on the provider's site (${page.url()})`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('correct horse battery staple');
  if (screenshot) await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
  await page.locator('button[type="submit"]').click();
  const consent = page.getByRole('button', { name: 'Continue' });
  const held = page.getByText('held by the test provider');
  const back = (url: URL) => url.href.startsWith(`${server.url}/`);
  const arrived = () => Promise.race([page.waitForURL(back), held.waitFor()]);
  await Promise.race([arrived(), consent.waitFor()]);
  if (!back(new URL(page.url())) && !(await held.isVisible())) {
    await consent.click();
    await arrived();
  }
}

/** Starts at the URL the console's "Sign in with …" button links to; answers the callback's status. */
async function signIn(page: Page, server: TestServer, login: string, options: { returnTo?: string; stepUp?: boolean; screenshot?: string } = {}): Promise<number> {
  const callback = page.waitForResponse((response) => response.url().startsWith(`${server.url}${CALLBACK}`));
  const query = new URLSearchParams({ return_to: options.returnTo ?? '/' });
  if (options.stepUp) query.set('step_up', '1');
  await page.goto(`${server.url}${START}?${query}`);
  await loginAtProvider(page, server, login, options.screenshot);
  return (await callback).status();
}

async function sessionRows(server: TestServer): Promise<number> {
  const row = await server.store.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditOf(server: TestServer, action: string): Promise<any[]> {
  const answer = await server.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=100`);
  assert.equal(answer.status, 200);
  return answer.body.entries;
}

describe('single sign-on against a real OpenID Connect provider', () => {
  let provider: TestProvider;
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    buildConsoleIfMissing();
    provider = await startTestProvider({
      users: {
        alice: { name: 'Alice Admin', preferred_username: 'alice', email: 'alice@example.com', groups: ['ops-admins', 'support'] },
        bob: { name: 'Bob Viewer', preferred_username: 'bob', email: 'bob@example.com', groups: ['support', 'acme-team'] },
        carol: { name: 'Carol Responder', email: 'carol@example.com', groups: ['support', 'oncall', 'globex-team', 'acme-team'] },
        mallory: { name: 'Mallory Marketing', preferred_username: 'mallory', groups: ['marketing'] },
        dave: { name: 'Dave Drifting', preferred_username: 'dave', groups: ['support'] },
      },
    });
    // The server's clock starts at the real time: the browser drops a session cookie whose expiry is past.
    server = await startTestServer(ENGINES[0]!, {
      now: Date.now(),
      env: oidcEnv(provider, {
        SWITCHBOARD_OIDC_ROLE_GROUPS: 'ops-admins=admin,oncall=responder,support=viewer',
        SWITCHBOARD_OIDC_TENANT_GROUPS: 'acme-team=acme,globex-team=globex',
      }),
    });
    provider.register(server.url);
    browser = await launchChromium();
    // A local user named alice exists already: the provider's alice must not become her.
    const local = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', role: 'viewer', password: 'local-alice-password-1' }),
    });
    assert.equal(local.status, 201);
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('advertises the provider, and its start sends the browser there with PKCE (S256), state and nonce', FLOW, async () => {
    const providers = await server.get('/api/v1/auth/providers', null);
    assert.deepEqual(providers.body.oidc, { name: PROVIDER_NAME, start: START });
    const start = await fetch(`${server.url}${START}?return_to=/`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const location = new URL(start.headers.get('location')!);
    assert.equal(location.origin, provider.issuer);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(location.searchParams.get('redirect_uri'), `${server.url}${CALLBACK}`);
    for (const name of ['code_challenge', 'state', 'nonce']) assert.ok((location.searchParams.get(name) ?? '').length >= 32, name);
    const cookie = start.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^sb_oidc=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\/api\/v1\/auth\/oidc/);
  });

  it('signs an administrator in at the provider and lands on the page asked for, with the role its groups map to', FLOW, async () => {
    const page = await freshPage();
    const status = await signIn(page, server, 'alice', { returnTo: '/', screenshot: 'oidc-provider-login.png' });
    assert.equal(status, 302);
    assert.equal(page.url(), `${server.url}/`);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-landing.png'), fullPage: true });
    const session = await sessionIn(page);
    assert.equal(session.status, 200);
    assert.equal(session.body.kind, 'user');
    assert.equal(session.body.role, 'admin');
    assert.equal(session.body.tenants, null, 'an administrator sees every tenant');
    assert.equal(session.body.method, `sso:${PROVIDER_NAME}`);
    assert.equal(session.body.sso, true);
    assert.equal(session.body.name, 'Alice Admin');
    // The local alice is someone else: the provider's alice got a name of her own.
    assert.equal(session.body.username, 'alice-2');
    const cookies = await page.context().cookies(server.url);
    const sessionCookie = cookies.find((cookie) => cookie.name === 'sb_session');
    assert.ok(sessionCookie?.httpOnly && sessionCookie.sameSite === 'Lax');
    assert.equal(cookies.find((cookie) => cookie.name === 'sb_oidc'), undefined, 'the sign-in cookie is gone once used');
    const signIns = await auditOf(server, 'auth.sign-in');
    const entry = signIns.find((e) => e.actor === 'alice-2');
    assert.equal(entry?.outcome, 'ok');
    assert.equal(entry?.detail.method, 'sso');
    assert.ok((await auditOf(server, 'user.create')).some((e) => e.actor === 'alice-2' && e.detail.via === 'sso'));
  });

  it('maps groups to the highest role and to tenants, and never returns to another site', FLOW, async () => {
    const carol = await freshPage();
    assert.equal(await signIn(carol, server, 'carol', { returnTo: '//evil.example/steal' }), 302);
    assert.equal(carol.url(), `${server.url}/`, 'a return_to on another site lands on "/"');
    const carolSession = (await sessionIn(carol)).body;
    assert.equal(carolSession.role, 'responder', 'oncall (responder) wins over support (viewer)');
    assert.deepEqual(carolSession.tenants, ['acme', 'globex']);
    assert.equal(carolSession.username, 'carol@example.com', 'without preferred_username, the email');

    const bob = await freshPage();
    assert.equal(await signIn(bob, server, 'bob', { returnTo: '/integrations?window=24h' }), 302);
    assert.equal(bob.url(), `${server.url}/integrations?window=24h`);
    const bobSession = (await sessionIn(bob)).body;
    assert.equal(bobSession.role, 'viewer');
    assert.deepEqual(bobSession.tenants, ['acme']);
    // The role is enforced, not just shown: a viewer may not silence.
    const silence = await bob.evaluate(async (csrf) => {
      const response = await fetch('/api/v1/silences', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ matchers: [{ name: 'integration', value: 'dhl-carrier' }], duration: '1h', comment: 'x' }),
      });
      return response.status;
    }, bobSession.csrf_token as string);
    assert.equal(silence, 403);
  });

  it('refreshes role and tenants at every sign-in, matching the same user by issuer and subject', FLOW, async () => {
    const before = await server.store.db.selectFrom('users').select(['id', 'role', 'tenants']).where('sso_subject', '=', 'bob').executeTakeFirstOrThrow();
    assert.equal(before.role, 'viewer');
    provider.users.set('bob', { ...provider.users.get('bob')!, groups: ['oncall', 'globex-team'] });
    const page = await freshPage();
    assert.equal(await signIn(page, server, 'bob'), 302);
    const session = (await sessionIn(page)).body;
    assert.equal(session.role, 'responder');
    assert.deepEqual(session.tenants, ['globex']);
    assert.equal(session.username, 'bob');
    const users = await server.store.db.selectFrom('users').select('id').where('sso_subject', '=', 'bob').execute();
    assert.deepEqual(users.map((u) => Number(u.id)), [Number(before.id)], 'the same user, not a second one');
    const change = (await auditOf(server, 'user.update')).find((e) => e.target === `users:${before.id}`);
    assert.deepEqual(change?.before, { role: 'viewer', tenants: ['acme'] });
    assert.deepEqual(change?.after, { role: 'responder', tenants: ['globex'] });
  });

  it('refuses a person whose groups give no role (403), and one with a role but no tenant group', FLOW, async () => {
    const sessionsBefore = await sessionRows(server);
    const mallory = await freshPage();
    assert.equal(await signIn(mallory, server, 'mallory'), 403);
    await assert.doesNotReject(mallory.getByText('your groups give you no role in Switchboard').waitFor());
    await mallory.screenshot({ path: join(ARTIFACTS, 'oidc-refused-no-role.png'), fullPage: true });
    assert.equal((await sessionIn(mallory)).status, 401);

    const dave = await freshPage();
    assert.equal(await signIn(dave, server, 'dave'), 403);
    await assert.doesNotReject(dave.getByText('give you no tenant in Switchboard').waitFor());
    assert.equal((await sessionIn(dave)).status, 401);

    assert.equal(await sessionRows(server), sessionsBefore, 'no session was started');
    const users = await server.store.db.selectFrom('users').select('username').where('sso_subject', 'in', ['mallory', 'dave']).execute();
    assert.deepEqual(users, [], 'and no user was created');
    const refused = (await auditOf(server, 'auth.sign-in')).filter((e) => e.outcome === 'refused').map((e) => [e.actor, e.detail.reason]);
    assert.deepEqual(refused.sort(), [['dave', 'no_tenant'], ['mallory', 'no_role']]);
  });

  it('steps an SSO session up at the provider for administration, keeping the session', FLOW, async () => {
    const page = await freshPage();
    assert.equal(await signIn(page, server, 'alice'), 302);
    assert.equal((await getIn(page, '/api/v1/users')).status, 200, 'a fresh sign-in may administer');
    const cookieBefore = (await page.context().cookies(server.url)).find((cookie) => cookie.name === 'sb_session')!.value;
    server.clock.advance(11 * 60_000);
    const stale = await getIn(page, '/api/v1/users');
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'step_up_required');

    // The provider must ask again (prompt=login), although its own session is still open.
    assert.equal(await signIn(page, server, 'alice', { stepUp: true, returnTo: '/settings' }), 302);
    assert.equal(page.url(), `${server.url}/settings`);
    assert.equal((await getIn(page, '/api/v1/users')).status, 200, 'stepped up');
    const cookieAfter = (await page.context().cookies(server.url)).find((cookie) => cookie.name === 'sb_session')!.value;
    assert.equal(cookieAfter, cookieBefore, 'the same session, stepped up');
    assert.ok((await auditOf(server, 'auth.step-up')).some((e) => e.actor === 'alice-2' && e.outcome === 'ok' && e.detail.method === 'sso'));
  });

  it('refuses a step-up confirmed as another account at the provider', FLOW, async () => {
    const page = await freshPage();
    assert.equal(await signIn(page, server, 'alice'), 302);
    assert.equal(await signIn(page, server, 'carol', { stepUp: true }), 403);
    await assert.doesNotReject(page.getByText('this session belongs to alice-2').waitFor());
    assert.equal((await sessionIn(page)).body.username, 'alice-2', 'the session is still alice-2, not stepped up');
  });

  it('signs out at Switchboard and at the provider', FLOW, async () => {
    const page = await freshPage();
    assert.equal(await signIn(page, server, 'alice'), 302);
    const session = await sessionIn(page);
    const signOut = await page.evaluate(async (csrf) => {
      const response = await fetch('/api/v1/auth/sign-out', { method: 'POST', headers: { 'x-csrf-token': csrf } });
      return { status: response.status, body: await response.json().catch(() => null) };
    }, session.body.csrf_token as string);
    assert.equal(signOut.status, 200);
    const redirect = new URL(signOut.body.redirect);
    assert.equal(redirect.origin, provider.issuer);
    assert.ok(redirect.searchParams.get('id_token_hint'), 'id_token_hint');
    assert.equal(redirect.searchParams.get('post_logout_redirect_uri'), `${server.url}/`);
    assert.equal((await sessionIn(page)).status, 401, 'the Switchboard session has ended');

    // What the console does with the answer: go there, and confirm at the provider.
    await page.goto(redirect.href);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${server.url}/`);
    assert.equal((await sessionIn(page)).status, 401);
    // The provider's session ended too: signing in again asks for the login.
    await page.goto(`${server.url}${START}?return_to=/`);
    await page.locator('input[name="login"]').waitFor();
  });

  it('keeps answering 204 to a password session signing out', FLOW, async () => {
    const signInAnswer = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'local-alice-password-1' }),
    });
    assert.equal(signInAnswer.status, 200);
    const cookie = signInAnswer.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!.split(';')[0]!;
    const { csrf_token: csrf } = (await signInAnswer.json()) as { csrf_token: string };
    const out = await fetch(`${server.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    assert.equal(out.status, 204);
  });

  it('refuses a callback whose state was tampered with, and starts no session', FLOW, async () => {
    const page = await freshPage();
    // Hold the provider's answer before it reaches Switchboard, as someone in the middle would.
    const held = provider.holdNextCallback();
    await page.goto(`${server.url}${START}?return_to=/`);
    const attemptCookie = (await page.context().cookies(`${server.url}${CALLBACK}`)).find((cookie) => cookie.name === 'sb_oidc')!;
    await loginAtProvider(page, server, 'alice');
    const answer = await held;
    const tampered = new URL(answer);
    assert.ok(tampered.searchParams.get('code'));
    tampered.searchParams.set('state', 'x'.repeat(43));
    const sessionsBefore = await sessionRows(server);

    const refused = await page.goto(tampered.href);
    assert.equal(refused?.status(), 400);
    await assert.doesNotReject(page.getByText('does not belong to this sign-in').waitFor());
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-tampered-state.png'), fullPage: true });
    assert.equal((await sessionIn(page)).status, 401);
    // The attempt is spent: the genuine answer arriving after the forgery is refused too, even
    // with the attempt's cookie put back.
    await page.context().addCookies([attemptCookie]);
    assert.equal((await page.goto(answer))?.status(), 400);
    await assert.doesNotReject(page.getByText('used already').waitFor());
    assert.equal((await sessionIn(page)).status, 401);
    assert.equal(await sessionRows(server), sessionsBefore, 'no session was started');

    // As JSON for a non-browser caller, with no state at all.
    const bare = await fetch(`${server.url}${CALLBACK}?code=abc`, { headers: { accept: 'application/json' } });
    assert.equal(bare.status, 400);
    assert.equal(((await bare.json()) as { code: string }).code, 'no_sign_in_attempt');
    const reasons = (await auditOf(server, 'auth.sso')).map((e) => [e.outcome, e.detail.reason]);
    for (const reason of ['state_mismatch', 'unknown_sign_in_attempt', 'no_sign_in_attempt']) assert.ok(reasons.some(([outcome, r]) => outcome === 'refused' && r === reason), reason);
  });

  it('refuses a replayed callback, with or without the sign-in cookie', FLOW, async () => {
    const page = await freshPage();
    let answer: string | undefined;
    page.on('request', (request) => {
      if (request.url().startsWith(`${server.url}${CALLBACK}`)) answer ??= request.url();
    });
    await page.goto(`${server.url}${START}?return_to=/`);
    const attemptCookie = (await page.context().cookies(`${server.url}${CALLBACK}`)).find((cookie) => cookie.name === 'sb_oidc');
    assert.ok(attemptCookie, 'the start set the attempt cookie');
    await loginAtProvider(page, server, 'carol');
    assert.ok(answer);
    const session = await sessionIn(page);
    assert.equal(session.status, 200);
    const sessionsBefore = await sessionRows(server);

    // The same browser again: its attempt cookie went with the first use.
    const again = await page.goto(answer);
    assert.equal(again?.status(), 400);
    await assert.doesNotReject(page.getByText('has no sign-in').waitFor());
    // Another browser holding a copy of the cookie and the URL: the attempt is spent.
    const thief = await freshPage();
    await thief.context().addCookies([{ ...attemptCookie, sameSite: 'Lax' }]);
    const stolen = await thief.goto(answer);
    assert.equal(stolen?.status(), 400);
    await assert.doesNotReject(thief.getByText('used already').waitFor());
    assert.equal((await sessionIn(thief)).status, 401);
    assert.equal(await sessionRows(server), sessionsBefore, 'no session was started');
    assert.equal((await sessionIn(page)).body.username, 'carol@example.com', 'the genuine session is untouched');
  });
});

describe('single sign-on with the groups in the ID token under a nested claim (Keycloak realm roles)', () => {
  let provider: TestProvider;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    buildConsoleIfMissing();
    provider = await startTestProvider({
      users: { erin: { preferred_username: 'erin', extra: { realm_access: { roles: ['switchboard-responders', 'offline_access'] } } } },
      groupsInIdToken: true,
      // No userinfo endpoint at all: the roles can only have come from the ID token.
      userinfo: false,
      extraScopes: { roles: ['realm_access'] },
    });
    // The server's clock starts at the real time: the browser drops a session cookie whose expiry is past.
    server = await startTestServer(ENGINES[0]!, {
      now: Date.now(),
      env: oidcEnv(provider, {
        SWITCHBOARD_OIDC_GROUPS_CLAIM: 'realm_access.roles',
        SWITCHBOARD_OIDC_SCOPES: 'openid profile roles',
        SWITCHBOARD_OIDC_ROLE_GROUPS: 'switchboard-responders=responder',
      }),
    });
    provider.register(server.url);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('reads the role from the ID token; with no tenant mapping configured a non-admin sees every tenant', FLOW, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    assert.equal(await signIn(page, server, 'erin'), 302);
    const session = (await sessionIn(page)).body;
    assert.equal(session.role, 'responder');
    assert.equal(session.tenants, null);
    // This provider ends sessions too: sign-out answers 200 with where to send the browser.
    const out = await page.evaluate(async (csrf) => (await fetch('/api/v1/auth/sign-out', { method: 'POST', headers: { 'x-csrf-token': csrf } })).status, session.csrf_token as string);
    assert.equal(out, 200);
    await context.close();
  });
});

describe('single sign-on with the provider down', () => {
  it('answers 502 with the reason, and starts nothing', FLOW, async () => {
    // A port nothing listens on any more: discovery fails, and is tried again at the next sign-in.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const issuer = `http://localhost:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const server = await startTestServer(ENGINES[0]!, { env: { SWITCHBOARD_OIDC_ISSUER: issuer, SWITCHBOARD_OIDC_CLIENT_ID: 'x', SWITCHBOARD_OIDC_CLIENT_SECRET: 'y' } });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const start = await fetch(`${server.url}${START}?return_to=/`, { redirect: 'manual', headers: { accept: 'application/json' } });
        assert.equal(start.status, 502);
        const body = (await start.json()) as { code: string; error: string };
        assert.equal(body.code, 'provider_unreachable');
        assert.ok(body.error.startsWith(`single sign-on (${issuer}) could not be reached: fetch failed`), body.error);
        assert.equal(start.headers.get('set-cookie'), null);
      }
      const attempts = await server.store.db.selectFrom('sign_in_requests').select('id_hash').execute();
      assert.deepEqual(attempts, []);
    } finally {
      await server.close();
    }
  });
});

describe('single sign-on: the rules, without a provider', () => {
  it('refuses to start with a provider on plain http off loopback, or scopes without openid', () => {
    const config: OidcConfig = { issuer: 'https://sso.example.com/realms/ops', clientId: 'c', clientSecret: 's', name: 'SSO', groupsClaim: 'groups', roleGroups: {}, tenantGroups: {}, scopes: 'openid profile' };
    const deps = (oidc: Partial<OidcConfig>) => ({ config: { ...config, ...oidc } }) as unknown as OidcDependencies;
    assert.doesNotThrow(() => new OidcSignIn(deps({})));
    assert.doesNotThrow(() => new OidcSignIn(deps({ issuer: 'http://127.0.0.1:8080' })));
    assert.throws(() => new OidcSignIn(deps({ issuer: 'http://sso.example.com' })), /must be reached over https/);
    assert.throws(() => new OidcSignIn(deps({ scopes: 'profile groups' })), /must include "openid"/);
    assert.throws(() => new OidcSignIn(deps({ tenantGroups: { team: 'not a tenant!' } })), /maps to an invalid tenant/);
  });

  it('keeps return_to on this site', () => {
    for (const [raw, expected] of [
      ['/', '/'],
      ['/integrations/dhl-carrier?window=24h#top', '/integrations/dhl-carrier?window=24h#top'],
      ['//evil.example/x', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example/', '/'],
      ['javascript:alert(1)', '/'],
      ['relative/path', '/'],
      ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
      ['/a\tb', '/'],
      [undefined, '/'],
      ['', '/'],
    ] as const) {
      assert.equal(safeReturnTo(raw), expected, String(raw));
    }
  });

  it('reads groups from a list, a string or a nested claim', () => {
    assert.deepEqual(groupsOf({ groups: ['a', 'b', 3] }, 'groups'), ['a', 'b']);
    assert.deepEqual(groupsOf({ groups: 'a, b c' }, 'groups'), ['a', 'b', 'c']);
    assert.deepEqual(groupsOf({ realm_access: { roles: ['x'] } }, 'realm_access.roles'), ['x']);
    assert.equal(groupsOf({}, 'groups'), undefined);
  });

  it('maps groups to the highest role and to tenants', () => {
    const config = { name: 'SSO', roleGroups: { 'ops-admins': 'admin', oncall: 'responder', support: 'viewer' }, tenantGroups: { 'acme-team': 'acme' } };
    assert.deepEqual(grantOf(['support', 'ops-admins', 'acme-team'], config), { ok: true, role: 'admin', tenants: null });
    assert.deepEqual(grantOf(['/support', '/acme-team'], config), { ok: true, role: 'viewer', tenants: ['acme'] }, 'Keycloak full group paths');
    assert.equal(grantOf(['marketing'], config).ok, false);
    assert.deepEqual(grantOf(['support'], config), {
      ok: false,
      reason: 'no_tenant',
      message: "your groups make you a viewer but give you no tenant in Switchboard; ask an administrator for access to your team's integrations",
    });
    assert.deepEqual(grantOf([], config), {
      ok: false,
      reason: 'no_role',
      message: 'your groups give you no role in Switchboard (SSO sent no groups); ask an administrator for access',
    });
    assert.deepEqual(grantOf(['support'], { ...config, tenantGroups: {} }), { ok: true, role: 'viewer', tenants: null });
    assert.equal(grantOf(['toString', '__proto__'], config).ok, false, 'no role from the prototype');
  });

  it('makes a username that fits the local rules', () => {
    assert.equal(usernameFrom({ preferred_username: 'jane.doe', email: 'jane@example.com', sub: '1' }), 'jane.doe');
    assert.equal(usernameFrom({ email: 'jane@example.com', sub: '1' }), 'jane@example.com');
    assert.equal(usernameFrom({ preferred_username: 'Jane Doe (Ops)', sub: '1' }), 'Jane-Doe-Ops');
    assert.equal(usernameFrom({ preferred_username: '__', sub: 'f81d4fae' }), 'f81d4fae');
  });
});
