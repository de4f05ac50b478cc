/**
 * The end-to-end flow signals, on both engines, against values computed here from the records
 * sent: counts exactly, lead-time quantiles within the sketch's 1 % of the exact nearest-rank
 * value. The data is the simulator's (deterministic), sent partly out of order and with
 * duplicates; then hand-made records for the edge cases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactAll } from '../src/rollup/compact.js';
import { createSimulator } from '../src/simulator/simulator.js';
import type { WireRecord } from '../src/ingest/wire.js';
import { loadConfig } from '../src/config.js';
import { enforceRetention } from '../src/store/retention.js';
import { createApp } from '../src/server/app.js';
import { openApiDocument } from '../src/server/openapi.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);

type Filters = { env?: string; site?: string; release?: string };

function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  return search.toString();
}

const passes = (record: WireRecord, filters: Filters) =>
  (filters.env === undefined || (record.env ?? 'production') === filters.env) &&
  (filters.site === undefined || record.site === filters.site) &&
  (filters.release === undefined || record.release === filters.release);

const isEvent = (record: WireRecord, name: string): boolean => record.kind === 'event' && record.name === name;

/**
 * Lead times as the contract of docs/flow.md defines them, from everything sent: per shipment,
 * its earliest carrier.confirmed minus the earliest order.received of the order a record carrying
 * both ids links it to.
 */
function leadTimes(records: WireRecord[]) {
  const starts = new Map<string, WireRecord>();
  const links = new Map<string, string>();
  const ends = new Map<string, WireRecord>();
  for (const record of records) {
    const ts = record.ts as number;
    if (record.order_id && record.shipment_id && !links.has(record.shipment_id)) links.set(record.shipment_id, record.order_id);
    if (isEvent(record, 'order.received') && record.order_id) {
      const seen = starts.get(record.order_id);
      if (!seen || ts < (seen.ts as number)) starts.set(record.order_id, record);
    }
    if (isEvent(record, 'carrier.confirmed')) {
      const key = record.shipment_id ? `s:${record.shipment_id}` : `o:${record.order_id}`;
      const seen = ends.get(key);
      if (!seen || ts < (seen.ts as number)) ends.set(key, record);
    }
  }
  const pairs: Array<{ end: WireRecord; start: WireRecord; ms: number }> = [];
  for (const end of ends.values()) {
    const order = end.order_id ?? links.get(end.shipment_id!);
    const start = order ? starts.get(order) : undefined;
    if (start) pairs.push({ end, start, ms: Math.max(0, (end.ts as number) - (start.ts as number)) });
  }
  return pairs;
}

interface Expected {
  orders: number;
  exceptions: number;
  labelsCreated: number;
  labelsFailed: number;
  lead: number[];
  perCarrier: Map<string, { shipments: number; created: number; failed: number; tracking: number; lastTracking: number | null; lead: number[]; exceptions: number }>;
  perOrigin: Map<string, { orders: number; lead: number[]; exceptions: number }>;
  exceptionsUnattributed: number;
}

/** Each exception's order channel, found the long way: its order (its own, or its shipment's), then who received that order first. */
function exceptionChannels(records: WireRecord[], exceptions: WireRecord[]): Array<string | undefined> {
  return exceptions.map((exception) => {
    const order = exception.order_id ?? records.find((r) => r.shipment_id !== undefined && r.shipment_id === exception.shipment_id && r.order_id !== undefined)?.order_id;
    if (order === undefined) return undefined;
    const received = records.filter((r) => isEvent(r, 'order.received') && r.order_id === order).sort((a, b) => (a.ts as number) - (b.ts as number));
    return received[0]?.integration;
  });
}

function expected(records: WireRecord[], window: { from: number; to: number }, filters: Filters): Expected {
  const inWindow = (record: WireRecord) => (record.ts as number) >= window.from && (record.ts as number) < window.to && passes(record, filters);
  const count = (name: string, integration?: string) =>
    records.filter((r) => isEvent(r, name) && inWindow(r) && (integration === undefined || r.integration === integration)).length;
  const pairs = leadTimes(records).filter(({ end }) => inWindow(end));
  // Who shows as a carrier and who as an origin under these filters: in the window, or for
  // tracking freshness any earlier update.
  const carrierEvents = ['shipment.created', 'label.created', 'label.failed', 'carrier.confirmed'];
  const carriers = new Set([
    ...records.filter((r) => r.kind === 'event' && carrierEvents.includes(r.name) && inWindow(r)).map((r) => r.integration),
    ...records.filter((r) => isEvent(r, 'tracking.updated') && passes(r, filters) && (r.ts as number) < window.to).map((r) => r.integration),
    ...pairs.map(({ end }) => end.integration),
  ]);
  const channels = exceptionChannels(records, records.filter((r) => isEvent(r, 'exception.raised') && inWindow(r)));
  const origins = new Set([
    ...records.filter((r) => isEvent(r, 'order.received') && inWindow(r)).map((r) => r.integration),
    ...pairs.map(({ start }) => start.integration),
    ...channels.filter((c): c is string => c !== undefined),
  ]);
  const perCarrier: Expected['perCarrier'] = new Map();
  for (const carrier of carriers) {
    const tracking = records.filter((r) => isEvent(r, 'tracking.updated') && r.integration === carrier && passes(r, filters) && (r.ts as number) < window.to);
    perCarrier.set(carrier, {
      shipments: count('shipment.created', carrier),
      created: count('label.created', carrier),
      failed: count('label.failed', carrier),
      tracking: count('tracking.updated', carrier),
      lastTracking: tracking.length ? Math.max(...tracking.map((r) => r.ts as number)) : null,
      lead: pairs.filter(({ end }) => end.integration === carrier).map(({ ms }) => ms),
      exceptions: count('exception.raised', carrier),
    });
  }
  const perOrigin: Expected['perOrigin'] = new Map();
  for (const origin of origins) {
    perOrigin.set(origin, {
      orders: count('order.received', origin),
      lead: pairs.filter(({ start }) => start.integration === origin).map(({ ms }) => ms),
      exceptions: channels.filter((c) => c === origin).length,
    });
  }
  return {
    orders: count('order.received'),
    exceptions: count('exception.raised'),
    labelsCreated: count('label.created'),
    labelsFailed: count('label.failed'),
    lead: pairs.map(({ ms }) => ms),
    perCarrier,
    perOrigin,
    exceptionsUnattributed: channels.filter((c) => c === undefined).length,
  };
}

/** A sketch quantile against the exact one: 1 % relative accuracy, plus the rounding to whole ms. */
function assertQuantile(actual: number | null, values: number[], q: number, what: string): void {
  const exact = nearestRank(values, q);
  if (exact === null) {
    assert.equal(actual, null, what);
    return;
  }
  assert.ok(actual !== null, `${what}: no value, expected ${exact}`);
  assert.ok(Math.abs(actual - exact) <= exact * 0.01 + 1, `${what}: ${actual} ms is not within 1 % of the exact ${exact} ms`);
}

function assertMatches(answer: any, want: Expected, at: number): void {
  assert.equal(answer.orders, want.orders, 'orders');
  assert.equal(answer.exceptions, want.exceptions, 'exceptions');
  assert.equal(answer.exception_rate, Math.round((want.exceptions / want.orders) * 1e6) / 1e6, 'exception rate');
  assert.deepEqual(answer.labels, {
    created: want.labelsCreated,
    failed: want.labelsFailed,
    success_rate: Math.round((want.labelsCreated / (want.labelsCreated + want.labelsFailed)) * 1e6) / 1e6,
  });
  assert.equal(answer.lead_time.count, want.lead.length, 'lead times');
  assertQuantile(answer.lead_time.p50_ms, want.lead, 0.5, 'lead time p50');
  assertQuantile(answer.lead_time.p95_ms, want.lead, 0.95, 'lead time p95');
  assert.deepEqual(answer.carriers.map((c: any) => c.integration), [...want.perCarrier.keys()].sort());
  for (const carrier of answer.carriers) {
    const w = want.perCarrier.get(carrier.integration)!;
    assert.equal(carrier.shipments, w.shipments, `${carrier.integration} shipments`);
    assert.equal(carrier.labels_created, w.created, `${carrier.integration} labels created`);
    assert.equal(carrier.labels_failed, w.failed, `${carrier.integration} labels failed`);
    assert.equal(carrier.tracking_updates, w.tracking, `${carrier.integration} tracking updates`);
    assert.equal(carrier.last_tracking_update_at, w.lastTracking, `${carrier.integration} newest tracking update`);
    assert.equal(carrier.tracking_age_ms, w.lastTracking === null ? null : Math.max(0, at - w.lastTracking), `${carrier.integration} tracking age`);
    assert.equal(carrier.exceptions, w.exceptions, `${carrier.integration} exceptions`);
    assert.equal(carrier.lead_time.count, w.lead.length, `${carrier.integration} lead times`);
    assertQuantile(carrier.lead_time.p95_ms, w.lead, 0.95, `${carrier.integration} lead time p95`);
  }
  assert.deepEqual(answer.origins.map((o: any) => o.integration), [...want.perOrigin.keys()].sort());
  for (const origin of answer.origins) {
    const w = want.perOrigin.get(origin.integration)!;
    assert.equal(origin.orders, w.orders, `${origin.integration} orders`);
    assert.equal(origin.exceptions, w.exceptions, `${origin.integration} exceptions of its orders`);
    assert.equal(origin.lead_time.count, w.lead.length, `${origin.integration} lead times`);
    assertQuantile(origin.lead_time.p50_ms, w.lead, 0.5, `${origin.integration} lead time p50`);
  }
  assert.equal(answer.exceptions_unattributed, want.exceptionsUnattributed, 'exceptions without an order channel');
  // The flow page's three counts agree: the headline, the carriers' and the order channels'.
  assert.equal(answer.carriers.reduce((sum: number, c: any) => sum + c.exceptions, 0), answer.exceptions, 'carriers add up to the headline');
  assert.equal(answer.origins.reduce((sum: number, o: any) => sum + o.exceptions, 0) + answer.exceptions_unattributed, answer.exceptions, 'channels add up to the headline');
  const stalest = answer.carriers.filter((c: any) => c.last_tracking_update_at !== null).sort((a: any, b: any) => a.last_tracking_update_at - b.last_tracking_update_at)[0];
  assert.equal(answer.tracking.stalest?.integration, stalest?.integration);
}

async function sendAll(server: TestServer, records: unknown[], batch = 2_500): Promise<void> {
  for (let i = 0; i < records.length; i += batch) {
    const slice = records.slice(i, i + batch);
    const answer = await server.ingest(slice);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, slice.length, JSON.stringify(answer.body.rejected?.slice(0, 3)));
  }
}

for (const engine of ENGINES) {
  describe(`flow signals from simulator traffic (${engine.name})`, { timeout: 180_000 }, () => {
    let server: TestServer;
    const sent: WireRecord[] = [];
    const window = { from: START - 2 * HOUR, to: START };

    before(async () => {
      // The first test moves the clock back to the window's start: reads clamp windows to now plus
      // the clock skew, so the skew covers the two hours of records then ahead of the clock.
      server = await startTestServer(engine, { now: START + MINUTE, env: { SWITCHBOARD_INGEST_MAX_CLOCK_SKEW_MS: String(3 * HOUR) } });
      const sim = createSimulator({ seed: 11 });
      sim.startIncident('server-errors', { integration: 'ups-carrier', startMs: START - 80 * MINUTE, durationMs: 30 * MINUTE });
      const records = sim.generate(START - 4 * HOUR, START).sort((a, b) => (a.ts as number) - (b.ts as number));
      // Every other order.received arrives last (after its order's carrier.confirmed: late starts),
      // and every tenth carrier.confirmed and order.received is sent twice.
      const held: WireRecord[] = [];
      const inOrder: WireRecord[] = [];
      let orders = 0;
      let confirmations = 0;
      for (const record of records) {
        if (isEvent(record, 'order.received') && orders++ % 2 === 1) held.push(record);
        else inOrder.push(record);
      }
      const duplicates = records.filter((r) => (isEvent(r, 'carrier.confirmed') && confirmations++ % 10 === 0) || (isEvent(r, 'order.received') && orders++ % 10 === 0));
      sent.push(...inOrder, ...held, ...duplicates);
      await sendAll(server, sent);
    });
    after(async () => server?.close());

    it('reads the partial minute rows exactly, and answers the same from the coarser tiers once compacted', async () => {
      // A clock just after the window's start: nothing in it is settled, every row read is a minute row.
      server.clock.now = window.from + MINUTE;
      const fromMinutes = (await server.get(`/api/v1/flow?${query(window)}`)).body;
      assertMatches(fromMinutes, expected(sent, window, {}), server.clock.now);
      await compactAll(server.store.db);
      // Long after the data: the planner reads the hour tier wherever it can.
      server.clock.now = START + 6 * HOUR;
      const fromHours = (await server.get(`/api/v1/flow?${query(window)}`)).body;
      const withoutAges = (answer: any) => ({
        ...answer,
        tracking: { ...answer.tracking, age_ms: null, stalest: { ...answer.tracking.stalest, age_ms: null } },
        carriers: answer.carriers.map((c: any) => ({ ...c, tracking_age_ms: null })),
      });
      assert.deepEqual(withoutAges(fromHours), withoutAges(fromMinutes));
      const db = server.store.db;
      for (const resolution of [MINUTE, 10 * MINUTE, HOUR, DAY]) {
        const leads = await db.selectFrom('lead_time_rollups').select((eb) => eb.fn.sum<number>('lead_times').as('n')).where('resolution_ms', '=', resolution).executeTakeFirstOrThrow();
        assert.equal(Number(leads.n), leadTimes(sent).length, `lead times in tier ${resolution}`);
        const events = await db.selectFrom('event_rollups').select((eb) => eb.fn.sum<number>('events').as('n')).where('resolution_ms', '=', resolution).executeTakeFirstOrThrow();
        assert.equal(Number(events.n), sent.filter((r) => r.kind === 'event').length, `events in tier ${resolution}`);
        const partial = await db.selectFrom('event_rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('resolution_ms', '=', resolution).where('compacted', '=', 0).executeTakeFirstOrThrow();
        assert.equal(Number(partial.n), 0);
      }
      // A 24-hour window, mostly hour rows: the same lead times as the records.
      assertMatches((await server.get(`/api/v1/flow?${query({ from: START - DAY, to: START })}`)).body, expected(sent, { from: START - DAY, to: START }, {}), START);
    });

    it('answers the four signals overall, per carrier and per origin, as computed from the records sent', async () => {
      const answer = await server.get(`/api/v1/flow?${query(window)}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.from, window.from);
      assert.equal(answer.body.to, window.to);
      assert.equal(answer.body.lead_time.start_event, 'order.received');
      assert.equal(answer.body.lead_time.end_event, 'carrier.confirmed');
      const want = expected(sent, window, {});
      assert.ok(want.lead.length > 200 && want.orders > 300, `enough traffic to mean something (${want.lead.length} lead times, ${want.orders} orders)`);
      assert.ok(want.labelsFailed > 0, 'the incident failed some labels');
      assertMatches(answer.body, want, window.to);
    });

    it('answers in the shape the OpenAPI document gives', async () => {
      const { components, paths } = openApiDocument() as any;
      assert.ok(paths['/api/v1/flow'] && paths['/api/v1/flow/timeseries']);
      const keys = (schema: string) => Object.keys(components.schemas[schema].properties).sort();
      const summary = (await server.get(`/api/v1/flow?${query(window)}`)).body;
      assert.deepEqual(Object.keys(summary).sort(), keys('FlowSummary'));
      assert.deepEqual(Object.keys(summary.carriers[0]).sort(), keys('CarrierFlow'));
      assert.deepEqual(Object.keys(summary.origins[0]).sort(), keys('OriginFlow'));
      const trend = (await server.get(`/api/v1/flow/timeseries?${query(window)}`)).body;
      assert.deepEqual(Object.keys(trend).sort(), keys('FlowTimeSeries'));
      assert.deepEqual(Object.keys(trend.series).sort(), Object.keys(components.schemas.FlowTimeSeries.properties.series.properties).sort());
    });

    it('applies the env, site and release filters to every signal', async () => {
      const ups = sent.filter((r) => r.integration === 'ups-carrier' && r.release);
      const filterSets: Filters[] = [{ env: 'production' }, { site: 'ams-1' }, { env: 'production', site: 'fra-2' }, { release: ups[0]!.release! }];
      for (const filters of filterSets) {
        const answer = await server.get(`/api/v1/flow?${query({ ...window, ...filters })}`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const want = expected(sent, window, filters);
        assert.ok(want.orders + want.lead.length > 0 || filters.release, JSON.stringify(filters));
        assertMatches(answer.body, want, window.to);
      }
    });

    it('takes a number of points instead of a step, choosing the step from the same ladder', async () => {
      const byStep = (await server.get(`/api/v1/flow/timeseries?${query({ ...window, step: 10 * MINUTE })}`)).body;
      const byPoints = await server.get(`/api/v1/flow/timeseries?${query(window)}&points=12`);
      assert.equal(byPoints.status, 200, JSON.stringify(byPoints.body));
      assert.equal(byPoints.body.step_ms, 10 * MINUTE);
      assert.equal(byPoints.body.requested_step_ms, null);
      assert.deepEqual(byPoints.body.series, byStep.series);
      const coarse = (await server.get(`/api/v1/flow/timeseries?${query(window)}&points=3`)).body;
      assert.equal(coarse.step_ms, HOUR, 'the finest step giving at most 3 points over two hours');
    });

    it('gives per-step trends that add up to the window and match the records', async () => {
      const answer = await server.get(`/api/v1/flow/timeseries?${query({ ...window, step: 10 * MINUTE })}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const { series, step_ms: step, carriers } = answer.body;
      assert.equal(step, 10 * MINUTE);
      assert.equal(series.t.length, 12);
      const pairs = leadTimes(sent);
      for (let i = 0; i < series.t.length; i++) {
        const slice: { from: number; to: number } = { from: series.t[i], to: series.t[i] + step };
        const want = expected(sent, slice, {});
        assert.equal(series.orders[i], want.orders, `orders in step ${i}`);
        assert.equal(series.exceptions[i], want.exceptions, `exceptions in step ${i}`);
        assert.equal(series.labels_failed[i], want.labelsFailed, `labels failed in step ${i}`);
        assert.equal(series.lead_times[i], want.lead.length, `lead times in step ${i}`);
        assertQuantile(series.lead_time_p95_ms[i], want.lead, 0.95, `lead time p95 in step ${i}`);
        for (const carrier of carriers) {
          const last = want.perCarrier.get(carrier.integration)!.lastTracking;
          assert.equal(carrier.tracking_age_ms[i], last === null ? null : slice.to - last, `${carrier.integration} tracking age at the end of step ${i}`);
        }
      }
      assert.equal(pairs.filter(({ end }) => (end.ts as number) >= window.from && (end.ts as number) < window.to).length, series.lead_times.reduce((a: number, b: number) => a + b, 0));
      const summary = (await server.get(`/api/v1/flow?${query(window)}`)).body;
      assert.equal(series.orders.reduce((a: number, b: number) => a + b, 0), summary.orders);
      const ups = carriers.find((c: any) => c.integration === 'ups-carrier');
      assert.ok(ups.label_success_rate.some((rate: number | null) => rate !== null && rate < 1), 'the UPS incident shows in its label success trend');
    });

    it('deletes each tier of the flow rollups past its retention', async () => {
      const config = loadConfig({}, { SWITCHBOARD_RETENTION_MINUTE_DAYS: '1' });
      const db = server.store.db;
      const minuteRows = async (table: 'event_rollups' | 'lead_time_rollups') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('resolution_ms', '=', MINUTE).executeTakeFirstOrThrow()).n);
      assert.ok((await minuteRows('event_rollups')) > 0 && (await minuteRows('lead_time_rollups')) > 0);
      await enforceRetention(db, config.retention, START + 2 * DAY);
      assert.equal(await minuteRows('event_rollups'), 0);
      assert.equal(await minuteRows('lead_time_rollups'), 0);
      const window30d = (await server.get(`/api/v1/flow?${query({ from: START - 30 * DAY, to: START })}`)).body;
      assert.equal(window30d.lead_time.count, leadTimes(sent).length, 'a 30-day window still has every lead time, from the coarser tiers');
    });
  });

  describe(`flow edge cases (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { now: START + HOUR });
    });
    after(async () => server?.close());

    let n = 0;
    /** A fresh order with its own ids, so each case reads only its own lead times. */
    const order = () => {
      n += 1;
      const ids = { order_id: `edge-o-${n}`, shipment_id: `edge-s-${n}` };
      const event = (name: string, ts: number, integration: string, links: Record<string, string>, extra: Record<string, string> = {}) => ({ kind: 'event', name, ts, integration, ...links, ...extra });
      return {
        ids,
        start: (ts: number, extra?: Record<string, string>) => event('order.received', ts, 'shop-edge', { order_id: ids.order_id }, extra),
        link: (ts: number) => event('shipment.created', ts, `carrier-edge-${n}`, ids),
        end: (ts: number, extra?: Record<string, string>) => event('carrier.confirmed', ts, `carrier-edge-${n}`, { shipment_id: ids.shipment_id }, extra),
        carrier: `carrier-edge-${n}`,
      };
    };
    const leadOf = async (carrier: string, filters: Filters = {}) => {
      const answer = await server.get(`/api/v1/flow?${query({ from: START - 6 * HOUR, to: START + HOUR, ...filters })}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.carriers.find((c: any) => c.integration === carrier)?.lead_time ?? { count: 0, p50_ms: null, p95_ms: null };
    };
    const send = async (records: unknown[]) => {
      await sendAll(server, records);
      await compactAll(server.store.db);
    };

    it('counts an order whose start and end arrive in one batch, end first', async () => {
      const o = order();
      await send([o.end(START - 10 * MINUTE), o.link(START - 50 * MINUTE), o.start(START - 60 * MINUTE)]);
      const lead = await leadOf(o.carrier);
      assert.equal(lead.count, 1);
      assert.ok(Math.abs(lead.p50_ms - 50 * MINUTE) <= 0.01 * 50 * MINUTE);
    });

    it('counts a late start once, when it arrives after its end', async () => {
      const o = order();
      await send([o.link(START - 100 * MINUTE)]);
      await send([o.end(START - 20 * MINUTE)]);
      assert.equal((await leadOf(o.carrier)).count, 0, 'no start yet');
      await send([o.start(START - 2 * HOUR)]);
      const lead = await leadOf(o.carrier);
      assert.equal(lead.count, 1);
      assert.ok(Math.abs(lead.p50_ms - 100 * MINUTE) <= 0.01 * 100 * MINUTE);
      await send([o.start(START - 2 * HOUR)]);
      assert.equal((await leadOf(o.carrier)).count, 1, 'a duplicate start counts nothing more');
    });

    it('counts duplicates of an end event once, in one batch or across batches', async () => {
      const o = order();
      await send([o.start(START - 3 * HOUR), o.link(START - 3 * HOUR + MINUTE)]);
      await send([o.end(START - HOUR), o.end(START - HOUR)]);
      await send([o.end(START - HOUR)]);
      await send([o.end(START - 30 * MINUTE)]);
      const lead = await leadOf(o.carrier);
      assert.equal(lead.count, 1);
      assert.ok(Math.abs(lead.p95_ms - 2 * HOUR) <= 0.01 * 2 * HOUR, `the first end counts: ${lead.p95_ms}`);
      const events = (await server.get(`/api/v1/flow?${query({ from: START - 6 * HOUR, to: START + HOUR })}`)).body;
      assert.equal(events.carriers.find((c: any) => c.integration === o.carrier).shipments, 1);
    });

    it('counts nothing for an end whose shipment links to no order, and nothing later for it', async () => {
      const o = order();
      await send([o.start(START - 2 * HOUR)]);
      await send([o.end(START - HOUR)]);
      assert.equal((await leadOf(o.carrier)).count, 0);
      await send([o.link(START - 90 * MINUTE)]);
      assert.equal((await leadOf(o.carrier)).count, 0, 'the link came after both events: documented as not counted');
    });

    it('links through any record carrying both ids, or an end that names the order itself', async () => {
      const viaCall = order();
      await send([
        viaCall.start(START - 2 * HOUR),
        { kind: 'call', ts: START - 100 * MINUTE, integration: viaCall.carrier, direction: 'outbound', operation: 'label.create', status: 201, latency_ms: 300, ...viaCall.ids },
      ]);
      await send([viaCall.end(START - HOUR)]);
      assert.equal((await leadOf(viaCall.carrier)).count, 1);

      const direct = order();
      await send([direct.start(START - 2 * HOUR)]);
      await send([{ kind: 'event', name: 'carrier.confirmed', ts: START - 90 * MINUTE, integration: direct.carrier, order_id: direct.ids.order_id }]);
      const lead = await leadOf(direct.carrier);
      assert.equal(lead.count, 1);
      assert.ok(Math.abs(lead.p50_ms - 30 * MINUTE) <= 0.01 * 30 * MINUTE);
    });

    it('counts an end stamped before its start (disagreeing clocks) as zero', async () => {
      const o = order();
      await send([o.start(START - 30 * MINUTE), o.link(START - 29 * MINUTE), o.end(START - 40 * MINUTE)]);
      assert.deepEqual(await leadOf(o.carrier), { count: 1, p50_ms: 0, p95_ms: 0 });
    });

    it('files a lead time under its end event’s env, site and release', async () => {
      const o = order();
      await send([o.start(START - 2 * HOUR, { env: 'staging' }), o.link(START - HOUR), o.end(START - 30 * MINUTE, { env: 'production', site: 'ams-1', release: 'r7' })]);
      assert.equal((await leadOf(o.carrier, { env: 'production', site: 'ams-1', release: 'r7' })).count, 1);
      assert.equal((await leadOf(o.carrier, { env: 'staging' })).count, 0);
      assert.equal((await leadOf(o.carrier, { release: 'r8' })).count, 0);
    });

    it('offers the envs, sites and releases of events in the filter drop-downs', async () => {
      const o = order();
      await send([o.start(START - 30 * MINUTE, { env: 'edge-env', site: 'edge-site', release: 'edge-release' })]);
      const answer = await server.get(`/api/v1/dimensions?${query({ from: START - HOUR, to: START + HOUR })}`);
      assert.equal(answer.status, 200);
      assert.ok(answer.body.envs.includes('edge-env') && answer.body.sites.includes('edge-site') && answer.body.releases.includes('edge-release'), JSON.stringify(answer.body));
    });

    it('refuses bad parameters with a message naming them', async () => {
      const cases: Array<[string, RegExp]> = [
        [`/api/v1/flow?operation=label.create`, /operation filters calls; the flow signals take env, site and release/],
        [`/api/v1/flow?direction=inbound`, /direction filters calls/],
        [`/api/v1/flow?from=${START}&to=${START - HOUR}`, /the window is empty/],
        [`/api/v1/flow?from=yesterday`, /from=yesterday is neither an RFC 3339 timestamp nor epoch milliseconds/],
        [`/api/v1/flow/timeseries?step=7`, /step=7 is not supported/],
        [`/api/v1/flow/timeseries?points=1`, /points=1 is not supported; give a whole number from 2 to 1500/],
        [`/api/v1/flow/timeseries?points=12&step=600000`, /give step or points, not both/],
      ];
      for (const [path, message] of cases) {
        const answer = await server.get(path);
        assert.equal(answer.status, 400, path);
        assert.match(answer.body.error, message, path);
      }
    });
  });

  describe(`flow configuration and upgrade (${engine.name})`, () => {
    it('measures lead times between the configured events', async () => {
      const server = await startTestServer(engine, { now: START, env: { SWITCHBOARD_FLOW_START_EVENT: 'order.paid', SWITCHBOARD_FLOW_END_EVENT: 'label.created' } });
      try {
        await sendAll(server, [
          { kind: 'event', name: 'order.paid', ts: START - 40 * MINUTE, integration: 'shop', order_id: 'cfg-1' },
          { kind: 'event', name: 'order.received', ts: START - 50 * MINUTE, integration: 'shop', order_id: 'cfg-1' },
          { kind: 'event', name: 'label.created', ts: START - 10 * MINUTE, integration: 'dhl', order_id: 'cfg-1', shipment_id: 'cfg-s1' },
          { kind: 'event', name: 'carrier.confirmed', ts: START - 5 * MINUTE, integration: 'dhl', shipment_id: 'cfg-s1' },
        ]);
        await compactAll(server.store.db);
        const answer = (await server.get(`/api/v1/flow?${query({ from: START - HOUR, to: START })}`)).body;
        assert.equal(answer.lead_time.start_event, 'order.paid');
        assert.equal(answer.lead_time.end_event, 'label.created');
        assert.equal(answer.lead_time.count, 1);
        assert.ok(Math.abs(answer.lead_time.p50_ms - 30 * MINUTE) <= 0.01 * 30 * MINUTE);
        assert.equal(answer.orders, 1, 'the exception rate still counts order.received');
      } finally {
        await server.close();
      }
      assert.throws(() => loadConfig({}, { SWITCHBOARD_FLOW_START_EVENT: 'x', SWITCHBOARD_FLOW_END_EVENT: 'x' }), /a lead time needs two different events/);
    });

    it('rolls up the events a store held before the upgrade', async () => {
      // As an older version left it: raw events, no flow rollups, migration 004 not applied.
      const store = await engine.open({ migrateTo: '003_alerting' });
      try {
        const events = Array.from({ length: 30 }, (_, i) => ({
          received_at: START, kind: 'event', ts: START - i * 20_000, integration: i % 3 ? 'dhl-carrier' : 'shop', env: 'production',
          site: i % 2 ? 'ams-1' : null, release: null, name: i % 3 ? 'label.created' : 'order.received',
        }));
        await store.db.insertInto('records').values(events).execute();
        const upgraded = await store.openAnother();
        try {
          const rows = await upgraded.db.selectFrom('event_rollups').select(['name', 'site', (eb) => eb.fn.sum<number>('events').as('n'), (eb) => eb.fn.max('last_ts').as('last')]).groupBy(['name', 'site']).orderBy('name').orderBy('site').execute();
          const want = (name: string, site: string) => events.filter((e) => e.name === name && (e.site ?? '') === site);
          assert.deepEqual(
            rows.map((r) => ({ name: r.name, site: r.site, n: Number(r.n), last: Number(r.last) })),
            [['label.created', ''], ['label.created', 'ams-1'], ['order.received', ''], ['order.received', 'ams-1']].map(([name, site]) => ({
              name: name!, site: site!, n: want(name!, site!).length, last: Math.max(...want(name!, site!).map((e) => e.ts)),
            })),
          );
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await store.dispose();
      }
    });
  });
}

// PostgreSQL only: several instances share one store, and may commit the two halves of a pair at once.
describe('lead times with two instances on one PostgreSQL', () => {
  it('counts each pair once when its start and its end commit concurrently on different instances', async () => {
    const server = await startTestServer(ENGINES[1]!, { now: START });
    const another = await server.store.openAnother();
    const second = await createApp({ config: server.config, db: another.db, logLevel: 'silent', clock: server.clock.read, runJobs: false });
    try {
      const url = await second.app.listen({ host: '127.0.0.1', port: 0 });
      const viaSecond = async (records: unknown[]) => {
        const response = await fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.key}` }, body: JSON.stringify(records) });
        assert.equal(response.status, 200);
      };
      const pairs = 60;
      await Promise.all(
        Array.from({ length: pairs }, async (_, i) => {
          const start = { kind: 'event', name: 'order.received', ts: START - HOUR, integration: 'shop', order_id: `race-${i}` };
          const end = [
            { kind: 'event', name: 'shipment.created', ts: START - 50 * MINUTE, integration: 'dhl', order_id: `race-${i}`, shipment_id: `race-s-${i}` },
            { kind: 'event', name: 'carrier.confirmed', ts: START - 10 * MINUTE, integration: 'dhl', shipment_id: `race-s-${i}` },
          ];
          const [first] = await Promise.all([server.ingest([start]), viaSecond(end)]);
          assert.equal(first.status, 200);
        }),
      );
      const answer = (await server.get(`/api/v1/flow?${query({ from: START - HOUR, to: START })}`)).body;
      assert.equal(answer.lead_time.count, pairs);
    } finally {
      await second.close();
      await another.db.destroy();
      await server.close();
    }
  });
});
