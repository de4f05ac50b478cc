/**
 * Traces, their timeline and the id search, over HTTP on both engines: hand-made flows for every
 * id kind and every way a step can go missing, then the simulator's flows, whose expected
 * timelines are worked out here from the generated records themselves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { outcomeOf } from '../src/common/outcome.js';
import type { WireRecord } from '../src/ingest/wire.js';
import { exampleOrder } from '../src/demo/example-order.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** "4 h 58 min", as the messages write an elapsed time of an hour or more. */
function hoursAndMinutes(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
}

type Step = { type: 'step'; ts: number; gap_ms: number | null; name: string; kind: string; failed: boolean; retry: boolean; retried: boolean; attempt: number | null; outcome: string | null };
type Group = { type: 'group'; count: number; first_ts: number; last_ts: number; latency_min_ms: number; latency_max_ms: number; retries: number; failed: boolean; outcome: string; steps: Step[]; steps_omitted: number; statuses: number[] };
type Entry = Step | Group;

const flatten = (entries: Entry[]): Step[] => entries.flatMap((e) => (e.type === 'group' ? e.steps : [e]));
const nameOf = (r: { name?: string; operation?: string }) => r.name ?? r.operation;

for (const engine of ENGINES) {
  describe(`trace links, timeline and search (${engine.name})`, () => {
    let server: TestServer;
    let t: number;
    let now: number;
    const sent: Array<Record<string, unknown>> = [];

    before(async () => {
      server = await startTestServer(engine);
      now = server.clock.now;
      t = now - 5 * HOUR;
      const dhl = { integration: 'dhl-carrier' };
      const event = (at: number, name: string, extra: Record<string, unknown> = {}) => ({ kind: 'event', ts: at, name, ...dhl, ...extra });
      const label = (at: number, extra: Record<string, unknown>) => ({ kind: 'call', ts: at, direction: 'outbound', operation: 'label.create', ...dhl, ...extra });
      sent.push(
        // o-1: two shipments. s-1 has a label retry that carries only its correlation id, then
        // messages from the carrier that know only the shipment; s-2 got a label and then nothing.
        { kind: 'event', ts: t, integration: 'shopify-connector', name: 'order.received', order_id: 'o-1', correlation_id: 'c-o1' },
        event(t + MINUTE, 'shipment.created', { order_id: 'o-1', shipment_id: 's-1', correlation_id: 'c-o1' }),
        label(t + MINUTE + SECOND, { status: 503, latency_ms: 900, order_id: 'o-1', shipment_id: 's-1', correlation_id: 'c-lbl' }),
        event(t + MINUTE + 2 * SECOND, 'label.failed', { order_id: 'o-1', shipment_id: 's-1', attrs: { attempt: 1, reason: '503 Service Unavailable' } }),
        label(t + MINUTE + 10 * SECOND, { status: 201, latency_ms: 300, attempt: 2, correlation_id: 'c-lbl' }),
        event(t + MINUTE + 11 * SECOND, 'label.created', { order_id: 'o-1', shipment_id: 's-1' }),
        event(t + 90 * SECOND, 'shipment.created', { order_id: 'o-1', shipment_id: 's-2' }),
        event(t + 95 * SECOND, 'label.created', { order_id: 'o-1', shipment_id: 's-2' }),
        event(t + HOUR, 'carrier.confirmed', { shipment_id: 's-1', attrs: { status: 'picked_up' } }),
        event(t + 2 * HOUR, 'tracking.updated', { shipment_id: 's-1', attrs: { status: 'in_transit' } }),
        // o-3: received 5 h ago, never shipped; an exception on the order itself, still open.
        { kind: 'event', ts: t, integration: 'shopify-connector', name: 'order.received', order_id: 'o-3' },
        { kind: 'event', ts: t + SECOND, integration: 'shopify-connector', name: 'exception.raised', order_id: 'o-3', attrs: { reason: 'address_invalid', detail: 'street missing' } },
        // o-4: delivered, but the pickup message never came.
        { kind: 'event', ts: t, integration: 'shopify-connector', name: 'order.received', order_id: 'o-4' },
        event(t + 10 * MINUTE, 'shipment.created', { order_id: 'o-4', shipment_id: 's-4' }),
        event(t + 11 * MINUTE, 'label.created', { order_id: 'o-4', shipment_id: 's-4' }),
        event(t + 3 * HOUR, 'tracking.updated', { shipment_id: 's-4', attrs: { status: 'delivered' } }),
        // One string that is an order id and, elsewhere, a correlation id.
        { kind: 'event', ts: t, integration: 'shopify-connector', name: 'order.received', order_id: 'dup-7' },
        { kind: 'call', ts: t + SECOND, integration: 'ups-carrier', direction: 'outbound', operation: 'rates.get', status: 200, latency_ms: 80, correlation_id: 'dup-7' },
      );
      const answer = await server.ingest(sent);
      assert.equal(answer.body.accepted, sent.length, JSON.stringify(answer.body.rejected));
    });
    after(async () => server.close());

    it('traces an order through its shipments, their carrier messages and the correlation-only retry', async () => {
      const { body } = await server.get('/api/v1/trace?order_id=o-1');
      const expected = sent
        .filter((r) => r.order_id === 'o-1' || r.shipment_id === 's-1' || r.shipment_id === 's-2' || r.correlation_id === 'c-o1' || r.correlation_id === 'c-lbl')
        .sort((a, b) => (a.ts as number) - (b.ts as number));
      assert.deepEqual(body.records.map((r: { ts: number }) => r.ts), expected.map((r) => r.ts));
      assert.deepEqual(body.records.map(nameOf), expected.map((r) => nameOf(r as { name?: string })));
      const retry = body.records.find((r: { attempt?: number }) => r.attempt === 2);
      assert.equal(retry.order_id, null, 'the retry carried only its correlation id');
      assert.equal(body.truncated, false);
    });

    it('traces a shipment, with its order through their correlation id, and names the order', async () => {
      const trace = await server.get('/api/v1/trace?shipment_id=s-1');
      // s-1's records carry c-o1 and c-lbl: the order's own record comes along, s-2's do not.
      assert.deepEqual(trace.body.records.map(nameOf), ['order.received', 'shipment.created', 'label.create', 'label.failed', 'label.create', 'label.created', 'carrier.confirmed', 'tracking.updated']);
      const { status, body } = await server.get('/api/v1/trace/timeline?shipment_id=s-1');
      assert.equal(status, 200);
      assert.equal(body.kind, 'shipment_id');
      assert.deepEqual(body.related.order_ids, ['o-1']);
      assert.deepEqual(body.related.shipment_ids, ['s-1']);
      assert.deepEqual(body.related.correlation_ids, ['c-o1', 'c-lbl']);
      assert.deepEqual(body.missing, []);
      assert.deepEqual(
        body.milestones.map((m: { name: string; state: string }) => `${m.name} ${m.state}`),
        ['order.received reached', 'shipment.created reached', 'label.failed reached', 'label.created reached', 'carrier.confirmed reached', 'tracking.updated reached'],
      );
      const stale = body.expectations.find((e: { rule: string }) => e.rule === 'tracking_stale');
      assert.equal(stale.state, 'waiting');
      assert.equal(stale.elapsed_ms, now - (t + 2 * HOUR));
      assert.equal(stale.message, 'waiting for the next tracking update: the last one (in_transit) came 3 h ago (expected within 12 h until delivery)');
    });

    it('traces a correlation id: the call and its retry', async () => {
      const { body } = await server.get('/api/v1/trace?correlation_id=c-lbl');
      assert.deepEqual(body.records.map((r: { status: number }) => r.status), [503, 201]);
      const timeline = (await server.get('/api/v1/trace/timeline?correlation_id=c-lbl')).body;
      const steps = flatten(timeline.steps);
      assert.deepEqual(steps.map((s) => [s.failed, s.retry, s.retried]), [[true, false, true], [false, true, false]]);
      assert.equal(timeline.steps.length, 2, 'different outcomes are not grouped');
      assert.deepEqual(timeline.expectations, [], 'no milestones, nothing expected');
    });

    it('flags failures and retries, and says per shipment which step is missing', async () => {
      const { body } = await server.get('/api/v1/trace/timeline?order_id=o-1');
      const steps = flatten(body.steps);
      assert.equal(body.summary.records, (await server.get('/api/v1/trace?order_id=o-1')).body.records.length);
      assert.equal(body.summary.failures, 2, 'the 503 and the label.failed event');
      assert.equal(body.summary.retries, 1);
      assert.deepEqual(steps.filter((s) => s.failed).map((s) => s.name), ['label.create', 'label.failed']);
      assert.deepEqual(steps.filter((s) => s.retry).map((s) => s.attempt), [2]);
      assert.deepEqual(
        steps.map((s) => s.gap_ms),
        [null, ...steps.slice(1).map((s, i) => s.ts - steps[i]!.ts)],
      );
      assert.deepEqual(body.missing, [`shipment s-2: no carrier confirmation ${hoursAndMinutes(now - (t + 95 * SECOND))} after the label was created`]);
      const label = body.expectations.find((e: { rule: string; shipment_id: string }) => e.rule === 'label' && e.shipment_id === 's-1');
      assert.equal(label.state, 'met');
      assert.equal(label.elapsed_ms, 11 * SECOND);
      const carrier = body.milestones.find((m: { name: string }) => m.name === 'carrier.confirmed');
      assert.equal(carrier.state, 'reached', 'reached by s-1, though s-2 still waits');
      assert.deepEqual(body.integrations.map((i: { id: string }) => i.id), ['shopify-connector', 'dhl-carrier']);
    });

    it('calls out an order never shipped, an open exception and a skipped pickup', async () => {
      const o3 = (await server.get('/api/v1/trace/timeline?order_id=o-3')).body;
      assert.deepEqual(o3.missing, ['no shipment 5 h after the order was received', 'the exception raised 5 h ago (address_invalid: street missing) is not resolved']);
      assert.deepEqual(
        o3.milestones.map((m: { name: string; state: string }) => `${m.name} ${m.state}`),
        ['order.received reached', 'shipment.created missing', 'exception.raised reached', 'exception.resolved missing'],
      );
      const o4 = (await server.get('/api/v1/trace/timeline?order_id=o-4')).body;
      assert.deepEqual(o4.missing, ['no carrier confirmation was recorded, though the tracking was updated 2 h ago']);
      assert.equal(o4.expectations.some((e: { rule: string }) => e.rule === 'tracking_stale'), false, 'delivered: no further update is due');
    });

    it('finds which kind of id a string is, and says when it is more than one', async () => {
      const kinds = async (q: string) => (await server.get(`/api/v1/trace/search?q=${encodeURIComponent(q)}`)).body.matches.map((m: { kind: string; records: number }) => `${m.kind} ${m.records}`);
      assert.deepEqual(await kinds('o-1'), [`order_id ${sent.filter((r) => r.order_id === 'o-1').length}`]);
      assert.deepEqual(await kinds('  s-1 '), [`shipment_id ${sent.filter((r) => r.shipment_id === 's-1').length}`]);
      assert.deepEqual(await kinds('c-lbl'), ['correlation_id 2']);
      const dup = await server.get('/api/v1/trace/search?q=dup-7');
      assert.equal(dup.body.ambiguous, true);
      assert.deepEqual(await kinds('dup-7'), ['order_id 1', 'correlation_id 1']);
      assert.equal(dup.body.matches[0].first_ts, t);

      const missing = await server.get('/api/v1/trace/search?q=nope-1');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error, '"nope-1" is not an order, shipment or correlation id of any stored record (raw records are kept 30 days)');
      const empty = await server.get('/api/v1/trace/search?q=%20');
      assert.equal(empty.status, 400);
      assert.match(empty.body.error, /give q/);
      const long = await server.get(`/api/v1/trace/search?q=${'x'.repeat(129)}`);
      assert.equal(long.status, 400);
      assert.match(long.body.error, /129 characters long; ids are at most 128/);
    });

    it('answers 404 for an id nothing carries and 400 for a request that names no single id, leaving /trace as it was', async () => {
      const unknown = await server.get('/api/v1/trace/timeline?order_id=nope');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error, 'no record carries order id "nope" (raw records are kept 30 days)');
      assert.equal((await server.get('/api/v1/trace/timeline')).status, 400);
      assert.equal((await server.get('/api/v1/trace/timeline?order_id=o-1&shipment_id=s-1')).status, 400);
      const contract = await server.get('/api/v1/trace?order_id=nope');
      assert.equal(contract.status, 200);
      assert.deepEqual(contract.body, { order_id: 'nope', truncated: false, records: [] });
    });

    it('judges by the configured expectations: one turned off, one shortened, a bad value refused', async () => {
      const tuned = await startTestServer(engine, { now, env: { SWITCHBOARD_TRACE_CONFIRMATION_MINUTES: '0', SWITCHBOARD_TRACE_TRACKING_STALE_MINUTES: '60' } });
      try {
        assert.equal((await tuned.ingest(sent)).body.accepted, sent.length);
        const { body } = await tuned.get('/api/v1/trace/timeline?order_id=o-1');
        assert.deepEqual(body.missing, ['shipment s-1: no tracking update 3 h after the last one (in_transit), and no delivery']);
        assert.equal(body.expectations.find((e: { rule: string; shipment_id: string }) => e.rule === 'confirmation' && e.shipment_id === 's-1').state, 'met', 'off: said, not judged');
      } finally {
        await tuned.close();
      }
      assert.throws(() => loadConfig({}, { SWITCHBOARD_TRACE_LABEL_MINUTES: 'soon' }), /SWITCHBOARD_TRACE_LABEL_MINUTES=soon is not a non-negative number/);
    });

    it('collapses a polling loop of thousands of calls and judges a cut trace at its last record', async () => {
      const base = now - 2 * HOUR;
      const polls = Array.from({ length: 5_100 }, (_, i) => ({
        kind: 'call',
        ts: base + i * SECOND,
        integration: 'ups-carrier',
        direction: 'outbound',
        operation: 'tracking.get',
        ...(i < 4_990 ? { status: 200 } : { status: 429 }),
        latency_ms: 50 + (i % 97),
        correlation_id: 'poll-1',
      }));
      assert.equal((await server.ingest(polls)).body.accepted, polls.length);
      const { body } = await server.get('/api/v1/trace/timeline?correlation_id=poll-1');
      assert.equal(body.truncated, true);
      assert.equal(body.summary.records, 5_000);
      assert.equal(body.judged_at, body.last_ts);
      // Whichever 5,000 the store handed out, they are in runs of one outcome, one group each.
      const groups = body.steps as Group[];
      assert.ok(groups.every((g) => g.type === 'group'));
      assert.equal(groups.reduce((n, g) => n + g.count, 0), 5_000);
      for (const group of groups) {
        const members = polls.filter((p) => p.ts >= group.first_ts && p.ts <= group.last_ts);
        assert.equal(group.count, members.length);
        assert.equal(group.latency_min_ms, Math.min(...members.map((m) => m.latency_ms)));
        assert.equal(group.latency_max_ms, Math.max(...members.map((m) => m.latency_ms)));
        assert.equal(group.steps.length, Math.min(100, group.count));
        assert.equal(group.steps_omitted, group.count - group.steps.length);
      }
      assert.deepEqual(groups.map((g) => g.outcome), ['ok', 'rate_limited'].slice(0, groups.length));
      assert.equal(groups[1]?.retries, groups[1] ? groups[1].count - 1 : undefined, 'each 429 after the first follows a failed call');
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The simulator's flows: expected timelines worked out from the generated records.

const T0 = Date.UTC(2026, 10, 18, 8);
const NOW = T0 + 8 * HOUR;

function simulatedRecords(): WireRecord[] {
  const sim = createSimulator({ seed: 11, integrations: ['shopify-connector', 'dhl-carrier', 'ups-carrier'] });
  // The carrier stops sending webhooks for four hours: pickups and tracking updates are lost.
  sim.startIncident('webhook-gap', { integration: 'dhl-carrier', startMs: T0 + 2 * HOUR, durationMs: 4 * HOUR });
  // A 5xx burst makes steady calls retry, some failing twice in a row.
  sim.startIncident('server-errors', { integration: 'ups-carrier', startMs: T0 + 3 * HOUR, durationMs: HOUR });
  return sim.generate(T0, NOW);
}

const tsOf = (r: WireRecord) => r.ts as number;
const isEvent = (r: WireRecord, name: string) => r.kind === 'event' && r.name === name;

for (const engine of ENGINES) {
  describe(`trace timeline of simulated flows (${engine.name})`, { timeout: 120_000 }, () => {
    let server: TestServer;
    const records = simulatedRecords();
    const byCorrelation = new Map<string, WireRecord[]>();
    for (const r of records) if (r.correlation_id) (byCorrelation.get(r.correlation_id) ?? byCorrelation.set(r.correlation_id, []).get(r.correlation_id)!).push(r);
    const flows = [...byCorrelation.values()].filter((rs) => rs.some((r) => isEvent(r, 'order.received')));
    const orderOf = (flow: WireRecord[]) => flow.find((r) => isEvent(r, 'order.received'))!.order_id!;

    before(async () => {
      server = await startTestServer(engine, { now: NOW });
      for (let i = 0; i < records.length; i += 10_000) {
        const batch = records.slice(i, i + 10_000);
        assert.equal((await server.ingest(batch)).body.accepted, batch.length);
      }
    });
    after(async () => server.close());

    it('lists every record of a flow oldest first, with the gap to the one before', async () => {
      for (const flow of flows.slice(0, 8)) {
        const { body } = await server.get(`/api/v1/trace/timeline?order_id=${orderOf(flow)}`);
        const steps = flatten(body.steps);
        // A flow's records all share its correlation id; the generator emits them in time order.
        assert.deepEqual(steps.map((s) => s.ts), flow.map(tsOf));
        assert.deepEqual(steps.map((s) => s.name), flow.map((r) => nameOf(r as { name?: string })));
        assert.deepEqual(steps.map((s) => s.gap_ms), flow.map((r, i) => (i === 0 ? null : tsOf(r) - tsOf(flow[i - 1]!))));
      }
    });

    it('reads a delivered order as complete: every milestone reached, nothing missing', async () => {
      const delivered = flows.find(
        (f) => f.some((r) => isEvent(r, 'carrier.confirmed')) && f.some((r) => isEvent(r, 'tracking.updated') && r.attrs?.status === 'delivered') && !f.some((r) => isEvent(r, 'label.failed')),
      )!;
      const { body } = await server.get(`/api/v1/trace/timeline?order_id=${orderOf(delivered)}`);
      assert.deepEqual(body.missing, []);
      assert.deepEqual(
        body.milestones.map((m: { name: string; state: string; count: number }) => `${m.name} ${m.state} ${m.count}`),
        ['order.received', 'shipment.created', 'label.created', 'carrier.confirmed', 'tracking.updated'].map(
          (name) => `${name} reached ${delivered.filter((r) => isEvent(r, name)).length}`,
        ),
      );
      assert.equal(body.milestones.at(-1).detail, 'delivered');
      const confirmation = body.expectations.find((e: { rule: string }) => e.rule === 'confirmation');
      const label = delivered.find((r) => isEvent(r, 'label.created'))!;
      const confirmed = delivered.find((r) => isEvent(r, 'carrier.confirmed'))!;
      assert.equal(confirmation.elapsed_ms, tsOf(confirmed) - tsOf(label));
    });

    it('calls out a carrier confirmation that never came, with the time since the label', async () => {
      const stuck = flows.filter(
        (f) => f.some((r) => isEvent(r, 'label.created')) && !f.some((r) => isEvent(r, 'carrier.confirmed') || isEvent(r, 'tracking.updated')),
      );
      const overdue = stuck.filter((f) => NOW - tsOf(f.find((r) => isEvent(r, 'label.created'))!) > 3 * HOUR);
      assert.ok(overdue.length >= 20, `only ${overdue.length} flows lost their pickup for more than 3 h`);
      for (const flow of overdue.slice(0, 5)) {
        const labelTs = tsOf(flow.find((r) => isEvent(r, 'label.created'))!);
        const { body } = await server.get(`/api/v1/trace/timeline?order_id=${orderOf(flow)}`);
        assert.deepEqual(body.missing, [`no carrier confirmation ${hoursAndMinutes(NOW - labelTs)} after the label was created`]);
        const expectation = body.expectations.find((e: { state: string }) => e.state === 'missing');
        assert.equal(expectation.elapsed_ms, NOW - labelTs);
        assert.equal(expectation.since_ts, labelTs);
      }
      const inTime = stuck.find((f) => NOW - tsOf(f.find((r) => isEvent(r, 'label.created'))!) < 3 * HOUR)!;
      const waiting = (await server.get(`/api/v1/trace/timeline?order_id=${orderOf(inTime)}`)).body;
      assert.deepEqual(waiting.missing, []);
      assert.equal(waiting.milestones.find((m: { name: string }) => m.name === 'carrier.confirmed').state, 'waiting');
    });

    it('calls out a pickup skipped on the way to tracking', async () => {
      const skipped = flows.find((f) => f.some((r) => isEvent(r, 'tracking.updated')) && !f.some((r) => isEvent(r, 'carrier.confirmed')))!;
      const firstUpdate = tsOf(skipped.find((r) => isEvent(r, 'tracking.updated'))!);
      const { body } = await server.get(`/api/v1/trace/timeline?shipment_id=${skipped.find((r) => r.shipment_id)!.shipment_id}`);
      const missing = body.expectations.filter((e: { state: string }) => e.state === 'missing');
      assert.equal(missing[0].rule, 'recorded');
      assert.equal(missing[0].step, 'carrier.confirmed');
      assert.equal(missing[0].elapsed_ms, NOW - firstUpdate);
      assert.match(missing[0].message, /^no carrier confirmation was recorded, though the tracking was updated .+ ago$/);
    });

    it('groups retries repeated with the same outcome and flags them, on calls that carry only a correlation id', async () => {
      const withRepeats = [...byCorrelation.values()].filter(
        (rs) => !rs.some((r) => r.order_id || r.shipment_id) && rs.some((r, i) => i > 0 && r.kind === 'call' && rs[i - 1]!.kind === 'call' && outcomeOf(r.status, r.error) === outcomeOf((rs[i - 1] as typeof r).status, (rs[i - 1] as typeof r).error)),
      );
      assert.ok(withRepeats.length >= 20, `only ${withRepeats.length} steady calls failed twice in a row`);
      for (const calls of withRepeats.slice(0, 10)) {
        // Expected: runs of the same outcome; retries are attempt > 1 or after a failure.
        const outcomes = calls.map((c) => (c.kind === 'call' ? outcomeOf(c.status, c.error) : 'n/a'));
        const runs: Array<{ from: number; to: number }> = [];
        outcomes.forEach((outcome, i) => (i > 0 && outcome === outcomes[i - 1] ? (runs.at(-1)!.to = i) : runs.push({ from: i, to: i })));
        const { body } = await server.get(`/api/v1/trace/timeline?correlation_id=${calls[0]!.correlation_id}`);
        assert.equal(body.steps.length, runs.length);
        body.steps.forEach((entry: Entry, k: number) => {
          const run = calls.slice(runs[k]!.from, runs[k]!.to + 1) as Array<WireRecord & { latency_ms: number }>;
          if (run.length === 1) return assert.equal(entry.type, 'step');
          const group = entry as Group;
          assert.equal(group.count, run.length);
          assert.equal(group.first_ts, tsOf(run[0]!));
          assert.equal(group.last_ts, tsOf(run.at(-1)!));
          assert.equal(group.latency_min_ms, Math.min(...run.map((c) => c.latency_ms)));
          assert.equal(group.latency_max_ms, Math.max(...run.map((c) => c.latency_ms)));
          assert.equal(group.failed, outcomes[runs[k]!.from] !== 'ok');
        });
        const steps = flatten(body.steps);
        assert.deepEqual(
          steps.map((s) => s.retry),
          calls.map((c, i) => (c.kind === 'call' && (c.attempt ?? 1) > 1) || (i > 0 && outcomes[i - 1] !== 'ok')),
        );
      }
    });

    it("picks the demo's example order: delivered, every step on time, no failure", async () => {
      const order = await exampleOrder({ db: server.store.db, config: server.config, clock: () => NOW }, ['dhl-carrier', 'ups-carrier']);
      assert.ok(order, 'no clean delivered order in the last 3 hours');
      const flow = flows.find((f) => orderOf(f) === order)!;
      assert.ok(flow.some((r) => isEvent(r, 'tracking.updated') && r.attrs?.status === 'delivered'));
      assert.ok(flow.some((r) => isEvent(r, 'carrier.confirmed')));
      assert.ok(!flow.some((r) => r.kind === 'call' && outcomeOf(r.status, r.error) !== 'ok'), 'a call of the example failed');
      const { body } = await server.get(`/api/v1/trace/timeline?order_id=${order}`);
      assert.deepEqual(body.expectations.map((e: { state: string }) => e.state).filter((s: string) => s !== 'met'), []);
    });

    it('finds a simulated order, shipment and correlation id by kind, counting their records', async () => {
      const flow = flows[0]!;
      const ids = { order_id: orderOf(flow), shipment_id: flow.find((r) => r.shipment_id)!.shipment_id!, correlation_id: flow[0]!.correlation_id! };
      for (const [kind, id] of Object.entries(ids) as Array<[keyof typeof ids, string]>) {
        const { body } = await server.get(`/api/v1/trace/search?q=${encodeURIComponent(id)}`);
        assert.deepEqual(
          body.matches.map((m: { kind: string; records: number }) => `${m.kind} ${m.records}`),
          [`${kind} ${records.filter((r) => r[kind] === id).length}`],
        );
      }
    });
  });
}
