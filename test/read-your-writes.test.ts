/**
 * Read your writes (issue 10, item 4; CONTRACT.md: a 200 means committed, counts are exact): right
 * after an ingest answers 200, every read counts what it acknowledged, however old its timestamps
 * and whatever the compactor has or has not carried up the tiers yet. Late and out-of-order
 * batches (hours, days and weeks back) are interleaved with compaction passes — none, one, a few,
 * all — and, to prove that each segment of a window is read in one snapshot, with another
 * instance's compactor running in its own process while the reads go on. After every step the summary, operations,
 * time series (every point), board, flow summary and series, filter values and an alert rule's
 * evaluation are compared with a ledger of everything acknowledged, on windows whose plans use
 * the minute, ten-minute, hour and day tiers.
 */
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CycleData, evaluate } from '../src/alerting/evaluate/index.js';
import { parseAlertingFile } from '../src/alerting/rules/parse.js';
import type { AlertRule } from '../src/alerting/rules/types.js';
import { OUTCOMES, outcomeOf, type Outcome } from '../src/common/outcome.js';
import { compactAll, compactRollups } from '../src/rollup/compact.js';
import { packSettled } from '../src/rollup/pack.js';
import { Random } from '../src/simulator/random.js';
import { flowSummary } from '../src/flow/summary.js';
import type { QueryContext } from '../src/query/context.js';
import { segmentQuery } from '../src/query/segment-query.js';
import { summarize } from '../src/query/summary.js';
import { enforceRetention } from '../src/store/retention.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);

/**
 * Minutes are kept 2 days and ten-minute rows 5, so a 3-day window starts on a ten-minute edge
 * and a 40-day one on an hour edge: every plan below reaches past the minute tier. Raw records
 * are kept 45 days, so a batch 39 days back is accepted.
 */
const RETENTION = {
  SWITCHBOARD_RETENTION_RAW_DAYS: '45',
  SWITCHBOARD_RETENTION_MINUTE_DAYS: '2',
  SWITCHBOARD_RETENTION_TEN_MINUTE_DAYS: '5',
};

const API = 'late-api';
const SHOP = 'late-shop';
const CARRIER = 'late-carrier';
const OPERATIONS = ['label.create', 'tracking.get', 'rates.quote'];
const STATUSES = [200, 200, 200, 201, 204, 302, 400, 401, 404, 429, 500, 502, 503];

type Call = { kind: 'call'; ts: number; integration: string; direction: 'outbound' | 'inbound'; operation: string; env?: string; status?: number; error?: string; latency_ms: number };
type FlowEvent = { kind: 'event'; ts: number; integration: string; name: string; order_id?: string; shipment_id?: string; env?: string };
type Sent = Call | FlowEvent;

const generator = new Random(10);
const random = () => generator.next();

/** `count` calls of API spread over `spreadMs` before `end`, every outcome class present. */
function callsBefore(end: number, count: number, spreadMs: number, extra: Partial<Call> = {}): Call[] {
  return Array.from({ length: count }, () => {
    const roll = random();
    const base = {
      kind: 'call' as const,
      ts: end - 1 - Math.floor(random() * spreadMs),
      integration: API,
      direction: random() < 0.8 ? ('outbound' as const) : ('inbound' as const),
      operation: OPERATIONS[Math.floor(random() * OPERATIONS.length)]!,
      latency_ms: 20 + Math.floor(random() * 400),
      ...extra,
    };
    if (roll < 0.03) return { ...base, error: 'timeout' };
    if (roll < 0.05) return { ...base, error: 'connection' };
    return { ...base, status: STATUSES[Math.floor(random() * STATUSES.length)]! };
  });
}

let orders = 0;
/** Orders received by SHOP and handled by CARRIER (shipment, label, tracking, confirmation: a lead time each). */
function flowBefore(end: number, count: number, spreadMs: number): FlowEvent[] {
  const events: FlowEvent[] = [];
  for (let i = 0; i < count; i++) {
    const order = `rw-order-${++orders}`;
    const shipment = `rw-shipment-${orders}`;
    const at = end - 1 - 40 * MINUTE - Math.floor(random() * spreadMs);
    events.push(
      { kind: 'event', ts: at, integration: SHOP, name: 'order.received', order_id: order },
      { kind: 'event', ts: at + 5 * MINUTE, integration: CARRIER, name: 'shipment.created', order_id: order, shipment_id: shipment },
      { kind: 'event', ts: at + 6 * MINUTE, integration: CARRIER, name: random() < 0.8 ? 'label.created' : 'label.failed', shipment_id: shipment },
      { kind: 'event', ts: at + 20 * MINUTE, integration: CARRIER, name: 'tracking.updated', shipment_id: shipment },
      { kind: 'event', ts: at + 30 * MINUTE + Math.floor(random() * 9 * MINUTE), integration: CARRIER, name: 'carrier.confirmed', order_id: order, shipment_id: shipment },
    );
    if (random() < 0.1) events.push({ kind: 'event', ts: at + 7 * MINUTE, integration: SHOP, name: 'exception.raised', order_id: order });
  }
  return events;
}

function emptyCounts(): Record<Outcome | 'volume', number> {
  return { volume: 0, ok: 0, client_error: 0, auth_error: 0, rate_limited: 0, server_error: 0, timeout: 0, network_error: 0 };
}

/** The records of `sorted` (by ts) in [from, to), by binary search: readers ask hundreds of windows of tens of thousands of records. */
function range<T extends { ts: number }>(sorted: readonly T[], from: number, to: number): T[] {
  const firstAtOrAfter = (ts: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]!.ts < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sorted.slice(firstAtOrAfter(from), firstAtOrAfter(to));
}

/** Everything acknowledged so far, and what each reader must say about it. */
class Ledger {
  /** Calls with their outcome class, and events, each kept sorted by time (re-sorted after an add). */
  private calls: Array<Call & { outcome: Outcome }> = [];
  private events: FlowEvent[] = [];

  add(records: Sent[]): void {
    for (const record of records) {
      if (record.kind === 'call') this.calls.push({ ...record, outcome: outcomeOf(record.status, record.error) });
      else this.events.push(record);
    }
    this.calls.sort((a, b) => a.ts - b.ts);
    this.events.sort((a, b) => a.ts - b.ts);
  }

  callCounts(from: number, to: number, filter: (call: Call) => boolean = () => true) {
    const counts = emptyCounts();
    for (const call of range(this.calls, from, to)) {
      if (!filter(call)) continue;
      counts.volume += 1;
      counts[call.outcome] += 1;
    }
    return counts;
  }

  /** Counts per step of [from, to): the points a chart of that step shows. */
  callPoints(from: number, to: number, step: number) {
    const points = Array.from({ length: Math.max(0, Math.ceil((to - from) / step)) }, emptyCounts);
    for (const call of range(this.calls, from, to)) {
      const point = points[Math.floor((call.ts - from) / step)]!;
      point.volume += 1;
      point[call.outcome] += 1;
    }
    return points;
  }

  eventCount(name: string, from: number, to: number, integration?: string): number {
    return range(this.events, from, to).filter((e) => e.name === name && (integration === undefined || e.integration === integration)).length;
  }

  envs(from: number, to: number): Set<string> {
    const envs = new Set<string>();
    for (const record of [...range(this.calls, from, to), ...range(this.events, from, to)]) envs.add(record.env ?? 'production');
    return envs;
  }
}

function windowQuery(from: number, to: number): string {
  return `from=${from}&to=${to}`;
}

/**
 * Windows ending now (their plans read every tier from the day tier down to minutes, or up from
 * the edge the retention allows) and one odd window in the past.
 */
const WINDOWS: Array<[string, number, number]> = [
  ['2 h', NOW - 2 * HOUR - 7 * MINUTE, NOW],
  ['3 days', NOW - 3 * DAY, NOW],
  ['40 days', NOW - 40 * DAY, NOW],
  ['26 h ending 5 h ago', NOW - 31 * HOUR - 13 * MINUTE, NOW - 5 * HOUR - 3 * MINUTE],
];

/** An error_rate rule over the day the evaluator reads (its longest span). */
function errorRateRule(): AlertRule {
  const { rules, problems } = parseAlertingFile(
    `rules:\n  - { name: late-errors, kind: error_rate, integration: ${API}, outcome: server_error, threshold: 0.5, window: 24h, minVolume: 1 }\n`,
    'alerting.yaml',
  );
  assert.deepEqual(problems, []);
  return rules[0]!;
}

/** Every reader, compared with the ledger; `at` names the step in failure messages. */
async function assertExact(server: TestServer, ledger: Ledger, at: string, windows = WINDOWS): Promise<void> {
  for (const [label, from, to] of windows) {
    const where = `${at}, ${label}`;
    const q = windowQuery(from, to);

    const summary = (await server.get(`/api/v1/integrations/${API}/summary?${q}`)).body;
    const exact = ledger.callCounts(summary.from, summary.to);
    for (const field of ['volume', ...OUTCOMES] as const) assert.equal(summary[field], exact[field], `summary ${field} (${where})`);

    const { body: operations } = await server.get(`/api/v1/integrations/${API}/operations?${q}`);
    for (const operation of OPERATIONS) {
      for (const direction of ['outbound', 'inbound'] as const) {
        const found = operations.operations.find((o: { operation: string; direction: string }) => o.operation === operation && o.direction === direction);
        const expected = ledger.callCounts(operations.from, operations.to, (c) => c.operation === operation && c.direction === direction);
        assert.equal(found?.volume ?? 0, expected.volume, `operations ${direction} ${operation} (${where})`);
        assert.equal(found?.server_error ?? 0, expected.server_error, `operations ${direction} ${operation} 5xx (${where})`);
      }
    }

    const { body: series } = await server.get(`/api/v1/integrations/${API}/timeseries?${q}`);
    const total = ledger.callCounts(series.from, series.to);
    assert.equal(series.series.volume.reduce((a: number, b: number) => a + b, 0), total.volume, `time series volume (${where})`);
    const points = ledger.callPoints(series.from, series.to, series.step_ms);
    assert.equal(series.series.t.length, points.length, `time series points (${where})`);
    series.series.t.forEach((t: number, i: number) => {
      assert.equal(series.series.volume[i], points[i]!.volume, `time series point ${new Date(t).toISOString()} (${where})`);
      assert.equal(series.series.server_error[i], points[i]!.server_error, `time series 5xx point ${new Date(t).toISOString()} (${where})`);
    });

    const { body: board } = await server.get(`/api/v1/integrations?${q}`);
    const tile = board.integrations.find((i: { id: string }) => i.id === API);
    const onBoard = ledger.callCounts(board.from, board.to);
    assert.equal(tile?.volume ?? 0, onBoard.volume, `board volume (${where})`);
    assert.equal(tile?.ok ?? 0, onBoard.ok, `board ok (${where})`);
    assert.equal((tile?.trend.volume ?? []).reduce((a: number, b: number) => a + b, 0), onBoard.volume, `board trend (${where})`);

    const { body: flow } = await server.get(`/api/v1/flow?${q}`);
    const e = (name: string, integration?: string) => ledger.eventCount(name, flow.from, flow.to, integration);
    assert.equal(flow.orders, e('order.received'), `flow orders (${where})`);
    assert.equal(flow.exceptions, e('exception.raised'), `flow exceptions (${where})`);
    assert.equal(flow.labels.created, e('label.created'), `flow labels created (${where})`);
    assert.equal(flow.labels.failed, e('label.failed'), `flow labels failed (${where})`);
    assert.equal(flow.tracking.updates, e('tracking.updated'), `flow tracking updates (${where})`);
    assert.equal(flow.lead_time.count, e('carrier.confirmed'), `flow lead times (${where})`);
    const carrier = flow.carriers.find((c: { integration: string }) => c.integration === CARRIER);
    assert.equal(carrier?.shipments ?? 0, e('shipment.created', CARRIER), `flow carrier shipments (${where})`);

    const { body: flowSeries } = await server.get(`/api/v1/flow/timeseries?${q}`);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const s = (name: string) => ledger.eventCount(name, flowSeries.from, flowSeries.to);
    assert.equal(sum(flowSeries.series.orders), s('order.received'), `flow series orders (${where})`);
    assert.equal(sum(flowSeries.series.labels_created), s('label.created'), `flow series labels (${where})`);
    assert.equal(sum(flowSeries.series.lead_times), s('carrier.confirmed'), `flow series lead times (${where})`);

    const { body: dimensions } = await server.get(`/api/v1/dimensions?${q}`);
    // Edges may be aligned to a tier, so only values seen well inside the window must be offered.
    for (const env of ledger.envs(from + HOUR, to - HOUR)) assert.ok(dimensions.envs.includes(env), `filter values offer env ${env} (${where})`);
  }

  // The alert evaluator reads the minute tier of its span (24 h here): one rule judged at once.
  const rule = errorRateRule();
  const data = await CycleData.load(server.store.db, server.clock.now, [{ rule, integration: API }]);
  const evaluation = evaluate(rule, { now: server.clock.now, integration: API, data });
  const judgedFrom = data.start;
  const judgedTo = data.start + data.minutes * MINUTE;
  const exact = ledger.callCounts(judgedFrom, judgedTo);
  const view = data.view(API, {});
  assert.equal(view.sum(view.volume, 0, data.minutes), exact.volume, `alert evaluation volume (${at})`);
  assert.equal(evaluation.value, exact.volume === 0 ? null : Math.round((exact.server_error / exact.volume) * 10_000) / 10_000, `alert evaluation error rate (${at})`);
}

async function ingest(server: TestServer, ledger: Ledger, records: Sent[]): Promise<void> {
  for (let i = 0; i < records.length; i += 5_000) {
    const batch = records.slice(i, i + 5_000);
    const answer = await server.ingest(batch);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, batch.length, JSON.stringify(answer.body.rejected?.slice(0, 3)));
    ledger.add(batch);
  }
}

/** What the compactor has not folded yet, in every rollup table. */
async function partialRows(server: TestServer): Promise<number> {
  let total = 0;
  for (const table of ['call_rollups', 'event_rollups', 'lead_time_rollups'] as const) {
    const row = await server.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('compacted', '=', 0).executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

/**
 * The reads that race the compactor, in-process (tight loops, so many of them fall between any
 * two commits of the other process): the call summary of a window and, with `flow`, its flow
 * summary too.
 */
async function assertRacingRead(context: QueryContext, expected: (from: number, to: number) => { calls: number; orders: number; leadTimes: number }, from: number, to: number, flow: boolean, where: string): Promise<void> {
  const summary = await summarize(context, API, { from, to }, {});
  assert.equal(summary.volume, expected(summary.from, summary.to).calls, `summary volume (${where})`);
  if (!flow) return;
  const flows = await flowSummary(context, { from, to }, {});
  assert.equal(flows.orders, expected(flows.from, flows.to).orders, `flow orders (${where})`);
  assert.equal(flows.lead_time.count, expected(flows.from, flows.to).leadTimes, `flow lead times (${where})`);
}

/** test/support/compactor-process.ts on the same store: `burst()` compacts, and packs what settled at NOW, until nothing is left. */
function startCompactorProcess(database: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/compactor-process.ts', database, String(NOW)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () =>
    Promise.race([
      new Promise<string>((resolve) => waiting.push(resolve)),
      exited.then((code) => Promise.reject(new Error(`the compactor process exited (${code})`))),
    ]);
  return {
    ready: next(),
    burst: async (): Promise<{ passes: number; folded: number }> => {
      const answer = next();
      child.stdin.write('go\n');
      const [, passes, folded] = (await answer).split(' ');
      return { passes: Number(passes), folded: Number(folded) };
    },
    stop: async (): Promise<void> => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        assert.equal(await exited, 0);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

describe('read your writes: the partial rows of finer tiers are found through their own indexes (SQLite plans)', () => {
  it('never walks the compacted rows of the finer tiers, for one integration, some, or all', async () => {
    // SQLite plans without statistics (the store never runs ANALYZE), so the plan is the same on
    // any data; PostgreSQL chooses by cost, and finds few partial rows cheap by either index.
    const store = await ENGINES.find((e) => e.name === 'sqlite')!.open();
    try {
      const plans = async (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
        const { sql: text, parameters } = query.compile();
        const result = await store.db.executeQuery(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
        return (result.rows as Array<{ detail: string }>).map((row) => row.detail).filter((detail) => /SEARCH|SCAN/.test(detail) && detail !== 'SCAN r');
      };
      for (const resolution of [10 * MINUTE, HOUR, DAY]) {
        const segment = { resolution, from: NOW - 30 * DAY - (NOW % resolution), to: NOW + resolution - (NOW % resolution) };
        const cases = [
          segmentQuery(store.db, 'call_rollups', segment, ['volume'], (q) => q.where('integration', '=', API).where('env', '=', 'production')).selectAll(),
          segmentQuery(store.db, 'call_rollups', segment, ['integration', 'volume']).selectAll(),
          segmentQuery(store.db, 'event_rollups', segment, ['integration', 'events'], (q) => q.where('name', 'in', ['a', 'b']).where('integration', 'in', [SHOP, CARRIER])).selectAll(),
          segmentQuery(store.db, 'event_rollups', segment, ['integration', 'events'], (q) => q.where('name', 'in', ['a', 'b'])).selectAll(),
          segmentQuery(store.db, 'lead_time_rollups', segment, ['integration', 'lead_times'], (q) => q.where('start_name', '=', 'a').where('end_name', '=', 'b')).selectAll(),
        ];
        for (const query of cases) {
          const [own, finer, ...rest] = await plans(query);
          assert.equal(rest.length, 0, `${own} / ${finer} / ${rest.join(' / ')}`);
          assert.match(own!, /resolution_ms=\?/, `the segment's own tier by its tier: ${own}`);
          assert.match(finer!, /USING INDEX \w+_partial_by_(bucket|integration) /, `finer partial rows by a partial index: ${finer}`);
        }
      }
    } finally {
      await store.dispose();
    }
  });
});

for (const engine of ENGINES) {
  describe(`read your writes (${engine.name})`, () => {
    let server: TestServer;
    const ledger = new Ledger();

    before(async () => {
      server = await startTestServer(engine, { now: NOW, env: RETENTION, ingestWriter: true });
    });
    after(async () => server.close());

    it('counts 12,000 calls timestamped two hours back as soon as they are acknowledged (the issue’s case)', async () => {
      const window = `from=${NOW - 3 * HOUR}&to=${NOW}`;
      const backfill = callsBefore(NOW - 2 * HOUR + 5 * MINUTE, 12_000, 10 * MINUTE);
      await ingest(server, ledger, backfill.slice(0, 6_000));
      assert.equal((await server.get(`/api/v1/integrations/${API}/summary?${window}`)).body.volume, 6_000);
      await ingest(server, ledger, backfill.slice(6_000));
      const summary = (await server.get(`/api/v1/integrations/${API}/summary?${window}`)).body;
      assert.equal(summary.volume, 12_000);
      await assertExact(server, ledger, 'after the backfill');
      await compactAll(server.store.db);
      assert.equal((await server.get(`/api/v1/integrations/${API}/summary?${window}`)).body.volume, 12_000, 'the same once compacted');
    });

    it('counts late and out-of-order batches at once on every reader, between compaction passes of any depth', async () => {
      // Each batch: when its records are, and how much compaction runs after it.
      // `pack`: then the packer packs every settled span (an hour after it ends), so later batches land in packed buckets.
      const steps: Array<{ label: string; records: () => Sent[]; passes: number | 'all'; pack?: true }> = [
        { label: '39 days back', records: () => [...callsBefore(NOW - 39 * DAY + 3 * HOUR, 800, 5 * HOUR), ...flowBefore(NOW - 39 * DAY + 3 * HOUR, 20, 2 * HOUR)], passes: 0 },
        { label: '2 h back', records: () => [...callsBefore(NOW - 2 * HOUR, 1_500, 30 * MINUTE), ...flowBefore(NOW - HOUR, 30, 30 * MINUTE)], passes: 1 },
        { label: '3 days back, another env', records: () => callsBefore(NOW - 3 * DAY + 2 * HOUR, 700, 4 * HOUR, { env: 'backfill' }), passes: 2 },
        { label: 'the last 10 minutes', records: () => [...callsBefore(NOW, 600, 10 * MINUTE), ...flowBefore(NOW, 10, 5 * MINUTE)], passes: 0 },
        { label: '25 h back, into compacted buckets', records: () => [...callsBefore(NOW - 25 * HOUR, 900, 3 * HOUR), ...flowBefore(NOW - 25 * HOUR, 25, 3 * HOUR)], passes: 'all', pack: true },
        { label: '2 h back again, into packed buckets', records: () => callsBefore(NOW - 2 * HOUR, 1_000, 30 * MINUTE), passes: 1 },
        { label: '6 days and 20 days back in one batch', records: () => [...callsBefore(NOW - 6 * DAY, 400, DAY), ...callsBefore(NOW - 20 * DAY, 400, DAY), ...flowBefore(NOW - 6 * DAY, 15, DAY)], passes: 3 },
        { label: '3 days back again', records: () => callsBefore(NOW - 3 * DAY + 2 * HOUR, 500, 4 * HOUR), passes: 'all', pack: true },
        { label: '25 h and 20 days back, into packed buckets', records: () => [...callsBefore(NOW - 25 * HOUR, 600, 3 * HOUR), ...callsBefore(NOW - 20 * DAY, 300, DAY)], passes: 'all' },
        { label: 'the packer again, folding the late rows into their spans', records: () => callsBefore(NOW - 3 * DAY, 200, HOUR), passes: 'all', pack: true },
      ];
      for (const step of steps) {
        await ingest(server, ledger, step.records());
        await assertExact(server, ledger, `right after the batch ${step.label}`);
        if (step.passes === 'all') await compactAll(server.store.db);
        else for (let i = 0; i < step.passes; i++) await compactRollups(server.store.db);
        await assertExact(server, ledger, `after ${step.passes} compaction pass(es) following ${step.label}`);
        if (!step.pack) continue;
        assert.ok((await packSettled(server.store.db, NOW)) > 0, `the packer packed rows after ${step.label}`);
        await assertExact(server, ledger, `after packing, following ${step.label}`);
      }
      for (const table of ['call_rollup_spans', 'integration_rollup_spans'] as const) {
        const spans = await server.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        assert.ok(Number(spans.n) > 0, `${table} holds spans`);
      }
    });

    it('never double-counts or misses while another instance’s compactor and packer, in its own process, race the reads', async () => {
      const compactor = startCompactorProcess(server.store.database);
      assert.equal(await compactor.ready, 'ready');
      const context: QueryContext = { db: server.store.db, config: server.config, clock: server.clock.read };
      const READERS = 4;
      const ROUNDS = 12;
      let reads = 0;
      let passes = 0;
      try {
        for (let round = 1; round <= ROUNDS; round++) {
          // Late data for every tier the windows' plans read: weeks, days and hours back, and now.
          await ingest(server, ledger, [
            ...callsBefore(NOW - (20 + (round % 15)) * DAY, 300, DAY),
            ...callsBefore(NOW - 3 * DAY + 3 * HOUR, 300, 4 * HOUR),
            ...callsBefore(NOW - (round % 5) * HOUR, 300, 2 * HOUR),
            ...flowBefore(NOW - round * 2 * HOUR, 10, HOUR),
            ...flowBefore(NOW - (10 + (round % 20)) * DAY, 10, HOUR),
          ]);
          const memo = new Map<string, { calls: number; orders: number; leadTimes: number }>();
          const expected = (from: number, to: number) => {
            const key = `${from} ${to}`;
            let counts = memo.get(key);
            if (!counts) {
              counts = { calls: ledger.callCounts(from, to).volume, orders: ledger.eventCount('order.received', from, to), leadTimes: ledger.eventCount('carrier.confirmed', from, to) };
              memo.set(key, counts);
            }
            return counts;
          };
          // Readers first (right after the 200), then the other process compacts under them. One
          // reader adds the flow summary; the others read summaries only, to fit more reads between
          // two commits.
          let compacting = true;
          let failure: unknown;
          const reading = Promise.all(
            Array.from({ length: READERS }, async (_, k) => {
              let n = k;
              try {
                do {
                  const [label, from, to] = WINDOWS[n++ % WINDOWS.length]!;
                  await assertRacingRead(context, expected, from, to, k === 0, `round ${round}, read ${++reads} (${label})`);
                  // SQLite answers synchronously: let the other process's "done" in between reads.
                  await yieldToLoop();
                } while (compacting && failure === undefined);
              } catch (error) {
                failure ??= error;
              }
            }),
          );
          const burst = await compactor.burst();
          compacting = false;
          await reading;
          if (failure !== undefined) throw failure;
          passes += burst.passes;
          assert.ok(burst.folded > 0, `round ${round}: the other process compacted`);
        }
        await assertExact(server, ledger, 'once the other process has compacted');
      } finally {
        await compactor.stop();
      }
      assert.ok(passes >= 3 * ROUNDS, `${passes} compaction passes raced ${reads} reads`);
    });

    it('keeps partial rows past their tier’s retention until the compactor has carried them up', async () => {
      // Older than the minute tier keeps: retention must not drop what coarser tiers do not hold yet.
      await ingest(server, ledger, [...callsBefore(NOW - 10 * DAY, 500, 6 * HOUR), ...flowBefore(NOW - 10 * DAY, 10, 6 * HOUR)]);
      await assertExact(server, ledger, 'before retention');
      await enforceRetention(server.store.db, server.config.retention, NOW);
      await assertExact(server, ledger, 'after retention, before compaction');
      await compactAll(server.store.db);
      await enforceRetention(server.store.db, server.config.retention, NOW);
      await assertExact(server, ledger, 'after compaction and retention');
    });
  });
}
