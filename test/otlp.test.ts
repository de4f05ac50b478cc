import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode, context, trace, type Attributes as SpanAttributes, type Context, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { callFromSpan } from '../src/ingest/otlp/call-from-span.js';
import { readJsonRequest } from '../src/ingest/otlp/decode-json.js';
import { readProtobufRequest } from '../src/ingest/otlp/decode-protobuf.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
/** ExportResultCode.SUCCESS of @opentelemetry/core. */
const EXPORT_SUCCESS = 0;

type SpanPlan = {
  name: string;
  kind: SpanKind;
  attributes?: SpanAttributes;
  startMs: number;
  durationMs: number;
  parent?: Context;
  fail?: { message: string; exception?: Error };
};

/** Real spans, made and ended by the OpenTelemetry SDK, as an application's instrumentation would. */
async function recordSpans(resource: SpanAttributes, make: (tracer: Tracer, span: (plan: SpanPlan) => Context) => void): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('switchboard-tests');
  make(tracer, (plan) => {
    const span = tracer.startSpan(plan.name, { kind: plan.kind, attributes: plan.attributes, startTime: plan.startMs }, plan.parent);
    if (plan.fail) {
      if (plan.fail.exception) span.recordException(plan.fail.exception, plan.startMs + plan.durationMs);
      span.setStatus({ code: SpanStatusCode.ERROR, message: plan.fail.message });
    }
    span.end(plan.startMs + plan.durationMs);
    return trace.setSpan(plan.parent ?? context.active(), span);
  });
  // The span processor hands ended spans on asynchronously.
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

async function post(server: TestServer, body: string | Uint8Array, headers: Record<string, string | null>) {
  const sent: Record<string, string> = { authorization: `Bearer ${server.key}` };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete sent[name];
    else sent[name] = value;
  }
  const response = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: sent, body: typeof body === 'string' ? body : Buffer.from(body) });
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, spans: response.headers.get('switchboard-spans'), retryAfter: response.headers.get('retry-after'), bytes, json: type.startsWith('application/json') ? JSON.parse(bytes.toString()) : undefined };
}

const postJson = (server: TestServer, body: unknown, headers: Record<string, string | null> = {}) =>
  post(server, typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body), { 'content-type': 'application/json', ...headers });

async function storedCount(server: TestServer): Promise<number> {
  const row = await server.store.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One good outbound call to a partner, for batches that must keep their good spans. */
function goodCall(server: TestServer, host: string, extra: SpanAttributes = {}): Promise<ReadableSpan[]> {
  return recordSpans({ 'service.name': 'checkout' }, (_tracer, span) => {
    span({
      name: 'POST',
      kind: SpanKind.CLIENT,
      startMs: server.clock.now - 5 * MINUTE,
      durationMs: 80,
      attributes: { 'http.request.method': 'POST', 'server.address': host, 'http.response.status_code': 201, ...extra },
    });
  });
}

const jsonRequest = (spans: ReadableSpan[]) => JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString());
const protobufRequest = (spans: ReadableSpan[]) => ProtobufTraceSerializer.serializeRequest(spans)!;

describe('OTLP span mapping', () => {
  const start = 1_795_000_000_000;
  const map = (span: Record<string, unknown>, resource: Array<Record<string, unknown>> = []) => {
    const [item] = readJsonRequest(Buffer.from(JSON.stringify({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans: [span] }] }] })));
    if (!item || !('span' in item)) assert.fail(`not read: ${item && 'error' in item ? item.error : 'no span'}`);
    return callFromSpan(item.resource, item.span);
  };
  const attributes = (values: Record<string, string | number>) =>
    Object.entries(values).map(([key, value]) => ({ key, value: typeof value === 'string' ? { stringValue: value } : { intValue: String(value) } }));
  const span = (kind: number, values: Record<string, string | number>, extra: Record<string, unknown> = {}) => ({
    traceId: '5B8EFFF798038103D269B633813FC60C',
    spanId: 'EEE19B7EC3C1B174',
    name: 'GET',
    kind,
    startTimeUnixNano: String(BigInt(start) * 1_000_000n),
    endTimeUnixNano: String(BigInt(start) * 1_000_000n + 250_500_000n),
    attributes: attributes(values),
    ...extra,
  });

  it('maps the older HTTP attribute names as the stable ones', () => {
    const old = map(span(3, { 'http.method': 'GET', 'http.status_code': 404, 'http.url': 'https://API.DHL.com:443/track?id=1' }));
    assert.ok('call' in old);
    assert.equal(old.call.integration, 'api.dhl.com');
    assert.equal(old.call.status, 404);
    assert.equal(old.call.direction, 'outbound');
    assert.equal(old.call.latency_ms, 250.5);
    assert.equal(old.call.ts, start);
    assert.equal(old.call.correlation_id, '5b8efff798038103d269b633813fc60c');
    const peer = map(span(3, { 'http.method': 'GET', 'http.status_code': '200', 'net.peer.name': 'sandbox.ups.com' }));
    assert.ok('call' in peer);
    assert.equal(peer.call.integration, 'sandbox.ups.com');
    assert.equal(peer.call.status, 200);
  });

  it('takes the operation from switchboard.operation, else http.route, else the span name', () => {
    const operation = (values: Record<string, string | number>) => {
      const mapped = map(span(2, { 'http.request.method': 'POST', 'http.response.status_code': 200, 'server.address': 'shop.example', ...values }));
      assert.ok('call' in mapped);
      return [mapped.call.operation, mapped.call.direction];
    };
    assert.deepEqual(operation({ 'switchboard.operation': 'order.webhook', 'http.route': '/hooks/:id' }), ['order.webhook', 'inbound']);
    assert.deepEqual(operation({ 'http.route': '/hooks/:id' }), ['/hooks/:id', 'inbound']);
    assert.deepEqual(operation({}), ['GET', 'inbound']);
  });

  it('classifies failed spans without a status by error.type and exception events', () => {
    const failed = (values: Record<string, string | number>, events: unknown[] = [], message = '') => {
      const mapped = map(span(3, { 'http.request.method': 'GET', 'server.address': 'api.dhl.com', ...values }, { status: { code: 2, message }, events }));
      assert.ok('call' in mapped, JSON.stringify(mapped));
      assert.equal(mapped.call.status, undefined);
      return mapped.call.error;
    };
    assert.equal(failed({ 'error.type': 'java.net.SocketTimeoutException' }), 'timeout');
    assert.equal(failed({ 'error.type': 'UND_ERR_CONNECT_TIMEOUT' }), 'timeout');
    assert.equal(failed({}, [{ name: 'exception', attributes: attributes({ 'exception.type': 'Error', 'exception.message': 'getaddrinfo ENOTFOUND api.dhl.com' }) }]), 'dns');
    assert.equal(failed({ 'error.type': 'ECONNREFUSED' }), 'connection');
    assert.equal(failed({ 'error.type': 'CERT_HAS_EXPIRED' }), 'tls');
    assert.equal(failed({ 'error.type': 'BrokenPipeline' }), 'BrokenPipeline');
    assert.equal(failed({}, [], 'request aborted'), 'request aborted');
  });

  it('takes the switchboard attributes from the span or its resource, and the resource fields', () => {
    const mapped = map(
      span(3, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': 'api.dhl.com', 'switchboard.order_id': 'o-17', 'switchboard.correlation_id': 'req-9', 'http.request.resend_count': 2 }),
      attributes({ 'switchboard.integration': 'dhl-carrier', 'switchboard.site': 'ams', 'switchboard.tenant': 'acme', 'service.version': '4.2.0', 'deployment.environment': 'staging', 'service.name': 'checkout' }),
    );
    assert.ok('call' in mapped);
    const { call } = mapped;
    assert.deepEqual(
      [call.integration, call.order_id, call.correlation_id, call.site, call.tenant, call.release, call.env, call.attempt],
      ['dhl-carrier', 'o-17', 'req-9', 'ams', 'acme', '4.2.0', 'staging', 3],
    );
    assert.equal(call.attrs?.['otel.trace_id'], '5b8efff798038103d269b633813fc60c');
    assert.equal(call.attrs?.['service.name'], 'checkout');
    assert.equal(call.attrs?.['switchboard.order_id'], undefined);
  });

  it('skips spans that are not HTTP client or server spans, and rejects HTTP spans it cannot map', () => {
    assert.deepEqual(map(span(1, { 'http.request.method': 'GET', 'http.response.status_code': 200 })), { skipped: true });
    assert.deepEqual(map(span(3, { 'db.system': 'postgresql' })), { skipped: true });
    const noStatus = map(span(3, { 'http.request.method': 'GET', 'server.address': 'api.dhl.com' }));
    assert.match('error' in noStatus ? noStatus.error : '', /needs http.response.status_code/);
    const noHost = map(span(3, { 'http.request.method': 'GET', 'http.response.status_code': 200 }));
    assert.match('error' in noHost ? noHost.error : '', /set the switchboard.integration attribute/);
    const zeroTrace = map({ ...span(3, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': 'a.b' }), traceId: '0'.repeat(32) });
    assert.match('error' in zeroTrace ? zeroTrace.error : '', /traceId must be 16 bytes/);
  });

  it('reads every attribute value the official protobuf serializer writes, empty and zero ones too', async () => {
    const spans = await recordSpans({ 'service.name': 'checkout' }, (_tracer, span) => {
      span({
        name: 'GET',
        kind: SpanKind.CLIENT,
        startMs: start,
        durationMs: 1,
        attributes: { empty: '', no: false, zero: 0, half: 0.5, negative: -7, large: 2 ** 40, words: ['a', 'b'], numbers: [1, 2.5] },
      });
    });
    const [item] = readProtobufRequest(Buffer.from(protobufRequest(spans)));
    if (!item || !('span' in item)) assert.fail('not read');
    assert.deepEqual(Object.fromEntries(item.span.attributes), { empty: '', no: false, zero: 0, half: 0.5, negative: -7, large: 2 ** 40, words: '["a","b"]', numbers: '[1,2.5]' });
    assert.equal(item.resource.get('service.name'), 'checkout');
    assert.equal(item.span.traceId, spans[0]!.spanContext().traceId);
    assert.equal(item.span.endNs - item.span.startNs, 1_000_000n);
  });

  it('keeps attrs within the contract limit of 32 keys', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`custom.${i}`, i]));
    const mapped = map(span(3, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': 'api.dhl.com', ...many }));
    assert.ok('call' in mapped);
    assert.equal(Object.keys(mapped.call.attrs ?? {}).length, 32);
  });
});

for (const engine of ENGINES) {
  describe(`OTLP/HTTP traces (${engine.name})`, () => {
    let server: TestServer;
    const saved = { ...process.env };
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => {
      process.env = saved;
      await server.close();
    });

    it('turns spans from the SDK\'s OTLP/JSON exporter, configured by environment only, into call records', async () => {
      const start = server.clock.now - 10 * MINUTE;
      const spans = await recordSpans(
        { 'service.name': 'checkout', 'service.version': '4.2.0', 'deployment.environment.name': 'staging', 'switchboard.site': 'ams' },
        (_tracer, span) => {
          const webhook = span({
            name: 'POST /webhooks/shopify',
            kind: SpanKind.SERVER,
            startMs: start,
            durationMs: 900,
            attributes: { 'http.request.method': 'POST', 'http.route': '/webhooks/shopify', 'http.response.status_code': 200, 'switchboard.integration': 'shopify-connector', 'switchboard.order_id': 'o-100' },
          });
          span({
            name: 'POST',
            kind: SpanKind.CLIENT,
            parent: webhook,
            startMs: start + 10,
            durationMs: 120,
            attributes: { 'http.request.method': 'POST', 'server.address': 'api.dhl.com', 'url.full': 'https://api.dhl.com/labels', 'http.response.status_code': 201, 'switchboard.operation': 'label.create', 'switchboard.shipment_id': 's-100' },
          });
          span({
            name: 'GET',
            kind: SpanKind.CLIENT,
            parent: webhook,
            startMs: start + 200,
            durationMs: 300,
            attributes: { 'http.method': 'GET', 'net.peer.name': 'api.dhl.com', 'http.status_code': 503 },
          });
          span({
            name: 'GET',
            kind: SpanKind.CLIENT,
            parent: webhook,
            startMs: start + 600,
            durationMs: 250,
            attributes: { 'http.request.method': 'GET', 'server.address': 'api.dhl.com', 'error.type': 'ETIMEDOUT' },
            fail: { message: 'connect ETIMEDOUT', exception: new Error('connect ETIMEDOUT 203.0.113.9:443') },
          });
          span({ name: 'render receipt', kind: SpanKind.INTERNAL, parent: webhook, startMs: start + 860, durationMs: 5 });
          span({ name: 'SELECT orders', kind: SpanKind.CLIENT, parent: webhook, startMs: start + 870, durationMs: 3, attributes: { 'db.system': 'postgresql' } });
        },
      );
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = server.url;
      process.env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer%20${server.key}`;
      const exporter = new JsonTraceExporter();
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      assert.equal(result.code, EXPORT_SUCCESS, result.error?.message);

      const traceId = spans[0]!.spanContext().traceId;
      const { body } = await server.get(`/api/v1/trace?correlation_id=${traceId}`);
      const calls = body.records.map((record: Record<string, unknown>) => [record.integration, record.direction, record.operation, record.status, record.outcome, record.error, record.latency_ms]);
      assert.deepEqual(calls, [
        ['shopify-connector', 'inbound', '/webhooks/shopify', 200, 'ok', null, 900],
        ['api.dhl.com', 'outbound', 'label.create', 201, 'ok', null, 120],
        ['api.dhl.com', 'outbound', 'GET', 503, 'server_error', null, 300],
        ['api.dhl.com', 'outbound', 'GET', null, 'timeout', 'timeout', 250],
      ]);
      const [webhook, label] = body.records;
      assert.deepEqual([webhook.env, webhook.release, webhook.site, webhook.order_id, webhook.ts], ['staging', '4.2.0', 'ams', 'o-100', start]);
      assert.equal(label.shipment_id, 's-100');
      assert.equal(label.attrs['service.name'], 'checkout');
      assert.equal(label.attrs['url.full'], 'https://api.dhl.com/labels');

      const window = `from=${server.clock.now - 15 * MINUTE}&to=${server.clock.now}`;
      const summary = (await server.get(`/api/v1/integrations/api.dhl.com/summary?${window}&env=staging`)).body;
      assert.deepEqual([summary.volume, summary.ok, summary.server_error, summary.timeout], [3, 1, 1, 1]);
      assert.ok(Math.abs(summary.p50_ms - 250) <= 250 * 0.02, `p50 ${summary.p50_ms}`);
    });

    it('accepts the OTLP/protobuf exporter, gzip-compressed, and answers in protobuf', async () => {
      const start = server.clock.now - 8 * MINUTE;
      const spans = await recordSpans({ 'service.name': 'warehouse', 'deployment.environment': 'production' }, (_tracer, span) => {
        for (let i = 0; i < 20; i++) {
          span({
            name: 'PUT /rates',
            kind: SpanKind.CLIENT,
            startMs: start + i * 1000,
            durationMs: 40 + i,
            attributes: { 'http.request.method': 'PUT', 'url.full': `https://api.ups.com/rates/${i}`, 'http.response.status_code': i < 18 ? 200 : 429 },
          });
        }
      });
      const exporter = new ProtobufTraceExporter({ url: `${server.url}/v1/traces`, headers: { Authorization: `Bearer ${server.key}` }, compression: CompressionAlgorithm.GZIP });
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      assert.equal(result.code, EXPORT_SUCCESS, result.error?.message);
      const summary = (await server.get(`/api/v1/integrations/api.ups.com/summary?from=${server.clock.now - 15 * MINUTE}&to=${server.clock.now}`)).body;
      assert.deepEqual([summary.volume, summary.ok, summary.rate_limited], [20, 18, 2]);

      const bad = await goodCall(server, 'api.ups.com', { 'switchboard.integration': 'UPS Carrier' });
      const answer = await post(server, gzipSync(protobufRequest([...(await goodCall(server, 'api.ups.com')), ...bad])), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
      assert.equal(answer.status, 200);
      assert.equal(answer.type, 'application/x-protobuf');
      const response = ProtobufTraceSerializer.deserializeResponse(answer.bytes);
      assert.equal(Number(response.partialSuccess?.rejectedSpans), 1);
      assert.match(response.partialSuccess?.errorMessage ?? '', /^1 of 2 spans rejected: resourceSpans\[1\]\.scopeSpans\[0\]\.spans\[0\] \(span [0-9a-f]{16}\): integration must match/);
      const full = await post(server, protobufRequest(await goodCall(server, 'api.ups.com')), { 'content-type': 'application/x-protobuf' });
      assert.equal(full.status, 200);
      assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(full.bytes), {}, 'a full success leaves partialSuccess unset');
      assert.equal(full.spans, 'accepted=1, rejected=0, skipped=0');
    });

    it('refuses a missing or wrong key with 401 and stores nothing', async () => {
      const before = await storedCount(server);
      const spans = await goodCall(server, 'api.dhl.com');
      const wrong = new ProtobufTraceExporter({ url: `${server.url}/v1/traces`, headers: { Authorization: 'Bearer sbk_not-a-key' } });
      const result = await exportSpans(wrong, spans);
      await wrong.shutdown();
      assert.notEqual(result.code, EXPORT_SUCCESS);
      const missing = await postJson(server, jsonRequest(spans), { authorization: null });
      assert.equal(missing.status, 401);
      assert.equal(missing.json.code, 16);
      assert.match(missing.json.message, /missing ingest key/);
      const protobufWrong = await post(server, protobufRequest(spans), { 'content-type': 'application/x-protobuf', authorization: 'Bearer nope' });
      assert.equal(protobufWrong.status, 401);
      assert.equal(protobufWrong.type, 'application/x-protobuf');
      assert.ok(protobufWrong.bytes.includes('unknown or revoked ingest key'), 'a google.rpc.Status message in protobuf');
      assert.equal(await storedCount(server), before);
    });

    it('answers 400 saying where for bodies that cannot be parsed, and stores nothing', async () => {
      const before = await storedCount(server);
      const good = jsonRequest(await goodCall(server, 'api.dhl.com'));
      const text = JSON.stringify(good);
      const broken = await postJson(server, `${text.slice(0, text.indexOf('"scopeSpans"'))}\n]`);
      assert.equal(broken.status, 400);
      assert.match(broken.json.message, /not valid JSON: syntax error at line 2, column 1/);
      const notObject = await postJson(server, [good]);
      assert.match(notObject.json.message, /must be a JSON object \{"resourceSpans": \[…\]\}/);
      const notList = await postJson(server, { resourceSpans: [{ scopeSpans: { spans: [] } }] });
      assert.equal(notList.status, 400);
      assert.match(notList.json.message, /resourceSpans\[0\]\.scopeSpans must be an array, not an object/);

      const bytes = protobufRequest(await goodCall(server, 'api.dhl.com'));
      const truncated = await post(server, bytes.subarray(0, bytes.length - 7), { 'content-type': 'application/x-protobuf' });
      assert.equal(truncated.status, 400);
      assert.ok(truncated.bytes.includes('not a protobuf ExportTraceServiceRequest: index out of range'), truncated.bytes.toString());
      const garbage = await post(server, Buffer.from('this is not protobuf at all'), { 'content-type': 'application/x-protobuf' });
      assert.equal(garbage.status, 400);
      const badGzip = await postJson(server, text, { 'content-encoding': 'gzip' });
      assert.equal(badGzip.status, 400);
      assert.match(badGzip.json.message, /not valid gzip data/);
      assert.equal(await storedCount(server), before);
    });

    it('rejects only the spans with fields of the wrong type, naming each, and keeps the good ones', async () => {
      const before = await storedCount(server);
      const request = jsonRequest((await Promise.all(Array.from({ length: 5 }, () => goodCall(server, 'api.dhl.com')))).flat());
      const spans = request.resourceSpans.flatMap((resource: any) => resource.scopeSpans.flatMap((scope: any) => scope.spans));
      assert.equal(spans.length, 5);
      spans[1].startTimeUnixNano = true;
      spans[2].kind = 'SPAN_KIND_CLIENT';
      spans[3].attributes.push({ key: 'retries', value: { intValue: 'three' } });
      spans[4].traceId = Buffer.from(spans[4].traceId, 'hex').toString('base64');
      const answer = await postJson(server, request);
      assert.equal(answer.status, 200);
      assert.equal(answer.json.partialSuccess.rejectedSpans, '4');
      const message: string = answer.json.partialSuccess.errorMessage;
      assert.match(message, /^4 of 5 spans rejected: /);
      assert.match(message, /resourceSpans\[1\]\.scopeSpans\[0\]\.spans\[0\]: startTimeUnixNano must be nanoseconds since the epoch, as a decimal string or an integer, not true/);
      assert.match(message, /resourceSpans\[2\]\.scopeSpans\[0\]\.spans\[0\]: kind must be an integer \(OTLP\/JSON encodes enums as integers, e\.g\. 3 for SPAN_KIND_CLIENT\)/);
      assert.match(message, /resourceSpans\[3\]\.scopeSpans\[0\]\.spans\[0\]: attributes\[\d+\]\.value\.intValue must be an integer/);
      assert.match(message, /resourceSpans\[4\]\.scopeSpans\[0\]\.spans\[0\]: traceId must be hex digits \(OTLP\/JSON encodes ids as hex, not base64\)/);
      assert.equal(answer.spans, 'accepted=1, rejected=4, skipped=0');
      assert.equal((await storedCount(server)) - before, 1);
    });

    it('rejects spans it cannot record (too old, no status, bad ids) with reasons and counts the skipped ones', async () => {
      const before = await storedCount(server);
      const spans = await recordSpans({ 'service.name': 'checkout' }, (_tracer, span) => {
        const http = { 'http.request.method': 'GET', 'server.address': 'api.dhl.com' };
        span({ name: 'GET', kind: SpanKind.CLIENT, startMs: server.clock.now - MINUTE, durationMs: 10, attributes: { ...http, 'http.response.status_code': 200 } });
        span({ name: 'GET', kind: SpanKind.CLIENT, startMs: server.clock.now - 40 * 24 * 60 * MINUTE, durationMs: 10, attributes: { ...http, 'http.response.status_code': 200 } });
        span({ name: 'GET', kind: SpanKind.CLIENT, startMs: server.clock.now - MINUTE, durationMs: 10, attributes: http });
        span({ name: 'GET', kind: SpanKind.CLIENT, startMs: server.clock.now + 60 * MINUTE, durationMs: 10, attributes: { ...http, 'http.response.status_code': 200 } });
        span({ name: 'cache lookup', kind: SpanKind.INTERNAL, startMs: server.clock.now - MINUTE, durationMs: 1 });
        span({ name: 'publish', kind: SpanKind.PRODUCER, startMs: server.clock.now - MINUTE, durationMs: 1, attributes: http });
      });
      const answer = await postJson(server, jsonRequest(spans));
      assert.equal(answer.status, 200);
      assert.equal(answer.spans, 'accepted=1, rejected=3, skipped=2');
      const message: string = answer.json.partialSuccess.errorMessage;
      assert.match(message, /older than the raw retention allows/);
      assert.match(message, /needs http\.response\.status_code/);
      assert.match(message, /in the future beyond the allowed clock skew/);
      assert.match(message, /besides, 2 skipped as not HTTP client or server spans \(not an error\)/);
      assert.equal((await storedCount(server)) - before, 1);
    });

    it('redacts secrets in span attributes, URLs and errors before storage', async () => {
      const secrets = ['sk_live_51HqLyjWDarjtT1zdp7dc', 'ghp_x9Yk2LmQ8rTz', 'hunter2-hunter2', 'eyJhbGciOiJIUzI1NiJ9.payload'];
      const spans = await recordSpans({ 'service.name': 'checkout', 'switchboard.integration': 'stripe-payments' }, (_tracer, span) => {
        span({
          name: 'POST',
          kind: SpanKind.CLIENT,
          startMs: server.clock.now - 3 * MINUTE,
          durationMs: 60,
          attributes: {
            'http.request.method': 'POST',
            'http.response.status_code': 402,
            'http.request.header.authorization': [`Bearer ${secrets[0]}`],
            'url.full': `https://api.stripe.com/v1/charges?access_token=${secrets[1]}`,
            'payment.client_secret': secrets[2],
          },
        });
        span({
          name: 'POST',
          kind: SpanKind.CLIENT,
          startMs: server.clock.now - 3 * MINUTE,
          durationMs: 60,
          attributes: { 'http.request.method': 'POST', 'error.type': `upstream said Bearer ${secrets[3]}` },
          fail: { message: 'refused' },
        });
      });
      const answer = await post(server, protobufRequest(spans), { 'content-type': 'application/x-protobuf' });
      assert.equal(answer.status, 200);
      assert.equal(answer.spans, 'accepted=2, rejected=0, skipped=0');
      const rows = await server.store.db.selectFrom('records').select(['attrs', 'error']).where('integration', '=', 'stripe-payments').execute();
      assert.equal(rows.length, 2);
      const stored = JSON.stringify(rows);
      for (const secret of secrets) assert.ok(!stored.includes(secret), `${secret} reached storage: ${stored}`);
      const attrs = JSON.parse(rows.find((row) => row.attrs?.includes('charges'))!.attrs!);
      assert.equal(attrs['http.request.header.authorization'], '[REDACTED]');
      assert.equal(attrs['payment.client_secret'], '[REDACTED]');
      assert.equal(attrs['url.full'], 'https://api.stripe.com/v1/charges?access_token=[REDACTED]');
      assert.match(rows.find((row) => row.error)!.error!, /Bearer \[REDACTED\]/);
    });

    it('answers 415 for other content types and content encodings, and stores nothing', async () => {
      const before = await storedCount(server);
      const text = JSON.stringify(jsonRequest(await goodCall(server, 'api.dhl.com')));
      for (const type of ['text/plain', 'application/xml', 'application/x-ndjson']) {
        const answer = await post(server, text, { 'content-type': type });
        assert.equal(answer.status, 415, type);
        assert.match(answer.json.message, /send application\/x-protobuf or application\/json/);
      }
      const bare = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${server.key}` } });
      assert.equal(bare.status, 415, 'no body and no Content-Type');
      const brotli = await postJson(server, text, { 'content-encoding': 'br' });
      assert.equal(brotli.status, 415);
      assert.match(brotli.json.message, /unsupported Content-Encoding "br"/);
      assert.equal(await storedCount(server), before);
    });
  });

  describe(`OTLP/HTTP limits (${engine.name})`, () => {
    let server: TestServer;
    const LIMIT = 64 * 1024;
    before(async () => {
      server = await startTestServer(engine, { env: { SWITCHBOARD_INGEST_MAX_BODY_BYTES: String(LIMIT), SWITCHBOARD_INGEST_MAX_RECORDS: '50' } });
    });
    after(async () => server.close());

    it('answers 429 with Retry-After (RESOURCE_EXHAUSTED) to an address that keeps sending bad keys, so exporters back off', async () => {
      const throttled = await startTestServer(engine, { env: { SWITCHBOARD_RATE_BAD_CREDENTIALS_PER_MINUTE: '2' } });
      try {
        const spans = jsonRequest(await goodCall(throttled, 'api.dhl.com'));
        const answers = [];
        for (let i = 0; i < 4; i++) answers.push(await postJson(throttled, spans, { authorization: 'Bearer sbk_wrong' }));
        const refused = answers.find((answer) => answer.status === 429);
        assert.ok(refused, `statuses ${answers.map((answer) => answer.status).join(', ')}`);
        assert.equal(refused.json.code, 8);
        assert.match(refused.json.message, /too many failed sign-ins or unknown keys/);
        assert.ok(Number(refused.retryAfter) >= 1, `Retry-After: ${refused.retryAfter}`);
      } finally {
        await throttled.close();
      }
    });

    it('answers 413 for a body over the limit, before or after decompression, and stores nothing', async () => {
      const before = await storedCount(server);
      const padding = 'x'.repeat(LIMIT);
      const request = jsonRequest(await goodCall(server, 'api.dhl.com', { note: padding }));
      const oversized = await postJson(server, request);
      assert.equal(oversized.status, 413);
      assert.match(oversized.json.message, /larger than the limit of 65536 bytes/);
      const bomb = gzipSync(JSON.stringify(request));
      assert.ok(bomb.length < LIMIT / 10, 'the compressed body is well under the limit');
      const exploded = await postJson(server, bomb, { 'content-encoding': 'gzip' });
      assert.equal(exploded.status, 413);
      assert.match(exploded.json.message, /decompresses to more than the limit of 65536 bytes/);
      const protobufBomb = await post(server, gzipSync(Buffer.alloc(50 * LIMIT)), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
      assert.equal(protobufBomb.status, 413);
      assert.equal(protobufBomb.type, 'application/x-protobuf');
      assert.equal(await storedCount(server), before);

      const fits = await postJson(server, gzipSync(JSON.stringify(jsonRequest(await goodCall(server, 'api.dhl.com')))), { 'content-encoding': 'gzip' });
      assert.equal(fits.status, 200);
      assert.equal((await storedCount(server)) - before, 1);
    });

    it('answers 413 for more HTTP spans than the record limit, counting skipped spans out', async () => {
      const before = await storedCount(server);
      const make = (calls: number, internal: number) =>
        recordSpans({ 'service.name': 'checkout' }, (_tracer, span) => {
          for (let i = 0; i < calls; i++) {
            span({ name: 'GET', kind: SpanKind.CLIENT, startMs: server.clock.now - MINUTE, durationMs: 5, attributes: { 'http.request.method': 'GET', 'server.address': 'api.dhl.com', 'http.response.status_code': 200 } });
          }
          for (let i = 0; i < internal; i++) span({ name: 'work', kind: SpanKind.INTERNAL, startMs: server.clock.now - MINUTE, durationMs: 1 });
        });
      const over = await post(server, protobufRequest(await make(51, 0)), { 'content-type': 'application/x-protobuf' });
      assert.equal(over.status, 413);
      assert.ok(over.bytes.includes('51 HTTP client and server spans, more than the limit of 50'));
      assert.equal(await storedCount(server), before);
      const under = await post(server, protobufRequest(await make(50, 30)), { 'content-type': 'application/x-protobuf' });
      assert.equal(under.status, 200);
      assert.equal(under.spans, 'accepted=50, rejected=0, skipped=30');
      assert.equal((await storedCount(server)) - before, 50);
    });
  });
}
