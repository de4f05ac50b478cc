/**
 * Hostile input, property-based (issue 10): batches that mix known-good records with records that
 * are certainly bad (out-of-range ts, 1e309, absurd numbers, long strings, NUL, nested or too many
 * attrs, wrong types, duplicated keys whose last value is bad, not objects at all) and records with
 * random JSON in random fields, as JSON arrays and as NDJSON. Whatever comes: never a 5xx, every good
 * record stored exactly once, every bad one named by its index with a message free of internals,
 * the stored count grows by exactly `accepted`, and /healthz answers fast right after.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const RUNS: Record<string, number> = { sqlite: 250, postgres: 80 };

/** A record as text: its key/value pairs with each value as raw JSON (so 1e309 and duplicated keys can be sent). */
type Pairs = Array<[string, string]>;
type Kind = 'call' | 'run' | 'event' | 'gauge';
interface Sent {
  text: string;
  class: 'good' | 'bad' | 'unknown';
  /** The correlation id a good record is counted back by. */
  marker?: string;
  /** What made a bad one bad, for the failure message. */
  why?: string;
}

const POOLS = {
  integration: ['hostile-a', 'hostile-b', 'hostile-c'],
  operation: ['label.create', 'GET /v1/rates', 'tracking.get'],
  env: ['production', 'staging'],
  site: ['ams-1', 'fra-2'],
  release: ['2026.11.2', '2026.11.3'],
  event: ['order.received', 'label.created'],
};

const noNul = (text: string) => !text.includes('\u0000');
const text = (max: number) => fc.string({ unit: 'binary', maxLength: max }).filter(noNul);
const nonEmpty = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: max }).filter(noNul);

const render = (pairs: Pairs) => `{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
const raw = (value: unknown) => JSON.stringify(value);
const set = (pairs: Pairs, key: string, value: string): Pairs => [...pairs.filter(([k]) => k !== key), [key, value]];
const drop = (pairs: Pairs, key: string): Pairs => pairs.filter(([k]) => k !== key);
/** The key again at the end: JSON.parse keeps the last one. */
const dup = (pairs: Pairs, key: string, value: string): Pairs => [...pairs, [key, value]];
const kindOf = (pairs: Pairs) => JSON.parse(pairs.find(([k]) => k === 'kind')![1]) as Kind;

/** A record that must be accepted, in the shape and ranges the contract allows, with unicode in its free text. */
function goodRecord(now: number) {
  return fc
    .record({
      kind: fc.constantFrom<Kind>('call', 'run', 'event', 'gauge'),
      age: fc.integer({ min: -4 * MINUTE, max: 10 * DAY }),
      tsAsText: fc.boolean(),
      integration: fc.constantFrom(...POOLS.integration),
      env: fc.option(fc.constantFrom(...POOLS.env), { nil: undefined }),
      site: fc.option(fc.constantFrom(...POOLS.site), { nil: undefined }),
      release: fc.option(fc.constantFrom(...POOLS.release), { nil: undefined }),
      order_id: fc.option(nonEmpty(128), { nil: undefined }),
      attrs: fc.option(fc.dictionary(nonEmpty(20), fc.oneof(text(200), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 6 }), { nil: undefined }),
      operation: fc.constantFrom(...POOLS.operation),
      status: fc.integer({ min: 100, max: 599 }),
      error: fc.option(nonEmpty(300), { nil: undefined }),
      latency: fc.double({ min: 0, max: 86_400_000, noNaN: true }),
      attempt: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
      runStatus: fc.constantFrom('success', 'failed', 'partial'),
      duration: fc.option(fc.double({ min: 0, max: 7 * DAY, noNaN: true }), { nil: undefined }),
      counts: fc.option(fc.dictionary(nonEmpty(20), fc.nat()), { nil: undefined }),
      event: fc.constantFrom(...POOLS.event),
      value: fc.double({ min: -1e15, max: 1e15, noNaN: true }),
    })
    .map((g): Pairs => {
      const ts = now - g.age;
      const pairs: Pairs = [
        ['kind', raw(g.kind)],
        ['ts', g.tsAsText ? raw(new Date(ts).toISOString()) : raw(ts)],
        ['integration', raw(g.integration)],
      ];
      for (const field of ['env', 'site', 'release', 'order_id', 'attrs'] as const) if (g[field] !== undefined) pairs.push([field, raw(g[field])]);
      if (g.kind === 'call') {
        pairs.push(['direction', raw('outbound')], ['operation', raw(g.operation)], ['status', raw(g.status)], ['latency_ms', raw(g.latency)]);
        if (g.error !== undefined) pairs.push(['error', raw(g.error)]);
        if (g.attempt !== undefined) pairs.push(['attempt', raw(g.attempt)]);
      } else if (g.kind === 'run') {
        pairs.push(['job', raw('price-scrape')], ['status', raw(g.runStatus)]);
        if (g.duration !== undefined) pairs.push(['duration_ms', raw(g.duration)]);
        if (g.counts !== undefined) pairs.push(['counts', raw(g.counts)]);
        if (g.error !== undefined) pairs.push(['error', raw(g.error)]);
      } else if (g.kind === 'event') {
        pairs.push(['name', raw(g.event)]);
      } else {
        pairs.push(['name', raw('queue.depth')], ['value', raw(g.value)]);
      }
      return pairs;
    });
}

const long = (n: number) => raw('x'.repeat(n));
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Changes that make any record certainly invalid: [why, change]. */
function badChanges(now: number): Array<[string, (pairs: Pairs) => Pairs]> {
  const numberOf: Record<Kind, string> = { call: 'latency_ms', run: 'duration_ms', event: 'name', gauge: 'value' };
  const absurd: Record<Kind, string[]> = {
    call: ['1e309', '-1e309', '-1', '86400001', '1e300', '"12"', 'null'],
    run: ['1e309', '-1', '604800001', '"5"'],
    event: ['""', '12', 'null', long(201)],
    gauge: ['1e309', '-1e309', '1e16', '-1e16', 'true', '"3"'],
  };
  const changes: Array<[string, (pairs: Pairs) => Pairs]> = [];
  for (const ts of ['1e20', '-1e20', '8640000000000001', '9223372036854775807', '"9999-12-31T23:59:59Z"', '"0001-01-01T00:00:00Z"', '"2026-02-30T10:00:00Z"', '1.5', 'null', '"yesterday"', '[]', String(now - 31 * DAY), String(now + 10 * MINUTE)]) {
    changes.push([`ts ${ts}`, (p) => set(p, 'ts', ts)]);
  }
  for (let i = 0; i < 7; i++) changes.push([`absurd number #${i}`, (p) => { const kind = kindOf(p); const list = absurd[kind]; return set(p, numberOf[kind], list[i % list.length]!); }]);
  for (const attrs of ['{"a":{"b":1}}', '{"a":[1]}', '{"a":1e309}', '{"a":null}', '"flat"', '[]', raw(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i]))), raw({ ['k'.repeat(129)]: 1 }), raw({ a: 'v'.repeat(1001) }), `{"deep":${deep(3000)}}`]) {
    changes.push([`attrs ${attrs.slice(0, 30)}`, (p) => set(p, 'attrs', attrs)]);
  }
  changes.push(['env too long', (p) => set(p, 'env', long(201))]);
  changes.push(['correlation_id too long', (p) => set(p, 'correlation_id', long(129))]);
  changes.push(['NUL in site', (p) => set(p, 'site', '"ams\\u00001"')]);
  changes.push(['empty env', (p) => set(p, 'env', '""')]);
  for (const kind of ['"span"', '42', 'null', deep(5000), long(100_000), '{"call":1}']) changes.push([`kind ${kind.slice(0, 20)}`, (p) => set(p, 'kind', kind)]);
  for (const field of ['kind', 'ts', 'integration']) changes.push([`no ${field}`, (p) => drop(p, field)]);
  for (const id of ['"Bad Id"', '""', '"sk_live_51h8xxyzabcdefghijklmnop"', long(65), '7']) changes.push([`integration ${id.slice(0, 20)}`, (p) => set(p, 'integration', id)]);
  changes.push(['counts -1', (p) => set(set(p, 'kind', '"run"'), 'counts', '{"a":-1}')]);
  changes.push(['attempt 1e10', (p) => (kindOf(p) === 'call' ? set(p, 'attempt', '10000000000') : set(p, 'ts', '1e20'))]);
  changes.push(['duplicated ts, the last out of range', (p) => dup(p, 'ts', '1e20')]);
  changes.push(['duplicated kind, the last unknown', (p) => dup(p, 'kind', '"trace"')]);
  return changes;
}

/** Not objects at all. */
const NOT_RECORDS = ['42', '"a record"', 'null', '[]', 'true', deep(2000)];

function batch(now: number) {
  const changes = badChanges(now);
  const good = goodRecord(now).map((pairs) => ({ class: 'good' as const, pairs }));
  const bad = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(goodRecord(now), fc.integer({ min: 0, max: changes.length - 1 })).map(([pairs, i]) => ({ class: 'bad' as const, pairs: changes[i]![1](pairs), why: changes[i]![0] })) },
    { weight: 1, arbitrary: fc.constantFrom(...NOT_RECORDS).map((text) => ({ class: 'bad' as const, text, why: `not an object: ${text.slice(0, 20)}` })) },
  );
  const fields = ['kind', 'ts', 'integration', 'env', 'site', 'release', 'tenant', 'correlation_id', 'order_id', 'shipment_id', 'attrs', 'direction', 'operation', 'status', 'error', 'latency_ms', 'attempt', 'job', 'duration_ms', 'counts', 'name', 'value', 'other'];
  // Random JSON, and JSON that is valid but odd: lone surrogates, underflow, -0, exponents, bidi controls.
  const odd = fc.constantFrom('"\\ud800"', '"\\udfff\\ud800x"', '1e-400', '-0', '1E3', '0.5e1', '"\\u202eabc"', '"\u{1D518}\u{1D52B}"', '"\\u0085\\u2028"', '{}', '""');
  const unknown = fc
    .tuple(goodRecord(now), fc.constantFrom(...fields), fc.oneof(fc.json({ maxDepth: 3 }), odd), fc.boolean())
    .map(([pairs, field, json, duplicate]) => ({ class: 'unknown' as const, pairs: duplicate ? dup(pairs, field, json) : set(pairs, field, json) }));
  return fc.record({
    records: fc.array(fc.oneof({ weight: 3, arbitrary: good }, { weight: 3, arbitrary: bad }, { weight: 2, arbitrary: unknown }), { minLength: 1, maxLength: 30 }),
    ndjson: fc.boolean(),
    blankLines: fc.boolean(),
  });
}

async function totalStored(server: TestServer): Promise<number> {
  const row = await server.store.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const INTERNALS = /\n\s+at |SQLITE|sqlite|postgres|syntax error at or near|relation "|violates|internal error|TypeError|RangeError|undefined|\[object /;

for (const engine of ENGINES) {
  describe(`hostile ingest, property-based (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
      // Every value a good record may carry is known before the hostile ones come, so no limit can refuse a good one.
      const now = server.clock.now;
      const seed = POOLS.integration.flatMap((integration) => [
        ...POOLS.operation.flatMap((operation) => POOLS.env.flatMap((env) => POOLS.site.flatMap((site) => POOLS.release.map((release) => ({ kind: 'call', ts: now, integration, direction: 'outbound', operation, env, site, release, status: 200, latency_ms: 1 }))))),
        ...POOLS.event.map((name) => ({ kind: 'event', ts: now, integration, name })),
      ]);
      assert.equal((await server.ingest(seed)).body.accepted, seed.length);
    });
    after(async () => server.close());

    it('never answers 5xx, keeps every good record exactly once, names every bad one, and stays up', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(batch(server.clock.now), async ({ records, ndjson, blankLines }) => {
          run += 1;
          const sent: Sent[] = records.map((record, i) => {
            if ('text' in record) return { text: record.text, class: record.class, why: record.why };
            if (record.class !== 'good') return { text: render(record.pairs), class: record.class, ...('why' in record ? { why: record.why } : {}) };
            const marker = `good-${engine.name}-${run}-${i}`;
            return { text: render(set(record.pairs, 'correlation_id', raw(marker))), class: 'good', marker };
          });
          // NDJSON indexes are line numbers: blank lines are skipped but counted.
          const indexes = sent.map((_, i) => (ndjson && blankLines ? 2 * i : i));
          const body = ndjson ? sent.map((s) => s.text).join(blankLines ? '\n\n' : '\n') : `[${sent.map((s) => s.text).join(',')}]`;
          const before = await totalStored(server);
          const response = await server.ingest(body, { contentType: ndjson ? 'application/x-ndjson' : 'application/json' });
          assert.equal(response.status, 200, `status ${response.status}: ${JSON.stringify(response.body)?.slice(0, 300)}`);
          const rejected = response.body.rejected as Array<{ index: number; error: string }>;
          const byIndex = new Map(rejected.map((r) => [r.index, r.error]));
          assert.equal(byIndex.size, rejected.length, 'each record is named at most once');
          assert.equal(response.body.accepted + rejected.length, sent.length, 'every record is accepted or rejected');
          sent.forEach((s, i) => {
            const error = byIndex.get(indexes[i]!);
            if (s.class === 'good') assert.equal(error, undefined, `good record ${i} rejected: ${error}\n${s.text.slice(0, 300)}`);
            if (s.class === 'bad') assert.ok(error !== undefined, `bad record ${i} (${s.why}) accepted:\n${s.text.slice(0, 300)}`);
          });
          for (const { index, error } of rejected) {
            assert.ok(indexes.includes(index), `rejection of index ${index}, which was not sent`);
            assert.ok(typeof error === 'string' && error.length > 0 && error.length < 2_000, `a short message: ${error?.slice(0, 100)}`);
            assert.doesNotMatch(error, INTERNALS, 'no internals in a message');
          }
          assert.equal((await totalStored(server)) - before, response.body.accepted, 'the store grew by exactly what was accepted');
          const markers = sent.flatMap((s) => (s.marker ? [s.marker] : []));
          if (markers.length > 0) {
            const rows = await server.store.db.selectFrom('records').select('correlation_id').where('correlation_id', 'in', markers).execute();
            assert.deepEqual(rows.map((row) => row.correlation_id).sort(), [...markers].sort(), 'every good record stored exactly once');
          }
          const started = performance.now();
          const health = await fetch(`${server.url}/healthz`);
          assert.equal(health.status, 200);
          assert.ok(performance.now() - started < 1_000, '/healthz answers within a second');
        }),
        { numRuns: RUNS[engine.name] ?? 25 },
      );
    });

    it('OTLP: random values in every span field answer 200 or 400, never 5xx', async () => {
      const anyValue = fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.record({ stringValue: fc.oneof(text(50), fc.jsonValue({ maxDepth: 1 })) }),
        fc.record({ intValue: fc.oneof(fc.string({ maxLength: 25 }), fc.double(), fc.integer()) }),
        fc.record({ doubleValue: fc.oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity', 'x')) }),
        fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: text(10), value: fc.record({ stringValue: text(20) }) }), { maxLength: 3 }) }) }),
      );
      const now = BigInt(server.clock.now) * 1_000_000n;
      const span = fc.record({
        traceId: fc.oneof(fc.constant('4bf92f3577b34da6a3ce929d0e0e4736'), fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 1 })),
        spanId: fc.oneof(fc.constant('00f067aa0ba902b7'), fc.string({ maxLength: 20 })),
        name: fc.oneof(text(50), fc.constant('GET /labels?api_key=SPANSECRET')),
        kind: fc.oneof(fc.constantFrom(2, 3), fc.jsonValue({ maxDepth: 1 })),
        startTimeUnixNano: fc.oneof(fc.constant(String(now - 60_000_000_000n)), fc.constantFrom('0', '99999999999999999999', '-1', '1e30'), fc.jsonValue({ maxDepth: 1 })),
        endTimeUnixNano: fc.oneof(fc.constant(String(now)), fc.constantFrom('18446744073709551615', '1'), fc.jsonValue({ maxDepth: 1 })),
        attributes: fc.array(fc.oneof(
          fc.record({ key: fc.constantFrom('http.request.method', 'http.response.status_code', 'switchboard.integration', 'server.address', 'url.full', 'switchboard.order_id'), value: anyValue }),
          fc.record({ key: text(20), value: anyValue }),
        ), { maxLength: 8 }),
        status: fc.oneof(fc.record({ code: fc.constantFrom(0, 1, 2), message: text(30) }), fc.jsonValue({ maxDepth: 1 })),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(span, { minLength: 1, maxLength: 10 }), async (spans) => {
          const response = await fetch(`${server.url}/v1/traces`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] }),
          });
          const answerText = await response.text();
          assert.ok(response.status === 200 || response.status === 400, `status ${response.status}: ${answerText}`);
          const answer = JSON.parse(answerText) as { message?: string; partialSuccess?: { errorMessage: string } };
          assert.doesNotMatch(answer.message ?? answer.partialSuccess?.errorMessage ?? '', INTERNALS);
        }),
        { numRuns: engine.name === 'sqlite' ? 60 : 20 },
      );
      const stored = JSON.stringify(await server.store.db.selectFrom('records').selectAll().where('operation', 'like', 'GET /labels%').execute());
      assert.ok(!stored.includes('SPANSECRET'));
    });
  });
}
