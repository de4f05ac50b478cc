/**
 * The CPU-saving paths of log validation store exactly what the plain ones would: metadata that
 * holds no secret is kept as sent (key order, `__proto__` as an ordinary key), a secret anywhere in
 * it is masked with every other key kept in order; names remembered as free of secrets never let
 * a secret through, the first time or the thousandth.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { judgeKey, REDACTED, redactName, redactText } from '../src/ingest/redact.js';
import { fingerprintOf } from '../src/logs/fingerprint.js';
import { redactMetadata } from '../src/logs/metadata.js';
import { LOG_LIMITS } from '../src/logs/record.js';

const redacted = (json: string) => redactMetadata(JSON.parse(json), LOG_LIMITS)!;

describe('log metadata redaction', () => {
  it('keeps metadata without secrets as sent, nested values and arrays included', () => {
    const json = '{"entity":"contact","orderId":"o-1","items":[1,"two",{"three":true}],"nested":{"a":null,"b":2.5}}';
    const result = redacted(json);
    assert.equal(result.json, json);
    assert.deepEqual(result.redacted, JSON.parse(json));
  });

  it('masks a secret after clean keys and keeps every key in its place', () => {
    const result = redacted('{"entity":"contact","orderId":"o-1","password":"hunter2","url":"https://bob:s3cret@x.example/p","after":1}');
    assert.equal(result.json, `{"entity":"contact","orderId":"o-1","password":"${REDACTED}","url":"https://${REDACTED}@x.example/p","after":1}`);
  });

  it('masks a secret deep in an array and a key that holds a token', () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const result = redacted(`{"list":["ok",{"note":"Bearer ${token}"}],"${token}":1}`);
    assert.ok(!result.json.includes(token), result.json);
    assert.deepEqual(Object.keys(result.redacted), ['list', REDACTED]);
    assert.equal((result.redacted.list as unknown[])[0], 'ok');
  });

  it('keeps a "__proto__" key as an ordinary key, with and without a secret beside it', () => {
    for (const json of ['{"__proto__":{"x":1},"a":2}', '{"__proto__":{"x":1},"token":"t-123"}']) {
      const result = redacted(json);
      assert.ok(Object.hasOwn(result.redacted, '__proto__'), json);
      assert.equal(Object.getPrototypeOf(result.redacted), Object.prototype, json);
      assert.ok(result.json.startsWith('{"__proto__":{"x":1},'), result.json);
    }
  });
});

describe('remembered names', () => {
  it('redacts a secret name every time and keeps a plain one as it is', () => {
    const secret = 'sbk_0123456789abcdefghij';
    for (let i = 0; i < 3; i++) {
      assert.equal(redactName(secret), redactText(secret));
      assert.notEqual(redactName(secret), secret);
      assert.equal(redactName('crm-east'), 'crm-east');
    }
  });

  it('judges keys the same from memory as afresh, past the memory bound too', () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 12_000; i++) {
        const key = i % 3 === 0 ? `api_key_${i}` : `field_${i}`;
        assert.deepEqual(judgeKey(key), { name: key, secret: i % 3 === 0 });
      }
      assert.equal(judgeKey('password').secret, true);
      assert.deepEqual(judgeKey('token=abcdef123456'), { name: redactText('token=abcdef123456'), secret: true });
    }
  });

  it('gives a remembered pattern the fingerprint a fresh hash gives', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
    for (let i = 0; i < 3; i++) for (const pattern of ['Order <id> not found', 'Invalid session token']) assert.equal(fingerprintOf(pattern), sha(pattern));
  });
});
