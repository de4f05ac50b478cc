import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCatalogueFile } from '../src/catalogue/parse.js';
import { presentEntry } from '../src/catalogue/routes.js';

const HEAD = `apiVersion: switchboard/v1
kind: Integration
metadata:
  name: crm-sync
spec:
  type: saas
  partner: CRM
  owner: team-crm
`;

function parse(spec: string) {
  return parseCatalogueFile(HEAD + spec, 'crm.yaml');
}

describe('recovery actions in the catalogue', () => {
  it('reads http and link actions with defaults and durations', () => {
    const { entries, problems } = parse(`  recovery:
    - name: refresh-token
      title: Refresh the OAuth token
      type: http
      url: https://connections.internal/crm/refresh
      headers: { Authorization: "Bearer \${CONNECTIONS_TOKEN}" }
      body: '{"connection": "crm-eu"}'
      fixes: [auth_error]
      automatic: { maxAttempts: 2 }
    - name: reauthorize
      type: link
      url: https://login.crm.example/oauth/authorize?connection=crm-eu
      fixes: [auth_error]
  messages:
    - { match: invalid_grant, message: The refresh token was revoked; re-authorize the connection., action: reauthorize }
`);
    assert.deepEqual(problems, []);
    const [refresh, link] = entries[0]!.recovery;
    assert.equal(refresh!.type, 'http');
    if (refresh!.type !== 'http') return;
    assert.equal(refresh!.method, 'POST');
    assert.equal(refresh!.timeoutMs, 10_000);
    assert.deepEqual(refresh!.automatic, { maxAttempts: 2, backoffMs: 30_000, cooldownMs: 15 * 60_000 });
    assert.deepEqual(link, { name: 'reauthorize', integration: 'crm-sync', title: 'reauthorize', fixes: ['auth_error'], type: 'link', url: 'https://login.crm.example/oauth/authorize?connection=crm-eu' });
    assert.equal(entries[0]!.messages[0]!.action, 'reauthorize');
  });

  it('reports each problem at its line with a specific message', () => {
    const { entries, problems } = parse(`  recovery:
    - name: refresh
      type: http
      url: https://connections.internal/refresh
      headers: { Authorization: "Bearer abc123secret" }
    - name: replay
      type: http
      url: https://queue.internal/replay?api_key=literal123
      body: '{"password": "hunter22"}'
    - name: reauth
      type: link
      url: https://login.example/authorize?connection=\${CONNECTION}
    - name: reauth2
      type: link
      url: https://login.example/authorize
      automatic: { maxAttempts: 1 }
    - name: refresh
      type: http
      url: https://connections.internal/refresh
      method: FETCH
      fixes: [everything]
    - name: restart
      type: ftp
      url: ftp://x
  messages:
    - { message: Nothing to match on }
    - { match: "([", message: Broken pattern }
    - { status: [401], message: Uses an unknown action, action: nowhere }
`);
    assert.deepEqual(entries, []);
    const at = (line: number, pattern: RegExp) =>
      assert.ok(
        problems.some((p) => p.line === line && pattern.test(p.message)),
        `expected a problem at line ${line} matching ${pattern}; got:\n${problems.map((p) => `${p.line}: ${p.message}`).join('\n')}`,
      );
    at(13, /header "Authorization" holds a literal secret/);
    at(16, /spec\.recovery\.1\.url holds a literal secret/);
    at(17, /spec\.recovery\.1\.body holds a literal secret/);
    at(20, /a link is shown to people, so it cannot hold an \$\{ENV\} reference/);
    at(24, /is a link action: a person opens it, so it cannot run automatically/);
    at(28, /method must be one of "GET", "POST"/);
    at(29, /fixes\.0 must be one of "auth_error"/);
    at(31, /spec\.recovery\.5\.type must be one of "http", "link"/);
    at(34, /needs at least one of "match", "status" or "outcome"/);
    at(35, /match is not a valid regular expression/);
    at(36, /action "nowhere" is not one of this integration's recovery actions/);
  });

  it('refuses a name used twice', () => {
    const { problems } = parse(`  recovery:
    - { name: retry, type: http, url: https://a.internal/retry }
    - { name: retry, type: link, url: https://a.example/retry }
`);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /recovery action name "retry" is used twice/);
  });

  it('shows references, never values, through the catalogue API shape', () => {
    const { entries } = parse(`  recovery:
    - name: refresh
      type: http
      url: https://connections.internal/refresh
      headers: { Authorization: "Bearer \${CONNECTIONS_TOKEN}", X-Tenant: eu }
`);
    const shown = presentEntry(entries[0]!).recovery[0]!;
    assert.equal(shown.type === 'http' && shown.headers.Authorization, 'Bearer ${CONNECTIONS_TOKEN}');
  });
});
