import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';

import { FLOW_EVENTS, type WireCall, type WireEvent, type WireRecord, type WireRun } from '../src/ingest/wire.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import { IntegrationSignals, MESSAGE_FAILED_EVENT, MESSAGE_PROCESSED_EVENT } from '../src/metrics/signals.js';
import { Registry } from 'prom-client';
import { backfill, startFeeder } from '../src/simulator/feeder.js';
import { createSimulator, INCIDENT_KINDS, INTEGRATION_IDS, type Simulator } from '../src/simulator/simulator.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A Wednesday; the day cycle is in UTC, peaking mid-afternoon. */
const DAY = Date.UTC(2026, 10, 18);

// ---------------------------------------------------------------------------------------------
// The contract's rules (shared/CONTRACT.md, "Ingest"), checked independently of the simulator.

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const COMMON = ['kind', 'ts', 'integration', 'env', 'site', 'release', 'tenant', 'correlation_id', 'order_id', 'shipment_id', 'attrs'];
const ALLOWED: Record<string, readonly string[]> = {
  call: [...COMMON, 'direction', 'operation', 'status', 'error', 'latency_ms', 'attempt'],
  run: [...COMMON, 'job', 'status', 'duration_ms', 'counts', 'error'],
  event: [...COMMON, 'name'],
  gauge: [...COMMON, 'name', 'value'],
};

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function contractProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return ['not an object'];
  const r = value;
  const allowed = ALLOWED[r.kind as string];
  if (!allowed) return [`kind ${String(r.kind)}`];
  for (const key of Object.keys(r)) if (!allowed.includes(key)) problems.push(`unexpected field ${key}`);
  // We promise integer epoch milliseconds (the contract also allows RFC 3339 strings).
  if (!Number.isSafeInteger(r.ts) || (r.ts as number) < Date.UTC(2000, 0, 1)) problems.push(`ts ${String(r.ts)}`);
  if (typeof r.integration !== 'string' || !ID.test(r.integration)) problems.push(`integration ${String(r.integration)}`);
  for (const key of ['env', 'site', 'release', 'tenant']) {
    if (r[key] !== undefined && !isNonEmptyString(r[key])) problems.push(`${key} not a string`);
  }
  for (const key of ['correlation_id', 'order_id', 'shipment_id']) {
    if (r[key] !== undefined && (!isNonEmptyString(r[key]) || (r[key] as string).length > 128)) problems.push(`${key} ${String(r[key])}`);
  }
  if (r.attrs !== undefined) {
    if (!isObject(r.attrs)) problems.push('attrs not an object');
    else {
      const entries = Object.entries(r.attrs);
      if (entries.length > 32) problems.push('attrs over 32 keys');
      for (const [k, v] of entries) {
        const ok = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
        if (!ok) problems.push(`attrs.${k} of type ${typeof v}`);
      }
    }
  }
  switch (r.kind) {
    case 'call':
      if (r.direction !== 'inbound' && r.direction !== 'outbound') problems.push(`direction ${String(r.direction)}`);
      if (!isNonEmptyString(r.operation)) problems.push('operation');
      if (r.status === undefined && r.error === undefined) problems.push('neither status nor error');
      if (r.status !== undefined && (!Number.isInteger(r.status) || (r.status as number) < 100 || (r.status as number) > 599)) problems.push(`status ${String(r.status)}`);
      if (r.error !== undefined && !isNonEmptyString(r.error)) problems.push('error not a string');
      // Timeouts and network errors have no status; we never send both.
      if (r.error !== undefined && r.status !== undefined) problems.push('both status and error');
      if (r.error !== undefined && !['timeout', 'connection', 'dns', 'tls'].includes(r.error as string)) problems.push(`error ${String(r.error)}`);
      if (typeof r.latency_ms !== 'number' || !Number.isFinite(r.latency_ms) || r.latency_ms < 0) problems.push(`latency_ms ${String(r.latency_ms)}`);
      if (r.attempt !== undefined && (!Number.isInteger(r.attempt) || (r.attempt as number) < 1)) problems.push(`attempt ${String(r.attempt)}`);
      break;
    case 'run':
      if (!isNonEmptyString(r.job)) problems.push('job');
      if (!['success', 'failed', 'partial'].includes(r.status as string)) problems.push(`run status ${String(r.status)}`);
      if (r.duration_ms !== undefined && (typeof r.duration_ms !== 'number' || r.duration_ms < 0)) problems.push('duration_ms');
      if (r.counts !== undefined) {
        if (!isObject(r.counts)) problems.push('counts not an object');
        else for (const [k, v] of Object.entries(r.counts)) if (!Number.isInteger(v) || (v as number) < 0) problems.push(`counts.${k} ${String(v)}`);
      }
      if (r.error !== undefined && !isNonEmptyString(r.error)) problems.push('run error');
      break;
    case 'event':
      if (!isNonEmptyString(r.name)) problems.push('event name');
      // Not a contract rule, but the simulator only uses the reserved flow signals and the service-bus message counts.
      else if (![...FLOW_EVENTS, MESSAGE_PROCESSED_EVENT, MESSAGE_FAILED_EVENT].includes(r.name)) problems.push(`event name ${r.name}`);
      break;
    case 'gauge':
      if (!isNonEmptyString(r.name)) problems.push('gauge name');
      if (typeof r.value !== 'number' || !Number.isFinite(r.value)) problems.push('gauge value');
      break;
  }
  return problems;
}

function assertAllValid(records: readonly WireRecord[]): void {
  for (const [index, record] of records.entries()) {
    const problems = contractProblems(JSON.parse(JSON.stringify(record)));
    if (problems.length > 0) assert.fail(`record ${index} breaks the contract (${problems.join('; ')}): ${JSON.stringify(record)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

const calls = (records: readonly WireRecord[]): WireCall[] => records.filter((r): r is WireCall => r.kind === 'call');
const events = (records: readonly WireRecord[], name?: string): WireEvent[] =>
  records.filter((r): r is WireEvent => r.kind === 'event' && (name === undefined || r.name === name));
const runs = (records: readonly WireRecord[]): WireRun[] => records.filter((r): r is WireRun => r.kind === 'run');
const tsOf = (r: WireRecord): number => r.ts as number;
const within = (from: number, to: number) => (r: WireRecord) => tsOf(r) >= from && tsOf(r) < to;

function share(items: readonly WireCall[], predicate: (c: WireCall) => boolean): number {
  assert.ok(items.length > 0, 'share of an empty set');
  return items.filter(predicate).length / items.length;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1] ?? NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const is5xx = (c: WireCall) => c.status !== undefined && c.status >= 500;

/** The stream cut into consecutive windows of the given sizes, repeated until `to`. */
function generateInWindows(sim: Simulator, from: number, to: number, sizes: readonly number[]): WireRecord[][] {
  const windows: WireRecord[][] = [];
  let start = from;
  for (let i = 0; start < to; i++) {
    const end = Math.min(to, start + (sizes[i % sizes.length] as number));
    windows.push(sim.generate(start, end));
    start = end;
  }
  return windows;
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// ---------------------------------------------------------------------------------------------

describe('simulator output', () => {
  it('is the same for the same seed and differs for another seed', () => {
    const a = createSimulator({ seed: 11 }).generate(DAY + 14 * HOUR, DAY + 16 * HOUR);
    const b = createSimulator({ seed: 11 }).generate(DAY + 14 * HOUR, DAY + 16 * HOUR);
    const c = createSimulator({ seed: 12 }).generate(DAY + 14 * HOUR, DAY + 16 * HOUR);
    assert.ok(a.length > 10_000);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('does not depend on how time is cut into consecutive windows', () => {
    const from = DAY + 10 * HOUR;
    const to = DAY + 12 * HOUR;
    const whole = createSimulator({ seed: 5 }).generate(from, to);
    const pieces = generateInWindows(createSimulator({ seed: 5 }), from, to, [7 * MINUTE, 13_000, 1, 20 * MINUTE, 999, 61_000]);
    assert.deepEqual(pieces.flat(), whole);
    // A live feeder ticks every second: many boundaries, so records a step produces just after a
    // window's end (a label event after its call's latency) must carry over to the next window.
    const peak = DAY + 15 * HOUR;
    const ticked = generateInWindows(createSimulator({ seed: 5 }), peak, peak + 20 * MINUTE, [1_000]).flat();
    assert.deepEqual(ticked, createSimulator({ seed: 5 }).generate(peak, peak + 20 * MINUTE));
  });

  it('produces only records valid per the contract, every kind, every flow signal and the message counts', () => {
    const sim = createSimulator({ seed: 3 });
    const start = DAY + 12 * HOUR;
    for (const info of INCIDENT_KINDS) sim.startIncident(info.kind, { startMs: start + HOUR, durationMs: 40 * MINUTE });
    // A carrier webhook gap as well as the default shop one.
    sim.startIncident('webhook-gap', { integration: 'ups-carrier', startMs: start + 2 * HOUR, durationMs: 30 * MINUTE });
    const records = generateInWindows(sim, start, start + 6 * HOUR, [17 * MINUTE]).flat();
    assertAllValid(records);
    assert.deepEqual(new Set(records.map((r) => r.kind)), new Set(['call', 'run', 'event', 'gauge']));
    assert.deepEqual(new Set(events(records).map((e) => e.name)), new Set([...FLOW_EVENTS, MESSAGE_PROCESSED_EVENT, MESSAGE_FAILED_EVENT]));
    assert.deepEqual(new Set(records.map((r) => r.integration)), new Set(INTEGRATION_IDS));
    const outcomes = new Set(calls(records).map((c) => c.error ?? String(c.status)));
    for (const expected of ['200', '400', '401', '429', '503', '504', 'timeout', 'connection']) assert.ok(outcomes.has(expected), `no ${expected} call`);
    assert.ok(calls(records).some((c) => (c.attempt ?? 1) > 1), 'no retries');
    assert.ok(runs(records).some((r) => r.status === 'failed' && isNonEmptyString(r.error)), 'no failed run');
  });

  it('returns records sorted by ts and inside the window', () => {
    const sim = createSimulator({ seed: 8 });
    let from = DAY + 9 * HOUR + 123;
    for (const size of [1, 59_999, 15 * MINUTE, 1_234, 2 * HOUR]) {
      const to = from + size;
      const records = sim.generate(from, to);
      for (let i = 0; i < records.length; i++) {
        const ts = tsOf(records[i] as WireRecord);
        assert.ok(ts >= from && ts < to, `ts ${ts} outside [${from}, ${to})`);
        if (i > 0) assert.ok(ts >= tsOf(records[i - 1] as WireRecord), 'not sorted');
      }
      from = to;
    }
    assert.deepEqual(sim.generate(from, from), []);
  });

  it('continues flows across windows: labels first, tracking later, ids linked', () => {
    const sim = createSimulator({ seed: 21 });
    const windows = generateInWindows(sim, DAY + 8 * HOUR, DAY + 16 * HOUR, [10 * MINUTE]);
    const label = new Map<string, { ts: number; window: number; order: string | undefined }>();
    const tracking: Array<{ shipment: string; ts: number; window: number }> = [];
    const created = new Map<string, string | undefined>();
    windows.forEach((records, window) => {
      for (const e of events(records)) {
        if (e.name === 'label.created' && !label.has(e.shipment_id ?? '')) label.set(e.shipment_id ?? '', { ts: tsOf(e), window, order: e.order_id });
        if (e.name === 'tracking.updated') tracking.push({ shipment: e.shipment_id ?? '', ts: tsOf(e), window });
        if (e.name === 'shipment.created') created.set(e.shipment_id ?? '', e.order_id);
      }
    });
    let laterWindow = 0;
    for (const t of tracking) {
      const l = label.get(t.shipment);
      if (!l) continue; // labelled before the first window
      assert.ok(t.ts > l.ts, `tracking of ${t.shipment} before its label`);
      if (t.window > l.window) laterWindow++;
    }
    assert.ok(laterWindow > 200, `only ${laterWindow} tracking updates in a later window than their label`);

    // A shipment's records name its order, so a trace by order finds the shipment.
    const all = windows.flat();
    assert.ok(created.size > 500);
    for (const [shipment, order] of created) {
      assert.ok(order, `shipment.created ${shipment} without order_id`);
      const l = label.get(shipment);
      if (l) assert.equal(l.order, order, 'label.created names another order');
    }
    const labelCalls = calls(all).filter((c) => c.operation === 'label.create');
    assert.ok(labelCalls.length > 500);
    for (const c of labelCalls) {
      assert.ok(c.order_id && c.shipment_id, 'label.create without order and shipment ids');
      if (created.has(c.shipment_id)) assert.equal(c.order_id, created.get(c.shipment_id));
    }
    const orders = events(all, 'order.received').map((e) => e.order_id);
    assert.equal(new Set(orders).size, orders.length, 'an order id was used twice');
    const shipments = events(all, 'shipment.created').map((e) => e.shipment_id);
    assert.equal(new Set(shipments).size, shipments.length, 'a shipment id was used twice');
    // Every order the shop received was announced by its webhook first.
    const webhookOrders = new Set(calls(all).filter((c) => c.operation === 'order.webhook').map((c) => c.order_id));
    for (const e of events(all, 'order.received').filter((e) => e.integration === 'shopify-connector')) {
      assert.ok(webhookOrders.has(e.order_id), `order ${e.order_id} received without a webhook call`);
    }
  });

  it('follows the day: afternoon volume well above night volume, in the intended range', () => {
    const sim = createSimulator({ seed: 2 });
    const night = calls(sim.generate(DAY + 3 * HOUR, DAY + 4 * HOUR));
    const peak = calls(sim.generate(DAY + 15 * HOUR, DAY + 16 * HOUR));
    const peakPerMinute = peak.length / 60;
    assert.ok(peakPerMinute >= 150 && peakPerMinute <= 400, `peak ${peakPerMinute} calls/min`);
    assert.ok(peak.length > 3 * night.length, `peak ${peak.length} vs night ${night.length}`);
    for (const id of ['shopify-connector', 'amazon-marketplace', 'dhl-carrier', 'ups-carrier', 'salesforce-sync']) {
      assert.ok(night.some((c) => c.integration === id), `${id} silent at night`);
    }
  });

  it('multiplies call volume by scale', () => {
    const one = calls(createSimulator({ seed: 4 }).generate(DAY + 15 * HOUR, DAY + 16 * HOUR)).length;
    const four = calls(createSimulator({ seed: 4, scale: 4 }).generate(DAY + 15 * HOUR, DAY + 16 * HOUR)).length;
    assert.ok(four > 3.5 * one && four < 4.5 * one, `scale 4 gave ${four} vs ${one}`);
  });

  it('limits output to the chosen integrations without changing their records', () => {
    const chosen = ['dhl-carrier', 'retailer-feed'];
    const full = createSimulator({ seed: 6 }).generate(DAY + 11 * HOUR, DAY + 13 * HOUR);
    const subset = createSimulator({ seed: 6, integrations: chosen }).generate(DAY + 11 * HOUR, DAY + 13 * HOUR);
    assert.deepEqual(subset, full.filter((r) => chosen.includes(r.integration)));
    assert.deepEqual(createSimulator({ integrations: chosen }).integrations.map((p) => p.id), chosen);
    assert.throws(() => createSimulator({ integrations: ['nope'] }), /unknown integration "nope"/);
    assert.throws(() => createSimulator({ scale: 0 }), /scale/);
  });

  it('generates an afternoon hour of more than 10,000 records', () => {
    const records = createSimulator({ seed: 9 }).generate(DAY + 15 * HOUR, DAY + 16 * HOUR);
    assert.ok(records.length > 10_000, `${records.length} records`);
  });

  it('runs feeds and syncs on their schedules with plausible counts', () => {
    const records = createSimulator({ seed: 10 }).generate(DAY, DAY + 12 * HOUR);
    const scrapes = runs(records).filter((r) => r.job === 'price-scrape');
    const syncs = runs(records).filter((r) => r.job === 'contacts-sync');
    assert.equal(scrapes.length, 12 * 4);
    assert.equal(syncs.length, 12 * 6);
    const skus = scrapes.filter((r) => r.status === 'success').map((r) => r.counts?.skus ?? 0);
    assert.ok(skus.every((n) => n > 4700 && n < 5300), `skus ${skus.join(',')}`);
    assert.ok(scrapes.every((r) => r.integration === 'retailer-feed' && (r.duration_ms ?? 0) > 0));
    const fetches = calls(records).filter((c) => c.operation === 'catalog.fetch');
    assert.ok(fetches.length >= 3 * scrapes.length);
    const runIds = new Set(scrapes.map((r) => r.correlation_id));
    assert.ok(fetches.every((c) => runIds.has(c.correlation_id)), 'catalog.fetch outside a run');
  });

  it("keeps healthy runs' counts inside the count_drop rule's 30 % of the median of the last five (the demo does not page on noise)", () => {
    // Two days of the two integrations with jobs, a day at a time, keeping their runs only.
    const simulator = createSimulator({ seed: 10, integrations: ['salesforce-sync', 'retailer-feed'] });
    const all = [DAY, DAY + 24 * HOUR].flatMap((from) => runs(simulator.generate(from, from + 24 * HOUR)));
    for (const job of ['contacts-sync', 'price-scrape']) {
      const done = all.filter((r) => r.job === job && r.status === 'success');
      assert.ok(done.length > 150, `${job}: ${done.length} runs`);
      for (const name of Object.keys(done[0]!.counts ?? {}).filter((n) => n !== 'errors')) {
        const values = done.map((r) => r.counts![name]!);
        for (let i = 5; i < values.length; i++) {
          const median = values.slice(i - 5, i).sort((a, b) => a - b)[2]!;
          assert.ok(values[i]! >= 0.7 * median, `${job} ${name}: run ${i} counted ${values[i]} against a median of ${median}`);
        }
      }
    }
  });
});

/** The message counts of one integration's events of one name. */
const messageCounts = (records: readonly WireRecord[], integration: string, name: string): number[] =>
  events(records, name).filter((e) => e.integration === integration).map((e) => e.attrs?.count as number);
const sum = (values: readonly number[]) => values.reduce((total, n) => total + n, 0);

describe('service-bus messages', () => {
  it('are reported a minute at a time per queue, following the day, and add up in the Prometheus message counters', async () => {
    const records = createSimulator({ seed: 12 }).generate(DAY, DAY + 24 * HOUR);
    assertAllValid(records);
    const consumers = new Set(events(records, MESSAGE_PROCESSED_EVENT).map((e) => e.integration));
    assert.deepEqual([...consumers].sort(), ['dhl-carrier', 'salesforce-sync']);
    for (const integration of consumers) {
      const processed = events(records, MESSAGE_PROCESSED_EVENT).filter((e) => e.integration === integration);
      assert.equal(processed.length, 24 * 60, `${integration}: one report a minute`);
      assert.equal(messageCounts(records, integration, MESSAGE_FAILED_EVENT).length, 24 * 60);
      assert.ok(processed.every((e) => typeof e.attrs?.queue === 'string' && Number.isInteger(e.attrs.count) && (e.attrs.count as number) >= 0));
      const afternoon = sum(processed.filter(within(DAY + 14 * HOUR, DAY + 17 * HOUR)).map((e) => e.attrs?.count as number));
      const night = sum(processed.filter(within(DAY + 2 * HOUR, DAY + 5 * HOUR)).map((e) => e.attrs?.count as number));
      assert.ok(afternoon > 2 * night, `${integration}: afternoon ${afternoon}, night ${night}`);
    }
    // What the demo's service_bus_messages_*_total show: the counts of the events, per queue.
    const signals = new IntegrationSignals({ registry: new Registry(), labelsOf: () => ({ tenant_id: 'demo', adapter_type: 'x' }), entitiesPerIntegration: 10, maxSeries: 100_000 });
    const bounds = { notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };
    signals.observe(records.map((record) => {
      const result = normalizeRecord(record, bounds);
      assert.ok(result.ok);
      return result.record;
    }));
    const text = Buffer.concat(await signals.render(false)).toString();
    for (const [family, name] of [['service_bus_messages_processed_total', MESSAGE_PROCESSED_EVENT], ['service_bus_messages_failed_total', MESSAGE_FAILED_EVENT]] as const) {
      const shown = new Map([...text.matchAll(new RegExp(`^${family}\\{.*integration_id="([^"]+)".*queue="([^"]+)"\\} (\\d+)$`, 'gm'))].map((m) => [`${m[1]}/${m[2]}`, Number(m[3])]));
      assert.deepEqual(shown, new Map([
        ['dhl-carrier/tracking-events', sum(messageCounts(records, 'dhl-carrier', name))],
        ['salesforce-sync/contacts-in', sum(messageCounts(records, 'salesforce-sync', name))],
      ]), family);
    }
    assert.ok(sum(messageCounts(records, 'dhl-carrier', MESSAGE_FAILED_EVENT)) > 0, 'a day has some failed messages');
  });
});

describe('incidents', () => {
  const from = DAY + 13 * HOUR;
  const start = DAY + 14 * HOUR;
  const end = start + 30 * MINUTE;
  const to = DAY + 16 * HOUR;
  const inside = within(start, end);
  const outside = (r: WireRecord) => !inside(r);

  function withIncident(kind: Parameters<Simulator['startIncident']>[0], integration?: string, durationMs = end - start) {
    const sim = createSimulator({ seed: 31 });
    const incident = sim.startIncident(kind, integration ? { integration, startMs: start, durationMs } : { startMs: start, durationMs });
    return { sim, incident, records: sim.generate(from, to) };
  }

  it('lists every kind with a description and a usable default target', () => {
    assert.ok(INCIDENT_KINDS.length >= 6);
    for (const info of INCIDENT_KINDS) {
      assert.ok(info.description.length > 10);
      const sim = createSimulator();
      const incident = sim.startIncident(info.kind, { startMs: DAY });
      assert.equal(incident.integration, info.defaultIntegration);
      assert.equal(incident.endMs - incident.startMs, info.defaultDurationMs);
    }
  });

  it('server-errors: ≥ 25 % 5xx at the carrier during, ≤ 3 % outside, others untouched', () => {
    const { sim, incident, records } = withIncident('server-errors');
    assert.equal(incident.integration, 'dhl-carrier');
    assert.equal(incident.startMs, start);
    assert.equal(incident.endMs, end);
    assert.deepEqual(sim.activeIncidents(start + MINUTE).map((i) => i.id), [incident.id]);
    assert.deepEqual(sim.activeIncidents(end), []);
    const dhl = calls(records).filter((c) => c.integration === 'dhl-carrier' && c.direction === 'outbound');
    const during = share(dhl.filter(inside), is5xx);
    const usual = share(dhl.filter(outside), is5xx);
    assert.ok(during >= 0.25, `5xx during ${during}`);
    assert.ok(usual <= 0.03, `5xx outside ${usual}`);
    const ups = calls(records).filter((c) => c.integration === 'ups-carrier' && c.direction === 'outbound' && inside(c));
    assert.ok(share(ups, is5xx) <= 0.03);
    assert.ok(events(records, 'label.failed').filter(inside).length > 10, 'labels did not fail');
  });

  it('changes nothing before it starts, even when started mid-stream', () => {
    const plain = createSimulator({ seed: 31 }).generate(from, to);
    // Started mid-minute while the stream is running, as the demo does: what was already generated
    // must stay valid, so the rest of the stream lines up with it.
    const sim = createSimulator({ seed: 31 });
    const midMinute = start + 17_345;
    const before = sim.generate(from, midMinute);
    sim.startIncident('server-errors', { durationMs: 10 * MINUTE });
    const after = sim.generate(midMinute, to);
    assert.deepEqual(before, plain.filter((r) => tsOf(r) < midMinute));
    assert.deepEqual(after.filter((r) => tsOf(r) < midMinute), []);
    // And the stream is the one a simulator that knew of the incident from the start produces.
    const planned = createSimulator({ seed: 31 });
    planned.startIncident('server-errors', { startMs: midMinute, durationMs: 10 * MINUTE });
    assert.deepEqual([...before, ...after], planned.generate(from, to));
    assert.notDeepEqual(after, plain.filter((r) => tsOf(r) >= midMinute));
  });

  it('server-errors at a queue consumer: fewer messages through and many failed during, the backlog worked off after', () => {
    const { records } = withIncident('server-errors');
    const perMinute = (name: string, window: (r: WireRecord) => boolean) => {
      const counts = events(records, name).filter((e) => e.integration === 'dhl-carrier' && window(e)).map((e) => e.attrs?.count as number);
      return sum(counts) / counts.length;
    };
    const before = within(from, start);
    const after = within(end, end + 30 * MINUTE);
    const failedShare = (window: (r: WireRecord) => boolean) => perMinute(MESSAGE_FAILED_EVENT, window) / (perMinute(MESSAGE_FAILED_EVENT, window) + perMinute(MESSAGE_PROCESSED_EVENT, window));
    assert.ok(failedShare(inside) >= 0.2, `failed during ${failedShare(inside)}`);
    assert.ok(failedShare(before) <= 0.02, `failed before ${failedShare(before)}`);
    assert.ok(perMinute(MESSAGE_PROCESSED_EVENT, inside) < 0.6 * perMinute(MESSAGE_PROCESSED_EVENT, before), 'fewer processed during');
    assert.ok(perMinute(MESSAGE_PROCESSED_EVENT, after) > 1.5 * perMinute(MESSAGE_PROCESSED_EVENT, before), 'the backlog is worked off after');
    // Another consumer's queue is untouched.
    const salesforce = events(records, MESSAGE_FAILED_EVENT).filter((e) => e.integration === 'salesforce-sync' && inside(e));
    assert.ok(sum(salesforce.map((e) => e.attrs?.count as number)) <= salesforce.length, 'salesforce-sync failures stay rare');
  });

  it('latency-spike: p95 of the target ×5 during', () => {
    const { incident, records } = withIncident('latency-spike');
    const target = calls(records).filter((c) => c.integration === incident.integration && c.direction === 'outbound');
    const during = p95(target.filter(inside).map((c) => c.latency_ms));
    const usual = p95(target.filter(outside).map((c) => c.latency_ms));
    assert.ok(during >= 3.5 * usual, `p95 ${during} vs ${usual}`);
  });

  it('webhook-gap at a shop: no inbound webhooks during, redelivered after', () => {
    const { incident, records } = withIncident('webhook-gap');
    assert.equal(incident.integration, 'shopify-connector');
    const shop = records.filter((r) => r.integration === 'shopify-connector');
    assert.equal(calls(shop).filter((c) => c.direction === 'inbound' && inside(c)).length, 0);
    assert.equal(events(shop, 'webhook.received').filter(inside).length, 0);
    assert.ok(calls(shop).filter((c) => c.direction === 'inbound' && outside(c)).length > 100);
    const redelivered = calls(shop).filter((c) => c.operation === 'order.webhook' && (c.attempt ?? 1) > 1 && tsOf(c) >= end);
    assert.ok(redelivered.length > 50, `only ${redelivered.length} webhooks redelivered`);
  });

  it('webhook-gap at a carrier: tracking webhooks stop during', () => {
    const { records } = withIncident('webhook-gap', 'dhl-carrier');
    const dhl = records.filter((r) => r.integration === 'dhl-carrier');
    assert.equal(calls(dhl).filter((c) => c.direction === 'inbound' && inside(c)).length, 0);
    assert.equal(events(dhl, 'webhook.received').filter(inside).length, 0);
    assert.equal(events(dhl, 'tracking.updated').filter(inside).length, 0);
    assert.ok(events(dhl, 'tracking.updated').filter(outside).length > 100);
  });

  it('rate-limit-storm: 429s dominate the marketplace during', () => {
    const { incident, records } = withIncident('rate-limit-storm');
    assert.equal(incident.integration, 'amazon-marketplace');
    const market = calls(records).filter((c) => c.integration === 'amazon-marketplace');
    const during = share(market.filter(inside), (c) => c.status === 429);
    const usual = share(market.filter(outside), (c) => c.status === 429);
    assert.ok(during >= 0.4, `429 during ${during}`);
    assert.ok(usual <= 0.05, `429 outside ${usual}`);
  });

  it('auth-expired: 401s during, token refresh fails', () => {
    const { incident, records } = withIncident('auth-expired');
    const target = calls(records).filter((c) => c.integration === incident.integration);
    assert.ok(share(target.filter(inside), (c) => c.status === 401) >= 0.8);
    assert.ok(share(target.filter(outside), (c) => c.status === 401) <= 0.01);
    const refreshes = target.filter((c) => c.operation === 'token.refresh' && inside(c));
    assert.ok(refreshes.length > 0 && refreshes.every((c) => c.status === 401));
  });

  it('count-drop: SKU counts ≥ 30 % below the usual while it lasts', () => {
    const { records } = withIncident('count-drop', undefined, 2 * HOUR);
    const scrapes = runs(records).filter((r) => r.job === 'price-scrape' && r.status === 'success');
    const dropped = scrapes.filter(within(start, start + 2 * HOUR)).map((r) => r.counts?.skus ?? 0);
    const usual = median(scrapes.filter((r) => !within(start, start + 2 * HOUR)(r)).map((r) => r.counts?.skus ?? 0));
    assert.ok(dropped.length >= 4);
    assert.ok(dropped.every((n) => n <= 0.7 * usual), `skus ${dropped.join(',')} vs usual ${usual}`);
  });

  it('run-failures: every run fails with an error while it lasts', () => {
    const { records } = withIncident('run-failures', undefined, HOUR);
    const scrapes = runs(records).filter((r) => r.job === 'price-scrape');
    const during = scrapes.filter(within(start, start + HOUR));
    assert.ok(during.length >= 3);
    assert.ok(during.every((r) => r.status === 'failed' && isNonEmptyString(r.error) && r.counts === undefined));
    const rest = scrapes.filter((r) => !within(start, start + HOUR)(r));
    assert.ok(rest.filter((r) => r.status === 'success').length >= 0.8 * rest.length);
  });

  it('stops early when asked, and validates what it is given', () => {
    const sim = createSimulator({ seed: 31 });
    const incident = sim.startIncident('server-errors', { startMs: start, durationMs: 2 * HOUR });
    sim.generate(from, start + 10 * MINUTE);
    const stopped = sim.stopIncident(incident.id);
    assert.equal(stopped?.endMs, start + 10 * MINUTE);
    assert.equal(sim.stopIncident('inc-404'), undefined);
    const after = calls(sim.generate(start + 10 * MINUTE, start + 40 * MINUTE)).filter((c) => c.integration === 'dhl-carrier' && c.direction === 'outbound');
    assert.ok(share(after, is5xx) <= 0.03);
    assert.equal(sim.incidents().length, 1);

    assert.throws(() => sim.startIncident('meteor' as never), /unknown incident kind/);
    assert.throws(() => sim.startIncident('count-drop', { integration: 'dhl-carrier' }), /job runs/);
    assert.throws(() => createSimulator({ integrations: ['ups-carrier'] }).startIncident('server-errors'), /not one of this simulator/);
  });
});

// ---------------------------------------------------------------------------------------------

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A real HTTP server on loopback recording what it is sent; `answer` picks the status of request n. */
async function startRecorder(answer: (n: number) => number = () => 200) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = answer(requests.length);
      requests.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      const lines = body.split('\n').filter((l) => l.length > 0).length;
      res.end(JSON.stringify(status === 200 ? { accepted: lines, rejected: [] } : { error: 'unavailable' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Records of the requests the server accepted, in the order they arrived. */
    accepted: () => requests.filter((r) => r.status === 200).flatMap((r) => r.body.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as WireRecord)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('feeder', () => {
  const t0 = DAY + 15 * HOUR;

  /** Moves the fake clock in steps, letting the feeder finish a full tick after each step. */
  async function drive(feeder: ReturnType<typeof startFeeder>, clock: { now: number }, steps: number, stepMs: number) {
    for (let i = 0; i < steps; i++) {
      clock.now += stepMs;
      const ticks = feeder.stats().ticks;
      await waitFor('two ticks', () => feeder.stats().ticks >= ticks + 2);
    }
  }

  it('posts each window once, as NDJSON with the key, in batches', { timeout: 30_000 }, async () => {
    const server = await startRecorder();
    const clock = { now: t0 };
    const errors: Error[] = [];
    const feeder = startFeeder({
      simulator: createSimulator({ seed: 13 }),
      url: server.url + '/',
      ingestKey: 'sk_test_123',
      intervalMs: 5,
      clock: () => clock.now,
      onError: (e) => errors.push(e),
      batchSize: 400,
    });
    try {
      await drive(feeder, clock, 6, 90_000);
    } finally {
      await feeder.stop();
      await server.close();
    }
    assert.deepEqual(errors, []);
    assert.ok(server.requests.length > 6);
    for (const request of server.requests) {
      assert.equal(request.headers['content-type'], 'application/x-ndjson');
      assert.equal(request.headers.authorization, 'Bearer sk_test_123');
      assert.ok(request.body.endsWith('\n'));
      const lines = request.body.trimEnd().split('\n');
      assert.ok(lines.length <= 400, `batch of ${lines.length}`);
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line));
    }
    // Exactly the stream a fresh simulator produces: nothing lost, nothing twice, in order.
    const expected = createSimulator({ seed: 13 }).generate(t0, clock.now);
    assert.deepEqual(server.accepted(), expected);
    const stats = feeder.stats();
    assert.equal(stats.sent, expected.length);
    assert.equal(stats.failed, 0);
    assert.equal(stats.pending, 0);
  });

  it('reports a 503 and delivers the failed window on a later tick', { timeout: 30_000 }, async () => {
    // The second request fails; its records stay pending and go out first next time.
    const server = await startRecorder((n) => (n === 1 ? 503 : 200));
    const clock = { now: t0 };
    const errors: Error[] = [];
    const feeder = startFeeder({
      simulator: createSimulator({ seed: 14 }),
      url: server.url,
      ingestKey: 'k',
      intervalMs: 5,
      clock: () => clock.now,
      onError: (e) => errors.push(e),
    });
    try {
      await drive(feeder, clock, 5, 60_000);
    } finally {
      await feeder.stop();
      await server.close();
    }
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /503/);
    assert.equal(feeder.stats().failed, 1);
    assert.match(feeder.stats().lastError ?? '', /503/);
    assert.ok(server.requests.length >= 4, 'no batches after the failure');
    assert.deepEqual(server.accepted(), createSimulator({ seed: 14 }).generate(t0, clock.now));
  });

  it('keeps a bounded backlog while the server is unreachable', { timeout: 30_000 }, async () => {
    const server = await startRecorder();
    const url = server.url;
    await server.close(); // nothing listens there any more
    const clock = { now: t0 };
    const errors: Error[] = [];
    const feeder = startFeeder({
      simulator: createSimulator({ seed: 15 }),
      url,
      ingestKey: 'k',
      intervalMs: 5,
      clock: () => clock.now,
      onError: (e) => errors.push(e),
      batchSize: 500,
      maxPending: 1_000,
    });
    try {
      await drive(feeder, clock, 1, 30 * MINUTE);
    } finally {
      await feeder.stop();
    }
    const generated = createSimulator({ seed: 15 }).generate(t0, clock.now).length;
    const stats = feeder.stats();
    assert.equal(stats.pending, 1_000);
    assert.equal(stats.dropped, generated - 1_000);
    assert.equal(stats.sent, 0);
    assert.ok(stats.failed >= 1);
    assert.ok(errors.some((e) => /failed/.test(e.message)), errors.map((e) => e.message).join('\n'));
  });

  it('drops a batch the server refuses for good, and carries on', { timeout: 30_000 }, async () => {
    const server = await startRecorder((n) => (n === 0 ? 401 : 200));
    const clock = { now: t0 };
    const errors: Error[] = [];
    const feeder = startFeeder({
      simulator: createSimulator({ seed: 16 }),
      url: server.url,
      ingestKey: 'wrong-then-fixed',
      intervalMs: 5,
      clock: () => clock.now,
      onError: (e) => errors.push(e),
    });
    try {
      await drive(feeder, clock, 3, MINUTE);
    } finally {
      await feeder.stop();
      await server.close();
    }
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /401/);
    const stats = feeder.stats();
    assert.ok(stats.dropped > 0);
    assert.equal(stats.sent + stats.dropped, createSimulator({ seed: 16 }).generate(t0, clock.now).length);
    assert.ok(server.requests.length >= 3);
  });

  it('backfills history in order and in batches', { timeout: 30_000 }, async () => {
    const server = await startRecorder((n) => (n === 2 ? 503 : 200));
    try {
      const result = await backfill({
        simulator: createSimulator({ seed: 17 }),
        url: server.url,
        ingestKey: 'k',
        fromMs: t0 - 2 * HOUR,
        toMs: t0,
        batchSize: 2_000,
      });
      const expected = createSimulator({ seed: 17 }).generate(t0 - 2 * HOUR, t0);
      assert.deepEqual(server.accepted(), expected);
      assert.equal(result.sent, expected.length);
      assert.equal(result.batches, Math.ceil(expected.length / 2_000));
      assert.ok(server.requests.every((r) => r.body.trimEnd().split('\n').length <= 2_000));
    } finally {
      await server.close();
    }
  });

  it('backfill throws when the server refuses', async () => {
    const server = await startRecorder(() => 401);
    try {
      await assert.rejects(
        backfill({ simulator: createSimulator(), url: server.url, ingestKey: 'bad', fromMs: t0 - MINUTE, toMs: t0 }),
        /401/,
      );
    } finally {
      await server.close();
    }
  });
});
