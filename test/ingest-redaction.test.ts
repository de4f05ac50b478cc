/**
 * Redaction everywhere a value is stored (issue 10): a corpus of realistic secret shapes, each sent
 * in every string field of every record kind, in attribute keys and values, and in an OTLP span,
 * must not reach the records table or a rollup series; ordinary values must arrive untouched.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isSecretKey, redactText } from '../src/ingest/redact.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;

/** [what it is, the text sent, the part of it that must never be stored]. */
const SECRETS: Array<[string, string, string]> = [
  ['JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ikpvc2UifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
  ['JWT in text', 'refresh failed for eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhY21lIn0.bm90LWEtcmVhbC1zaWduYXR1cmU', 'eyJpc3MiOiJhY21lIn0'],
  ['bearer header', 'Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0', '9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
  ['basic-auth header', 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'YWxhZGRpbjpvcGVuc2VzYW1l'],
  ['basic-auth URL', 'https://admin:Sup3rS3cretPw@partner.example.com/api/v2', 'Sup3rS3cretPw'],
  ['token as URL user', 'https://ghtoken123456789@git.example.com/repo.git', 'ghtoken123456789'],
  ['api_key query', 'https://api.partner.example/v1/labels?api_key=QK1234abcdSECRET&format=pdf', 'QK1234abcdSECRET'],
  ['access_token query', 'https://graph.example.com/me?fields=id&access_token=AT98765zyxSECRET', 'AT98765zyxSECRET'],
  ['signature query', 'https://bucket.s3.example.com/o?X-Amz-Credential=AKIDEXAMPLE%2F2026&X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7', '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'],
  ['sig query', 'https://acct.blob.example.net/c/b?sv=2021-08-06&sig=Zm9vYmFyU0lHTkFUVVJF%3D', 'Zm9vYmFyU0lHTkFUVVJF'],
  ['oauth code query', 'https://shop.example/callback?code=AUTHCODE4455667788&state=ok', 'AUTHCODE4455667788'],
  ['client_secret query', 'grant_type=client_credentials&client_id=abc&client_secret=CS-778899-SECRET', 'CS-778899-SECRET'],
  ['apikey query', 'https://maps.example.com/geo?apikey=APIKEY00112233', 'APIKEY00112233'],
  ['key query', 'https://maps.example.com/geo?q=berlin&key=KEYVALUE998877', 'KEYVALUE998877'],
  ['password query', 'https://legacy.example.com/login?user=bob&password=hunter2hunter2', 'hunter2hunter2'],
  ['password pair', 'login failed with password=Pa55w0rdSECRET for bob', 'Pa55w0rdSECRET'],
  ['JSON secret', '{"client_secret": "JSONSECRET-5544", "grant": "x"}', 'JSONSECRET-5544'],
  ['api key header', 'x-api-key: HEADERKEY-123987', 'HEADERKEY-123987'],
  ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
  ['AWS secret', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['Stripe secret key', 'sk_live_51H8xXyZAbCdEfGhIjKlMnOpQr', 'sk_live_51H8xXyZAbCdEfGhIjKlMnOpQr'],
  ['Stripe restricted key', 'rk_live_51H8xXyZAbCdEfGhIjKlMnOpQr', 'rk_live_51H8xXyZAbCdEfGhIjKlMnOpQr'],
  ['Stripe publishable key', 'pk_live_51H8xXyZAbCdEfGhIjKlMnOpQr', 'pk_live_51H8xXyZAbCdEfGhIjKlMnOpQr'],
  ['GitHub token', 'ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ', 'ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ'],
  ['GitHub OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
  ['Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['Slack user token', 'token xoxp-123456789012-123456789012-123456789012-abcdef0123', 'xoxp-123456789012-123456789012-123456789012-abcdef0123'],
  ['Google API key', 'AIzaSyA-1234567890abcdefghijklmnopqrstu', 'AIzaSyA-1234567890abcdefghijklmnopqrstu'],
  ['Shopify access token', 'shpat_0123456789abcdef0123456789abcdef', 'shpat_0123456789abcdef0123456789abcdef'],
  ['Switchboard ingest key', 'sbk_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2', 'sbk_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2'],
  ['private key block', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'],
];

/** Ordinary values that must be stored exactly as sent. */
const ORDINARY = [
  'ORD-12345',
  '042-2393567-2100000',
  '#1001',
  '550e8400-e29b-41d4-a716-446655440000',
  'a5eda47742fb7515',
  '4bf92f3577b34da6a3ce929d0e0e4736',
  'JJD104223935668000107',
  '1Z999AA10123456784',
  'HTTP 503: Service Unavailable',
  'upstream timed out (110: Connection timed out)',
  'connection reset by peer',
  '429 Too Many Requests; retry after 30s',
  'rate limit: 100/min',
  'token expired',
  'invalid api key',
  'basic information missing',
  'Bearer token required',
  'label.create',
  'GET /v1/labels/{id}',
  'POST /orders/:id/cancel',
  'https://api.dhl.com/track?trackingNumber=123&lang=en',
  'ops@example.com',
  '2026-11-20T12:00:00Z',
  'eu-west-1',
  'Amazon SP-API',
  'sku=ABC-123',
  'v1.2.3+build.5',
  'orders/create',
  'status code: 500',
  'keyboard',
  'monkey',
  'sk_8',
  'AKIA',
];

const TEXT_FIELDS: Record<string, { kinds: string[]; max: number }> = {
  env: { kinds: ['call', 'run', 'event', 'gauge'], max: 200 },
  site: { kinds: ['call', 'run', 'event', 'gauge'], max: 200 },
  release: { kinds: ['call', 'run', 'event', 'gauge'], max: 200 },
  tenant: { kinds: ['call', 'run', 'event', 'gauge'], max: 200 },
  correlation_id: { kinds: ['call', 'run', 'event', 'gauge'], max: 128 },
  order_id: { kinds: ['call', 'run', 'event', 'gauge'], max: 128 },
  shipment_id: { kinds: ['call', 'run', 'event', 'gauge'], max: 128 },
  operation: { kinds: ['call'], max: 200 },
  error: { kinds: ['call', 'run'], max: 1000 },
  job: { kinds: ['run'], max: 200 },
  name: { kinds: ['event', 'gauge'], max: 200 },
};

function base(kind: string, server: TestServer, integration: string): Record<string, unknown> {
  const ts = server.clock.now - 5 * MINUTE;
  switch (kind) {
    case 'call':
      return { kind, ts, integration, direction: 'outbound', operation: 'label.create', status: 502, latency_ms: 80 };
    case 'run':
      return { kind, ts, integration, job: 'price-scrape', status: 'failed', counts: { skus: 10 } };
    case 'event':
      return { kind, ts, integration, name: 'label.failed' };
    default:
      return { kind, ts, integration, name: 'queue.depth', value: 3 };
  }
}

type Row = Record<string, unknown>;
interface Placement {
  where: string;
  record: Record<string, unknown>;
  /** What of the stored row holds the value, and what it should hold if nothing was redacted. */
  stored: (row: Row) => unknown;
  expected: string;
}

const attrsOf = (row: Row) => JSON.parse(String(row.attrs)) as Record<string, unknown>;

/** Every placement of a text: each string field of each kind, an attribute value, an attribute key, a counts key. */
function placements(server: TestServer, integration: string, value: string): Placement[] {
  const out: Placement[] = [];
  for (const [field, { kinds, max }] of Object.entries(TEXT_FIELDS)) {
    if (value.length > max) continue;
    const expected = field === 'operation' && value.includes('?') ? value.slice(0, value.indexOf('?')) : value;
    for (const kind of kinds) out.push({ where: `${kind}.${field}`, record: { ...base(kind, server, integration), [field]: value }, stored: (row) => row[field], expected });
  }
  for (const kind of ['call', 'run', 'event', 'gauge']) {
    out.push({ where: `${kind}.attrs value`, record: { ...base(kind, server, integration), attrs: { note: value, region: 'eu-west-1' } }, stored: (row) => attrsOf(row).note, expected: value });
    // A secret-named key ("token …") has its value masked by design: not a place for ordinary values.
    if (value.length <= 128 && !isSecretKey(value)) {
      out.push({ where: `${kind}.attrs key`, record: { ...base(kind, server, integration), attrs: { [value]: 'x' } }, stored: (row) => Object.keys(attrsOf(row))[0], expected: value });
    }
  }
  if (value.length <= 128) {
    out.push({ where: 'run.counts key', record: { ...base('run', server, integration), counts: { [value]: 1 } }, stored: (row) => Object.keys(JSON.parse(String(row.counts)) as object)[0], expected: value });
  }
  return out;
}

function otlpSpan(server: TestServer, integration: string, index: number, secret: string) {
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const startNs = BigInt(server.clock.now - 5 * MINUTE) * 1_000_000n;
  return {
    traceId: (index + 1).toString(16).padStart(32, '0'),
    spanId: (index + 1).toString(16).padStart(16, '0'),
    name: `GET /v1/labels?token=${encodeURIComponent(secret)}`,
    kind: 3,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + 50_000_000n),
    attributes: [
      attr('http.request.method', 'GET'),
      { key: 'http.response.status_code', value: { intValue: '500' } },
      attr('switchboard.integration', integration),
      attr('url.full', `https://api.partner.example/v1/labels?access_token=${encodeURIComponent(secret)}`),
      attr('http.request.header.authorization', `Bearer ${secret}`),
      attr('partner.note', secret),
      attr('partner.debug', `response said ${secret}`),
    ],
    status: { code: 2, message: `failed with ${secret}` },
  };
}

async function storedText(server: TestServer, integration: string): Promise<string> {
  const db = server.store.db;
  const records = await db.selectFrom('records').selectAll().where('integration', '=', integration).execute();
  const calls = await db.selectFrom('call_rollups').select(['operation', 'env', 'site', 'release']).where('integration', '=', integration).execute();
  const events = await db.selectFrom('event_rollups').select(['name', 'env', 'site', 'release']).where('integration', '=', integration).execute();
  assert.ok(records.length > 0);
  return JSON.stringify({ records, calls, events });
}

for (const engine of ENGINES) {
  describe(`redaction everywhere a value is stored (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => server.close());

    it('stores none of the secret shapes, in any field of any record kind', async () => {
      const records: Array<Record<string, unknown>> = [];
      const where: string[] = [];
      for (const [what, text] of SECRETS) {
        for (const placement of placements(server, 'redaction-corpus', text)) {
          records.push(placement.record);
          where.push(`${what} in ${placement.where}`);
        }
      }
      const response = await server.ingest(records);
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.rejected.map((r: { index: number; error: string }) => `${where[r.index]}: ${r.error}`),
        [],
      );
      assert.equal(response.body.accepted, records.length);
      const stored = await storedText(server, 'redaction-corpus');
      for (const [what, , secret] of SECRETS) {
        assert.ok(!stored.includes(secret) && !stored.includes(JSON.stringify(secret).slice(1, -1)), `${what} (${secret.slice(0, 24)}…) was stored`);
      }
      assert.ok(stored.includes('[REDACTED]'));
    });

    it('stores none of them through OTLP either (span name, attributes, status message)', async () => {
      const spans = SECRETS.filter(([, text]) => !text.includes('\n')).map(([, text], index) => otlpSpan(server, 'redaction-otlp', index, text));
      const response = await fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeSpans: [{ spans }] }] }),
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('switchboard-spans'), `accepted=${spans.length}, rejected=0, skipped=0`);
      const stored = await storedText(server, 'redaction-otlp');
      for (const [what, , secret] of SECRETS) assert.ok(!stored.includes(secret), `${what} was stored from a span`);
      const operations = await server.store.db.selectFrom('call_rollups').select('operation').distinct().where('integration', '=', 'redaction-otlp').execute();
      assert.deepEqual(operations.map((row) => row.operation), ['GET /v1/labels']);
    });

    it('stores ordinary values (order ids, UUIDs, status texts, URLs) exactly as sent', async () => {
      const all = ORDINARY.flatMap((value) => placements(server, 'redaction-ordinary', value));
      const response = await server.ingest(all.map((placement) => placement.record));
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.rejected, []);
      const rows = await server.store.db.selectFrom('records').selectAll().where('integration', '=', 'redaction-ordinary').orderBy('id').execute();
      assert.equal(rows.length, all.length);
      const changed = all.flatMap((placement, i) => {
        const stored = placement.stored(rows[i] as Row);
        return stored === placement.expected ? [] : [`${placement.where}: sent ${JSON.stringify(placement.expected)}, stored ${JSON.stringify(stored)}`];
      });
      assert.deepEqual(changed, []);
    });

    it('refuses a record whose integration id is itself a credential', async () => {
      const response = await server.ingest([{ ...base('call', server, 'sk_live_51h8xxyzabcdefghijklmnop'), operation: 'x' }]);
      assert.equal(response.status, 200);
      assert.equal(response.body.accepted, 0);
      assert.match(response.body.rejected[0].error, /integration looks like a credential/);
    });
  });
}

describe('redactText', () => {
  it('keeps the masks of the contract: authorization, bearer, basic-auth URLs, key=value', () => {
    assert.equal(redactText('upstream said 401 for Authorization: Bearer abc.def-123_XYZ'), 'upstream said 401 for Authorization: Bearer [REDACTED]');
    assert.equal(redactText('https://svc:pw123@partner.example/api'), 'https://[REDACTED]@partner.example/api');
    assert.equal(redactText('client_id=abc&client_secret=xyz'), 'client_id=abc&client_secret=[REDACTED]');
  });

  it('runs in linear time on hostile text', () => {
    for (const text of ['a=b'.repeat(30_000), ':'.repeat(100_000), 'token'.repeat(20_000) + ':x', 'x'.repeat(100_000) + '=', 'eyJ' + 'a'.repeat(100_000), `Bearer ${'a'.repeat(100_000)}`]) {
      const started = performance.now();
      redactText(text);
      assert.ok(performance.now() - started < 1_000, `${text.slice(0, 10)}… took ${performance.now() - started} ms`);
    }
  });
});
