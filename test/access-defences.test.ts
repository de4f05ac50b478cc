/**
 * The defences of issue 9, point 7, tried as an attacker would: brute force on passwords and on
 * tokens, a forged cross-site post opened in Chromium, the security headers and session cookie,
 * and the rate limits on writes and expensive reads.
 *
 * Every real HTTP request comes from 127.0.0.1; a second address is simulated with Fastify's
 * inject and its `remoteAddress` (the server sees it as request.ip, as it would a real peer).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from './support/server.js';
import { startTestServer } from './support/server.js';
import { ENGINES } from './support/engines.js';
import { addUser, PASSWORD_OF, signIn, tokenWith } from './support/access.js';
import { buildConsoleIfMissing, launchChromium } from './support/browser.js';

interface Answer {
  status: number;
  retryAfter: number | undefined;
  code: string | undefined;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const parsed = (await response.json().catch(() => ({}))) as { code?: string };
  const retry = response.headers.get('retry-after');
  return { status: response.status, retryAfter: retry === null ? undefined : Number(retry), code: parsed.code };
}

/** A request from another address, through Fastify's inject. */
async function fromAddress(server: TestServer, remoteAddress: string, request: { method: 'GET' | 'POST'; url: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer> {
  const response = await server.app.app.inject({
    method: request.method,
    url: request.url,
    remoteAddress,
    headers: { ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
    ...(request.body !== undefined ? { payload: JSON.stringify(request.body) } : {}),
  });
  const retry = response.headers['retry-after'];
  let code: string | undefined;
  try {
    code = (response.json() as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: response.statusCode, retryAfter: retry === undefined ? undefined : Number(retry), code };
}

/** Runs `attempts` calls of `attempt`, `concurrency` at a time, as a scripted attacker would. */
async function hammer(attempts: number, concurrency: number, attempt: (index: number) => Promise<Answer>, during?: (index: number) => Promise<void>): Promise<Answer[]> {
  const answers: Answer[] = new Array(attempts);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= attempts) return;
      answers[index] = await attempt(index);
      if (during) await during(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[`${answer.status} ${answer.code}`] = (counts[`${answer.status} ${answer.code}`] ?? 0) + 1;
  return counts;
}

/** How many sign-in attempts ran the password hash: each failed one is in the audit trail with its reason. */
async function hashedFailures(server: TestServer, username: string): Promise<number> {
  const rows = await server.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.sign-in').where('actor', '=', username).where('outcome', '=', 'refused').execute();
  return rows.filter((row) => String(row.detail).includes('invalid_credentials')).length;
}

for (const engine of ENGINES) {
  describe(`brute force is slowed, then refused, and others carry on (${engine.name})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => {
      await server?.close();
    });

    it('1,000 wrong passwords for one user from one address: a handful are checked, the rest refused with 429 and Retry-After; another user from another address signs in meanwhile and after', async (t) => {
      await addUser(server, 'olga', 'admin');
      await addUser(server, 'pat', 'viewer');
      const started = performance.now();
      let meanwhile = 0;
      const answers = await hammer(
        1_000,
        20,
        (index) => post(server.url, '/api/v1/auth/sign-in', { username: 'olga', password: `guess number ${index}` }),
        async (index) => {
          // Pat, from another address, signs in now and then while the attack goes on.
          if (index % 250 === 100) {
            const answer = await fromAddress(server, '10.0.0.2', { method: 'POST', url: '/api/v1/auth/sign-in', body: { username: 'pat', password: PASSWORD_OF('pat') } });
            assert.equal(answer.status, 200, `pat signs in during the attack (attempt ${index}): ${answer.status} ${answer.code}`);
            meanwhile++;
          }
        },
      );
      const elapsed = performance.now() - started;
      assert.equal(meanwhile, 4);
      const counts = tally(answers);
      assert.deepEqual(
        Object.keys(counts).filter((key) => !['401 invalid_credentials', '429 locked', '429 too_many_failures', '429 rate_limited'].includes(key)),
        [],
        JSON.stringify(counts),
      );
      // Slowed: only the first few were checked at all; the account locked after five in a row.
      const checked = await hashedFailures(server, 'olga');
      assert.ok(checked <= 10, `${checked} wrong passwords were hashed and checked (${JSON.stringify(counts)})`);
      const user = await server.store.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('username', '=', 'olga').executeTakeFirstOrThrow();
      assert.ok(user.failed_sign_ins >= 5 && user.locked_until !== null && user.locked_until > server.clock.now, `olga's account is locked (${JSON.stringify(user)})`);
      // Refused: the rest answered 429 with Retry-After, without hashing a password.
      const refused = answers.filter((answer) => answer.status === 429);
      assert.ok(refused.length >= 985, JSON.stringify(counts));
      assert.ok(refused.every((answer) => answer.retryAfter !== undefined && answer.retryAfter >= 1), 'every 429 says when to try again');
      // What it cost is the hashes counted above (scrypt, ~50 ms each on a quiet core); the rest is the machine's load.
      t.diagnostic(`1,000 wrong passwords in ${Math.round(elapsed)} ms, ${checked} of them hashed: ${JSON.stringify(counts)}`);
      // After: Pat still signs in from the other address; even the right password for Olga waits out the lock.
      const pat = await fromAddress(server, '10.0.0.2', { method: 'POST', url: '/api/v1/auth/sign-in', body: { username: 'pat', password: PASSWORD_OF('pat') } });
      assert.equal(pat.status, 200);
      const olga = await fromAddress(server, '10.0.0.3', { method: 'POST', url: '/api/v1/auth/sign-in', body: { username: 'olga', password: PASSWORD_OF('olga') } });
      assert.equal(olga.status, 429);
      assert.equal(olga.code, 'locked');
    });

    it("an account's lockout grows with each failure in a row, whatever the address, and ends with the right password", async () => {
      await addUser(server, 'quinn', 'viewer');
      let address = 0;
      const attempt = (password: string) =>
        fromAddress(server, `10.1.0.${++address}`, { method: 'POST', url: '/api/v1/auth/sign-in', body: { username: 'quinn', password } });
      for (let i = 0; i < 4; i++) assert.equal((await attempt('wrong')).status, 401);
      const delays: number[] = [];
      for (let round = 0; round < 4; round++) {
        assert.equal((await attempt('wrong')).status, 401, `failure ${5 + round} is checked once the last lock is over`);
        const locked = await attempt('wrong');
        assert.equal(locked.status, 429);
        assert.equal(locked.code, 'locked');
        delays.push(locked.retryAfter!);
        server.clock.advance(locked.retryAfter! * 1000);
      }
      assert.deepEqual(delays, [30, 60, 120, 240]);
      assert.equal((await attempt(PASSWORD_OF('quinn'))).status, 200);
      // The count starts again after a success.
      assert.equal((await attempt('wrong')).status, 401);
      assert.equal((await attempt('wrong')).status, 401);
    });

    it('1,000 wrong bearer tokens on ingest and on a read route from one address: the first few are looked up, the rest refused with 429; valid callers carry on', async (t) => {
      const readToken = await tokenWith(server, 'dashboards', ['read']);
      // Count the look-ups the guard makes: a refused attempt must not reach the store.
      const verifier = server.app.access.tokens;
      const verify = verifier.verify.bind(verifier);
      let lookups = 0;
      verifier.verify = async (presented, now) => {
        if (presented.includes('guess')) lookups++;
        return verify(presented, now);
      };
      try {
        const started = performance.now();
        let meanwhile = 0;
        const answers = await hammer(
          1_000,
          20,
          (index) =>
            index % 2 === 0
              ? post(server.url, '/api/v1/ingest', [], { authorization: `Bearer sbk_guess${index}` })
              : fetch(`${server.url}/api/v1/integrations/acme-shop/summary`, { headers: { authorization: `Bearer sbt_guess${index}` } }).then(async (response) => ({
                  status: response.status,
                  retryAfter: response.headers.get('retry-after') === null ? undefined : Number(response.headers.get('retry-after')),
                  code: ((await response.json()) as { code?: string }).code,
                })),
          async (index) => {
            if (index % 200 === 50) {
              const ingest = await fromAddress(server, '10.0.0.9', { method: 'POST', url: '/api/v1/ingest', body: [], headers: { authorization: `Bearer ${server.key}` } });
              const read = await fromAddress(server, '10.0.0.9', { method: 'GET', url: '/api/v1/integrations/acme-shop/summary', headers: { authorization: `Bearer ${readToken}` } });
              assert.equal(ingest.status, 200, 'a valid ingest key from another address is served during the attack');
              assert.equal(read.status, 200, 'a valid read token from another address is served during the attack');
              meanwhile++;
            }
          },
        );
        const elapsed = performance.now() - started;
        assert.equal(meanwhile, 5);
        const counts = tally(answers);
        assert.deepEqual(Object.keys(counts).sort(), ['401 unauthorized', '429 too_many_failures'], JSON.stringify(counts));
        assert.ok(counts['401 unauthorized']! <= 20 + 20, JSON.stringify(counts));
        assert.ok(lookups <= 20 + 20, `${lookups} unknown tokens were looked up`);
        assert.ok(answers.filter((answer) => answer.status === 429).every((answer) => answer.retryAfter! >= 1 && answer.retryAfter! <= 60));
        t.diagnostic(`1,000 wrong tokens in ${Math.round(elapsed)} ms, ${lookups} looked up: ${JSON.stringify(counts)}`);

        // From the blocked address itself, a key this server has served lately still works (a
        // neighbour guessing behind the same NAT must not stop its ingest); a token it has not seen
        // yet waits out the block like any guess, and none of this is looked up.
        const before = lookups;
        assert.equal((await post(server.url, '/api/v1/ingest', [], { authorization: `Bearer ${server.key}` })).status, 200);
        assert.equal((await fetch(`${server.url}/api/v1/integrations/acme-shop/summary`, { headers: { authorization: `Bearer ${readToken}` } })).status, 200);
        const unseen = await tokenWith(server, 'not used yet', ['read']);
        const waiting = await fetch(`${server.url}/api/v1/integrations/acme-shop/summary`, { headers: { authorization: `Bearer ${unseen}` } });
        assert.equal(waiting.status, 429);
        assert.equal(lookups, before);

        // The block grows: past it, the next burst of bad tokens blocks the address twice as long.
        server.clock.advance(61_000);
        const second = await hammer(50, 1, (index) => post(server.url, '/api/v1/ingest', [], { authorization: `Bearer sbk_guess_again${index}` }));
        const retry = second.filter((answer) => answer.status === 429).map((answer) => answer.retryAfter!);
        assert.ok(retry.length >= 25 && retry[0]! > 60 && retry[0]! <= 120, `the second block lasts 2 minutes (${JSON.stringify(tally(second))}, first Retry-After ${retry[0]})`);
      } finally {
        verifier.verify = verify;
      }
    });
  });
}

/** A header's directives: "default-src 'self'; script-src 'self'" → { 'default-src': ["'self'"], … }. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function cookieAttributes(setCookie: string): Map<string, string> {
  const [, ...attributes] = setCookie.split(';');
  return new Map(attributes.map((attribute) => {
    const [name, ...value] = attribute.trim().split('=');
    return [name!.toLowerCase(), value.join('=')];
  }));
}

describe('security headers and the session cookie', () => {
  let server: TestServer;
  let secure: TestServer;

  before(async () => {
    buildConsoleIfMissing();
    server = await startTestServer(ENGINES[0]!);
    secure = await startTestServer(ENGINES[0]!, { env: { SWITCHBOARD_COOKIE_SECURE: 'true' } });
  });
  after(async () => {
    await server?.close();
    await secure?.close();
  });

  it("the console and the API send a CSP without inline script, framing refused, nosniff and a referrer policy", async () => {
    const streaming = new AbortController();
    const pages = {
      'the console': await fetch(`${server.url}/`),
      'a console deep link': await fetch(`${server.url}/integrations/acme-shop?window=24h`),
      'an API answer': await fetch(`${server.url}/api/v1/integrations`, { headers: server.auth }),
      'a 401': await fetch(`${server.url}/api/v1/integrations`),
      'a 404': await fetch(`${server.url}/api/v1/no-such-route`, { headers: server.auth }),
      // The live stream writes its own head (a hijacked reply): it must carry the same headers.
      'the live stream': await fetch(`${server.url}/api/v1/stream`, { headers: server.auth, signal: streaming.signal }),
    };
    for (const [what, response] of Object.entries(pages)) {
      if (what === 'the live stream') streaming.abort();
      else await response.arrayBuffer();
      const csp = response.headers.get('content-security-policy');
      assert.ok(csp, `${what}: a Content-Security-Policy`);
      const policy = directives(csp);
      const scripts = policy['script-src'] ?? policy['default-src']!;
      assert.ok(scripts.length > 0 && !scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'") && !scripts.includes('*'), `${what}: script-src ${scripts.join(' ')}`);
      assert.deepEqual(policy['default-src'], ["'self'"], what);
      assert.deepEqual(policy['frame-ancestors'], ["'none'"], what);
      assert.deepEqual(policy['object-src'], ["'none'"], what);
      assert.deepEqual(policy['base-uri'], ["'none'"], what);
      assert.ok(['DENY', 'SAMEORIGIN'].includes(response.headers.get('x-frame-options') ?? ''), `${what}: X-Frame-Options`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', what);
      assert.equal(response.headers.get('strict-transport-security'), null, `${what}: no HSTS on plain HTTP`);
    }
    assert.match(await (await fetch(`${server.url}/`)).text(), /<script[^>]+src=/, 'the console loads its script from a file');
    // Behind HTTPS (SWITCHBOARD_COOKIE_SECURE=true), HSTS too.
    const overTls = await fetch(`${secure.url}/api/v1/auth/providers`);
    assert.match(overTls.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  });

  it('the session cookie is HttpOnly and SameSite, Secure when SWITCHBOARD_COOKIE_SECURE=true, and no secret crosses a URL', async () => {
    await addUser(server, 'hana', 'viewer');
    const session = await signIn(server, 'hana', PASSWORD_OF('hana'), 'viewer');
    const attributes = cookieAttributes(session.setCookie);
    assert.ok(attributes.has('httponly'), session.setCookie);
    assert.equal(attributes.get('samesite')?.toLowerCase(), 'lax', session.setCookie);
    assert.equal(attributes.get('path'), '/');
    assert.ok(!attributes.has('secure'), 'not Secure on plain HTTP unless asked');
    assert.ok(attributes.has('expires') || attributes.has('max-age'), 'the cookie ends with the session');
    assert.ok(session.cookie.length > 'sb_session='.length + 40, 'a long random secret');

    await addUser(secure, 'ines', 'viewer');
    const behindTls = await signIn(secure, 'ines', PASSWORD_OF('ines'), 'viewer');
    const tlsAttributes = cookieAttributes(behindTls.setCookie);
    assert.ok(tlsAttributes.has('secure') && tlsAttributes.has('httponly') && tlsAttributes.get('samesite')?.toLowerCase() === 'lax', behindTls.setCookie);

    // A token in the query string is refused even when valid: URLs end up in logs.
    const inUrl = await fetch(`${server.url}/api/v1/integrations?token=${encodeURIComponent(server.adminToken)}`);
    assert.equal(inUrl.status, 401);
  });

  it('each sign-in rotates the cookie and ends the session the browser held; sign-out ends the session', async () => {
    await addUser(server, 'jo', 'responder');
    const first = await signIn(server, 'jo', PASSWORD_OF('jo'), 'responder');
    const whoAmI = (cookie: string) => fetch(`${server.url}/api/v1/auth/session`, { headers: { cookie } }).then((response) => response.status);
    assert.equal(await whoAmI(first.cookie), 200);
    // The same browser signs in again, presenting its cookie: a new secret and CSRF token; the old one is worthless.
    const again = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ username: 'jo', password: PASSWORD_OF('jo') }),
    });
    assert.equal(again.status, 200);
    const second = again.headers.getSetCookie().find((line) => line.startsWith('sb_session='))!.split(';')[0]!;
    const secondCsrf = ((await again.json()) as { csrf_token: string }).csrf_token;
    assert.notEqual(second, first.cookie);
    assert.notEqual(secondCsrf, first.csrf);
    assert.equal(await whoAmI(first.cookie), 401, 'the cookie from before the sign-in no longer works');
    assert.equal(await whoAmI(second), 200);
    // Another browser of the same user keeps its own session.
    const elsewhere = await signIn(server, 'jo', PASSWORD_OF('jo'), 'responder');
    assert.equal(await whoAmI(second), 200);

    const out = await fetch(`${server.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie: second, 'x-csrf-token': secondCsrf } });
    assert.equal(out.status, 204);
    const cleared = out.headers.getSetCookie().find((line) => line.startsWith('sb_session='));
    assert.ok(cleared && /expires=Thu, 01 Jan 1970/i.test(cleared), `sign-out clears the cookie: ${cleared}`);
    assert.equal(await whoAmI(second), 401, 'the session ended on the server, not just in the browser');
    const write = await fetch(`${server.url}/api/v1/silences`, {
      method: 'POST',
      headers: { cookie: second, 'x-csrf-token': secondCsrf, 'content-type': 'application/json' },
      body: JSON.stringify({ integration: 'acme-shop', duration: '1h', author: 'jo', reason: 'after sign-out' }),
    });
    assert.equal(write.status, 401);
    assert.equal(await whoAmI(elsewhere.cookie), 200, 'signing out ends this session only');
  });
});

describe('rate limits on writes and expensive reads', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer(ENGINES[0]!, { env: { SWITCHBOARD_RATE_WRITES_PER_MINUTE: '5', SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE: '4' } });
  });
  after(async () => {
    await server?.close();
  });

  const silence = (reason: string) => ({ integration: 'acme-shop', duration: '1h', author: 'rate test', reason });

  it('writes: past the limit a caller gets 429 with Retry-After, per caller whatever its address, while other callers behind the same address carry on', async () => {
    const first = await tokenWith(server, 'first responder bot', ['read', 'respond']);
    const second = await tokenWith(server, 'second responder bot', ['read', 'respond']);
    const create = (token: string, reason: string) => post(server.url, '/api/v1/silences', silence(reason), { authorization: `Bearer ${token}` });
    for (let i = 0; i < 5; i++) assert.equal((await create(first, `first ${i}`)).status, 201);
    const refused = await create(first, 'one too many');
    assert.equal(refused.status, 429);
    assert.equal(refused.code, 'rate_limited');
    assert.ok(refused.retryAfter !== undefined && refused.retryAfter >= 1 && refused.retryAfter <= 60, `Retry-After ${refused.retryAfter}`);
    // The same caller from another address is the same bucket…
    const moved = await fromAddress(server, '10.2.0.1', { method: 'POST', url: '/api/v1/silences', body: silence('from elsewhere'), headers: { authorization: `Bearer ${first}` } });
    assert.equal(moved.status, 429);
    // …and another caller from the same address (one office behind one NAT) is not.
    assert.equal((await create(second, 'second')).status, 201);
    // A console user too, counted on their own.
    await addUser(server, 'kim', 'responder');
    const kim = await signIn(server, 'kim', PASSWORD_OF('kim'), 'responder');
    assert.equal((await post(server.url, '/api/v1/silences', silence('kim'), { cookie: kim.cookie, 'x-csrf-token': kim.csrf })).status, 201);
    const silences = (await server.get('/api/v1/silences')).body.silences as unknown[];
    assert.equal(silences.length, 7, 'the refused writes took no effect');
  });

  it('expensive reads (charts, failures, traces, flow, audit exports) are limited per caller; cheap reads are not', async () => {
    const reader = await tokenWith(server, 'wallboard', ['read']);
    const other = await tokenWith(server, 'another wallboard', ['read']);
    const read = (token: string, path: string) =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (response) => {
        await response.arrayBuffer();
        return { status: response.status, retryAfter: response.headers.get('retry-after') };
      });
    for (const path of ['/api/v1/integrations/acme-shop/timeseries', '/api/v1/trace?order_id=o-1', '/api/v1/flow']) {
      for (let i = 0; i < 4; i++) assert.equal((await read(reader, path)).status, 200, `${path} #${i + 1}`);
      const refused = await read(reader, path);
      assert.equal(refused.status, 429, path);
      assert.ok(Number(refused.retryAfter) >= 1, `${path}: Retry-After ${refused.retryAfter}`);
      assert.equal((await read(other, path)).status, 200, `${path}: another caller is not held up`);
    }
    for (let i = 0; i < 12; i++) assert.equal((await read(reader, '/api/v1/integrations/acme-shop/summary')).status, 200, 'a summary is cheap: not limited');
    for (let i = 0; i < 4; i++) assert.equal((await read(server.adminToken, '/api/v1/audit.ndjson')).status, 200);
    assert.equal((await read(server.adminToken, '/api/v1/audit.ndjson')).status, 429);
  });

  it('without a caller (sign-in), the limit is per address', async () => {
    const attempt = (address: string) => fromAddress(server, address, { method: 'POST', url: '/api/v1/auth/sign-in', body: {} });
    for (let i = 0; i < 10; i++) assert.equal((await attempt('10.3.0.1')).status, 400);
    const refused = await attempt('10.3.0.1');
    assert.equal(refused.status, 429);
    assert.ok(refused.retryAfter! >= 1);
    assert.equal((await attempt('10.3.0.2')).status, 400);
  });
});

describe('a forged cross-site request, opened in Chromium, changes nothing', () => {
  let server: TestServer;
  let browser: Browser;
  let evil: Server;
  let evilPort: number;

  before(async () => {
    buildConsoleIfMissing();
    // The browser judges the cookie's Expires by the real date: the server's clock must be now.
    server = await startTestServer(ENGINES[0]!, { now: Date.now() });
    await addUser(server, 'rafa', 'responder');
    browser = await launchChromium();
    // The attacker's site: pages that post to Switchboard as soon as they load.
    const target = server.url;
    const silence = { kind: 'maintenance', integration: 'acme-shop', duration: '99999d', author: 'mallory', reason: 'forged' };
    const json = JSON.stringify(silence);
    const pages: Record<string, string> = {
      // text/plain: name + "=" + value is the body, so the body can be made to parse as JSON.
      '/silence-text': `<form method="POST" action="${target}/api/v1/silences" enctype="text/plain"><input type="hidden" name='${json.slice(0, -1)},"pad":"' value='"}'></form><script>document.forms[0].submit()</script>`,
      '/silence-form': `<form method="POST" action="${target}/api/v1/silences">${Object.entries(silence).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('')}</form><script>document.forms[0].submit()</script>`,
      '/sign-out': `<form method="POST" action="${target}/api/v1/auth/sign-out"></form><script>document.forms[0].submit()</script>`,
      '/fetch': `<script>
        (async () => {
          const results = {};
          const attempt = async (name, promise) => { try { results[name] = await promise; } catch (error) { results[name] = 'blocked: ' + error.name; } };
          await attempt('simple', fetch('${target}/api/v1/silences', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(json)} }).then((r) => r.type));
          await attempt('json', fetch('${target}/api/v1/silences', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': 'a guess' }, body: ${JSON.stringify(json)} }).then((r) => r.status));
          await attempt('signOut', fetch('${target}/api/v1/auth/sign-out', { method: 'POST', mode: 'no-cors', credentials: 'include' }).then((r) => r.type));
          await attempt('readSession', fetch('${target}/api/v1/auth/session', { credentials: 'include' }).then((r) => r.text()));
          window.results = results;
        })();
      </script>`,
    };
    evil = createServer((request, response) => {
      const page = pages[(request.url ?? '').split('?')[0]!];
      response.writeHead(page ? 200 : 404, { 'content-type': 'text/html' });
      response.end(page ? `<!doctype html><html><body>${page}</body></html>` : 'no');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilPort = (evil.address() as AddressInfo).port;
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await server?.close();
  });

  it('forms and fetches from another origin (same site and cross site) neither create a silence nor sign the responder out', async (t) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // The responder signs in in this browser; the cookie is now in its jar.
    const signedIn = await context.request.post(`${server.url}/api/v1/auth/sign-in`, { data: { username: 'rafa', password: PASSWORD_OF('rafa') } });
    assert.equal(signedIn.status(), 200);
    const csrf = ((await signedIn.json()) as { csrf_token: string }).csrf_token;
    // The console runs under its CSP without a violation, and its script cannot read the session cookie.
    await page.goto(`${server.url}/`);
    await page.waitForLoadState('networkidle');
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /sb_session/);
    assert.deepEqual(violations, []);

    // 127.0.0.1:<other port> is another origin but the same site: the browser sends the cookie, the missing CSRF token stops it.
    // localhost:<other port> is another site: the SameSite cookie is not sent at all.
    const origins = { 'same site, other origin': `http://127.0.0.1:${evilPort}`, 'cross site': `http://localhost:${evilPort}` };
    for (const [what, origin] of Object.entries(origins)) {
      for (const path of ['/silence-text', '/silence-form', '/sign-out']) {
        await page.goto(`${origin}${path}`);
        await page.waitForURL(`${server.url}/**`);
        const answer = await page.locator('body').innerText();
        t.diagnostic(`${what} ${path}: ${answer.slice(0, 120)}`);
        // Proof the forged post reached Switchboard, and was refused there.
        assert.match(answer, what === 'cross site' ? /"code":"unauthorized"/ : /"code":"csrf"/, `${what} ${path}`);
      }
      await page.goto(`${origin}/fetch`);
      const results = (await page.waitForFunction(() => (window as unknown as { results?: unknown }).results).then((handle) => handle.jsonValue())) as Record<string, unknown>;
      t.diagnostic(`${what} fetch(): ${JSON.stringify(results)}`);
      // A no-cors post goes out; its answer is opaque, or withheld altogether (Cross-Origin-Resource-Policy: same-origin).
      assert.match(String(results.simple), /^(opaque|blocked: TypeError)$/);
      assert.match(String(results.signOut), /^(opaque|blocked: TypeError)$/);
      assert.match(String(results.json), /^blocked/, 'a JSON post with a header needs a preflight, which Switchboard does not grant');
      assert.match(String(results.readSession), /^blocked/, 'the session (and its CSRF token) cannot be read from another origin');
    }

    // Nothing changed: no silence, and the responder is still signed in with the same session.
    const silences = (await server.get('/api/v1/silences')).body.silences as unknown[];
    assert.deepEqual(silences, []);
    const session = await context.request.get(`${server.url}/api/v1/auth/session`);
    assert.equal(session.status(), 200);
    assert.equal(((await session.json()) as { csrf_token: string }).csrf_token, csrf);
    // The refused same-site attempts are in the audit trail, as refused.
    // (Cross site, the cookie never left the browser: a 401, which is not recorded.) So each forged
    // post and simple fetch from the same site reached Switchboard with the cookie and was refused.
    const audit = await server.store.db.selectFrom('audit_log').select(['action', 'outcome']).where('actor', '=', 'rafa').execute();
    const count = (action: string) => audit.filter((entry) => entry.action === action).map((entry) => entry.outcome);
    assert.deepEqual(count('silence.create'), ['refused', 'refused', 'refused'], JSON.stringify(audit));
    assert.deepEqual(count('auth.sign-out'), ['refused', 'refused'], JSON.stringify(audit));
    // And the console's own write, with the token, from its own origin, works.
    const own = await context.request.post(`${server.url}/api/v1/silences`, {
      headers: { 'x-csrf-token': csrf, origin: server.url },
      data: { integration: 'acme-shop', duration: '30m', author: 'rafa', reason: 'deploy' },
    });
    assert.equal(own.status(), 201);
    await context.close();
  });
});
