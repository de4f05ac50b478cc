/**
 * The test servers check every JSON answer against docs/openapi.json (support/answer-schemas.ts):
 * here, that the check sees a lie, and that the document's answers list their properties as
 * required while request bodies keep their own rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withRequiredAnswerProperties } from '../src/server/openapi-answers.js';
import { answerChecker, AnswerChecker } from './support/answer-schemas.js';

const tile = {
  id: 'dhl', status: 'healthy', status_reason: 'ok', status_reasons: [], title: 'DHL', owner: null, uncatalogued: false, last_seen: 1,
  advice: null, trend: { step_ms: 60_000, start: 0, volume: [1], success_rate: [1] },
  volume: 1, ok: 1, client_error: 0, auth_error: 0, rate_limited: 0, server_error: 0, timeout: 0, network_error: 0, success_rate: 1, p50_ms: 5, p95_ms: 5, p99_ms: 5,
};
const board = { from: 0, to: 60_000, integrations: [tile], total: 1, statuses: { healthy: 1, degraded: 0, down: 0, unknown: 0 }, next: null };

describe('answers checked against the document', () => {
  const checker = answerChecker();

  it('passes an answer that is what the schema says', () => {
    assert.equal(checker.problemOf('GET', '/api/v1/integrations', 200, board), undefined);
  });

  it('names a property the answer leaves out, a wrong type and a value outside an enum', () => {
    const { status: _status, ...withoutStatus } = tile;
    assert.match(checker.problemOf('GET', '/api/v1/integrations', 200, { ...board, integrations: [withoutStatus] }) ?? '', /\/integrations\/0 must have required property 'status'/);
    assert.match(checker.problemOf('GET', '/api/v1/integrations', 200, { ...board, total: '1' }) ?? '', /\/total must be integer/);
    assert.match(checker.problemOf('GET', '/api/v1/integrations', 200, { ...board, integrations: [{ ...tile, status: 'fine' }] }) ?? '', /\/integrations\/0\/status must be equal to one of the allowed values/);
  });

  it('names a property the answer carries beyond its schema, nested ones too', () => {
    assert.match(checker.problemOf('GET', '/api/v1/integrations', 200, { ...board, cursor: 'x' }) ?? '', /\(the answer\) must NOT have unevaluated properties/);
    assert.match(checker.problemOf('GET', '/api/v1/integrations', 200, { ...board, integrations: [{ ...tile, colour: 'green' }] }) ?? '', /\/integrations\/0 must NOT have unevaluated properties/);
  });

  it('checks error answers too, through shared responses', () => {
    assert.equal(checker.problemOf('GET', '/api/v1/integrations', 401, { error: 'sign in', code: 'unauthorized' }), undefined);
    assert.match(checker.problemOf('GET', '/api/v1/integrations', 401, { message: 'sign in' }) ?? '', /required property 'error'/);
    // The OTLP paths refuse with google.rpc.Status, not the API's { error, code }.
    assert.match(checker.problemOf('POST', '/v1/traces', 403, { error: 'no', code: 'forbidden' }) ?? '', /required property 'message'/);
  });

  it('leaves alone what the document gives no JSON schema for', () => {
    assert.equal(checker.problemOf('GET', '/api/v1/catalogue.csv', 200, 'id,title'), undefined);
    assert.equal(checker.problemOf('GET', '/no/such/route', 200, {}), undefined);
  });

  it('follows references into components and through oneOf', () => {
    const document = {
      paths: { '/a/{id}': { get: { responses: { '200': { content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] } } } } } } } },
      components: { schemas: { A: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
    };
    const own = new AnswerChecker(document);
    assert.equal(own.problemOf('get', '/a/{id}', 200, null), undefined);
    assert.equal(own.problemOf('get', '/a/{id}', 200, { n: 1 }), undefined);
    assert.match(own.problemOf('get', '/a/{id}', 200, { n: 'one' }) ?? '', /must be integer/);
  });

  it('closes a schema joined from parts over all of them, and keeps a schema open that says so', () => {
    const document = {
      paths: { '/a': { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } } } } },
      components: {
        schemas: {
          A: {
            type: 'object',
            properties: {
              joined: { allOf: [{ type: 'object', properties: { n: { type: 'integer' } } }, { type: 'object', properties: { m: { type: 'integer' } } }] },
              labels: { type: 'object', additionalProperties: { type: 'string' } },
              open: { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: true },
            },
          },
        },
      },
    };
    const own = new AnswerChecker(document);
    assert.equal(own.problemOf('get', '/a', 200, { joined: { n: 1, m: 2 }, labels: { any: 'x' }, open: { n: 1, more: true } }), undefined);
    assert.match(own.problemOf('get', '/a', 200, { joined: { n: 1, m: 2, k: 3 } }) ?? '', /\/joined must NOT have unevaluated properties/);
    assert.equal('unevaluatedProperties' in document.components.schemas.A, false, 'the source document is left open');
  });
});

describe('answers list their properties as required', () => {
  const source = {
    paths: {
      '/things': {
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } } },
          responses: { '201': { content: { 'application/json': { schema: { type: 'object', properties: { thing: { $ref: '#/components/schemas/Thing' } } } } } } },
        },
      },
    },
    components: {
      schemas: {
        NewThing: { type: 'object', properties: { name: { type: 'string' } } },
        Thing: { type: 'object', properties: { name: { type: 'string' }, note: { type: 'string' }, parts: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } } }, required: ['name'] },
      },
    },
  };
  const filled = withRequiredAnswerProperties(source);

  it('fills `required` on every object an answer reaches, keeping one a schema gives', () => {
    assert.deepEqual((filled.paths['/things'].post.responses['201'].content['application/json'].schema as any).required, ['thing']);
    assert.deepEqual(filled.components.schemas.Thing.required, ['name']);
    assert.deepEqual((filled.components.schemas.Thing.properties.parts.items as any).required, ['n']);
  });

  it('leaves request bodies and the source document as they were', () => {
    assert.equal('required' in filled.components.schemas.NewThing, false);
    assert.equal('required' in source.paths['/things'].post.responses['201'].content['application/json'].schema, false);
  });
});
