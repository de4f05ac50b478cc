import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCatalogueFile } from '../src/catalogue/parse.js';
import { adviceFor, type Symptom } from '../src/recovery/messages.js';
import { crmSyncRecord } from './support/recovery.js';

const { entries } = parseCatalogueFile(
  crmSyncRecord(
    [
      '{ name: refresh-token, type: http, url: "https://connections.internal/refresh", fixes: [auth_error] }',
      '{ name: retry-failed, type: http, url: "https://connections.internal/retry", fixes: [server_error, timeout] }',
      '{ name: replay-dlq, type: http, url: "https://connections.internal/replay", fixes: [dead_letter] }',
    ],
    `  messages:
    - { match: "MAINTENANCE_MODE", message: "CRM is in its Sunday maintenance window (02:00-04:00 UTC).", runbook: partner-timeouts-5xx }
    - { status: [409], match: "duplicate", message: "CRM already holds this contact: the sync sent it twice." }
`,
  ),
  'crm.yaml',
);
const entry = entries[0]!;

/** [what happened, the sentence's start, the next step's start, the action, the runbook, whose pattern]. */
const CASES: Array<[Symptom, RegExp, RegExp, string | null, string | null, 'catalogue' | 'shipped']> = [
  [{ status: 401, outcome: 'auth_error' }, /^The partner refused our credentials \(401\)/, /^Refresh the token or re-authorize/, 'refresh-token', 'credential-expiry', 'shipped'],
  [{ status: 403, outcome: 'auth_error' }, /lack a permission \(403\)/, /^Check the scopes/, 'refresh-token', 'credential-expiry', 'shipped'],
  [{ status: 400, error: 'invalid_grant: refresh token expired' }, /^The access token has expired or been revoked/, /^Refresh the token; if refreshing fails/, 'refresh-token', 'credential-expiry', 'shipped'],
  [{ status: 401, error: 'jwt expired' }, /^The access token has expired/, /^Refresh the token/, 'refresh-token', 'credential-expiry', 'shipped'],
  [{ status: 429, retryAfterSeconds: 30 }, /limiting how often we may call \(429\)/, /^It asks us to wait 30 s/, null, 'rate-limiting', 'shipped'],
  [{ status: 429 }, /\(429\)/, /^Slow down: retry with backoff/, null, 'rate-limiting', 'shipped'],
  [{ status: 503, outcome: 'server_error' }, /server failed \(5xx\)/, /^Retry the failed calls/, 'retry-failed', 'partner-timeouts-5xx', 'shipped'],
  [{ outcome: 'timeout', error: 'timed out after 5000 ms' }, /did not answer in time/, /^Retry; if it goes on/, 'retry-failed', 'partner-timeouts-5xx', 'shipped'],
  [{ outcome: 'network_error', error: 'host name does not resolve (ENOTFOUND)' }, /host name does not resolve \(DNS\)/, /^Check the host/, null, 'partner-timeouts-5xx', 'shipped'],
  [{ outcome: 'network_error', error: 'TLS error: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)' }, /secure \(TLS\) connection/, /certificate chain/, null, 'credential-expiry', 'shipped'],
  [{ outcome: 'network_error', error: 'the server certificate has expired (CERT_HAS_EXPIRED)' }, /TLS certificate has expired/, /^Open a partner ticket/, null, 'credential-expiry', 'shipped'],
  [{ outcome: 'network_error', error: 'connection refused (ECONNREFUSED)' }, /could not be reached/, /^Retry; check our outbound network/, null, 'partner-timeouts-5xx', 'shipped'],
  [{ status: 422, outcome: 'client_error' }, /rejected our requests as invalid \(4xx\)/, /^A retry fails the same way/, null, 'partner-timeouts-5xx', 'shipped'],
  [{ status: 503, error: 'MAINTENANCE_MODE until 04:00' }, /^CRM is in its Sunday maintenance window/, /^Retry the failed calls/, 'retry-failed', 'partner-timeouts-5xx', 'catalogue'],
  [{ status: 409, error: 'duplicate contact' }, /^CRM already holds this contact/, /^A retry fails the same way/, null, 'partner-timeouts-5xx', 'catalogue'],
];

describe('messages a person can act on', () => {
  for (const [symptom, message, next, action, runbook, source] of CASES) {
    it(`${JSON.stringify(symptom)} → ${message.source}`, () => {
      const advice = adviceFor(symptom, entry);
      assert.ok(advice, 'some advice');
      assert.match(advice.message, message);
      assert.match(advice.next, next);
      assert.deepEqual([advice.action, advice.runbook, advice.source], [action, runbook, source]);
    });
  }

  it('says nothing about a success, and offers no action without a catalogue record', () => {
    assert.equal(adviceFor({ status: 200, outcome: 'ok' }, entry), null);
    assert.equal(adviceFor({ status: 401 })!.action, null);
  });

  it('matches a team pattern only when every field it gives matches', () => {
    assert.equal(adviceFor({ status: 500, error: 'duplicate contact' }, entry)!.source, 'shipped', 'status 409 is part of the pattern');
  });
});
