/**
 * The admin overview keeps what it read of settled segments (issue 11): its trends cut into hours,
 * its totals and latency by adapter by segment. A read with kept parts answers what a read without
 * them answers, at once and a few minutes later with new calls; kept parts are really used (a
 * settled hour changed behind the cache reads as kept until it expires); the cache stays within
 * its bound. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { latencyByAdapter, integrationTotals, type AdapterGroups } from '../src/admin/by-integration.js';
import { readGrouped, type GroupedRow } from '../src/admin/grouped.js';
import { OverviewReads } from '../src/admin/overview-reads.js';
import { errorTrend, queueTrend, runTrend } from '../src/admin/trends.js';
import { loadConfig } from '../src/config.js';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import { board } from '../src/query/board.js';
import { dayLessTheRest } from '../src/query/plan.js';
import type { QueryContext } from '../src/query/context.js';
import { ReadGate } from '../src/query/gate.js';
import { SEGMENT_CACHE_MS, SegmentCache } from '../src/query/segment-cache.js';
import { compactAll } from '../src/rollup/compact.js';
import { packSettled } from '../src/rollup/pack.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES, floorTo } from '../src/rollup/tiers.js';
import { Random } from '../src/simulator/random.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const INTEGRATIONS = ['kept-shop', 'kept-carrier', 'kept-erp'];
const random = new Random(11);

function records(count: number, end: number, spreadMs: number): NormalizedRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const ts = end - 1 - Math.floor(random.next() * spreadMs);
    const integration = INTEGRATIONS[i % INTEGRATIONS.length]!;
    const raw =
      i % 7 === 0
        ? { kind: 'run', ts, integration, job: 'sync', status: random.next() < 0.3 ? 'failed' : 'success', duration_ms: 1_000 + Math.floor(random.next() * 9_000), counts: { rows: 10 } }
        : i % 11 === 0
          ? { kind: 'gauge', ts, integration, name: 'queue.depth', value: Math.floor(random.next() * 50) }
          : { kind: 'call', ts, integration, direction: 'outbound', operation: 'sync', latency_ms: Math.round(5 + 2_000 * random.next() ** 3), status: random.next() < 0.1 ? 503 : 200 };
    const checked = normalizeRecord(raw, { notBefore: 0, notAfter: end + HOUR });
    assert.ok(checked.ok, JSON.stringify(raw));
    return checked.record;
  });
}

/** Everything the overview reads of a day ending at `now`, with kept parts or without. */
async function overview(store: TestStore, now: number, kept?: { grouped: SegmentCache<GroupedRow[]>; adapters: SegmentCache<AdapterGroups> }, span = DAY) {
  const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => now };
  const window = { from: now - span, to: now };
  const grouped = kept ? { cache: kept.grouped, now } : undefined;
  return {
    trend: await errorTrend(context, window, undefined, undefined, grouped),
    runs: await runTrend(context, window, undefined, undefined, grouped),
    queues: await queueTrend(context, window, undefined, undefined, grouped),
    totals: await integrationTotals(context, window, undefined, grouped),
    latency: await latencyByAdapter(context, window, undefined, undefined, kept ? { cache: kept.adapters, now } : undefined),
  };
}

describe('a day less its other hours', () => {
  const retention = loadConfig({ database: ':memory:', port: 0 }, {}).retention.rollupMs;
  const midnight = floorTo(NOW, DAY);
  const hours = (from: number, to: number) => ({ resolution: HOUR, from, to });
  it('covers the hours of each ended day that are more than half of it as the day less the others; the rest as they are', () => {
    // Three days: 10 h of the first (as they are), the whole second, 13 h of the third; the two days one read.
    const segment = hours(midnight - 2 * DAY - 10 * HOUR, midnight - 11 * HOUR);
    assert.deepEqual(dayLessTheRest(segment, NOW, retention), {
      plus: [hours(midnight - 2 * DAY - 10 * HOUR, midnight - 2 * DAY), { resolution: DAY, from: midnight - 2 * DAY, to: midnight }],
      minus: [hours(midnight - 11 * HOUR, midnight)],
    });
  });
  it('reads as it is a day not ended yet, a day past the day tier’s retention, 12 hours or fewer, and other tiers', () => {
    for (const segment of [hours(midnight, midnight + 12 * HOUR), hours(midnight - 400 * DAY, midnight - 400 * DAY + 20 * HOUR), hours(midnight - 12 * HOUR, midnight), { resolution: TEN_MINUTES, from: midnight - DAY, to: midnight }]) {
      assert.deepEqual(dayLessTheRest(segment, NOW, { ...retention, [DAY]: 300 * DAY }), { plus: [segment], minus: [] });
    }
  });
});

describe('grouped reads of a packed table', () => {
  it('refuse a measure that is not a count, by name, before reading anything', async () => {
    const segments = [{ resolution: HOUR, from: NOW - DAY, to: NOW }];
    await assert.rejects(
      readGrouped(undefined as never, segments, { table: 'integration_rollups', by: ['bucket'], measures: { volume: 'sum', latency_sketch: 'sum' }, integrations: undefined }),
      /a grouped read of integration_rollups folds its counts only, not latency_sketch/,
    );
  });
});

describe('the segment cache’s bound', () => {
  it('keeps what weighs up to its bound, the least recently used going first, and nothing heavier than the bound', () => {
    const cache = new SegmentCache<number[]>({ maxWeight: 10, weigh: (rows) => rows.length });
    const segment = (hour: number) => ({ resolution: MINUTE, from: hour * HOUR, to: (hour + 1) * HOUR });
    const now = 100 * HOUR;
    cache.keep('k', segment(1), now, [1, 2, 3, 4]);
    cache.keep('k', segment(2), now, [1, 2, 3, 4]);
    assert.deepEqual(cache.peek('k', segment(1)), [1, 2, 3, 4], 'the first kept, used since');
    cache.keep('k', segment(3), now, [1, 2, 3, 4]);
    assert.equal(cache.peek('k', segment(2)), undefined, 'the least recently used went to make room');
    assert.deepEqual(cache.peek('k', segment(1)), [1, 2, 3, 4]);
    assert.deepEqual(cache.peek('k', segment(3)), [1, 2, 3, 4]);
    cache.keep('k', segment(4), now, new Array(11).fill(0));
    assert.equal(cache.peek('k', segment(4)), undefined, 'heavier than the whole bound: not kept');
    cache.keep('k', segment(99), now, [1]);
    assert.equal(cache.peek('k', segment(99)), undefined, 'a segment not settled yet is not kept');
  });
});

for (const engine of ENGINES) {
  describe(`the admin overview’s kept parts (${engine.name})`, () => {
    let store: TestStore;
    let committed: NormalizedRecord[];
    before(async () => {
      store = await engine.open();
      // And slow calls in yesterday's small hours, which a window from later that day leaves out.
      const early = Array.from({ length: 300 }, (_, i) => {
        const raw = { kind: 'call', ts: floorTo(NOW, DAY) - DAY + HOUR + i * MINUTE, integration: INTEGRATIONS[i % INTEGRATIONS.length]!, direction: 'outbound', operation: 'sync', latency_ms: 30_000, status: 200 };
        const checked = normalizeRecord(raw, { notBefore: 0, notAfter: NOW });
        assert.ok(checked.ok);
        return checked.record;
      });
      committed = records(6_000, NOW, 30 * HOUR).concat(early);
      await commitRecords(store.db, committed, NOW);
      await compactAll(store.db);
      assert.ok((await packSettled(store.db, NOW)) > 0, 'settled hours are spans, as a running store has them');
    });
    after(async () => store?.dispose());

    it('answers what a read without them answers, at once and minutes later with new calls', async () => {
      const kept = { grouped: new SegmentCache<GroupedRow[]>(), adapters: new SegmentCache<AdapterGroups>() };
      // Two minutes before the hour: three minutes later the window starts in the next hour, one kept whole.
      const first = NOW + 24 * MINUTE;
      const expected = await overview(store, first);
      assert.ok(expected.trend.volume.reduce((a, b) => a + b, 0) > 0 && expected.latency.length > 0);
      assert.deepEqual(await overview(store, first, kept), expected, 'the first read, keeping its settled parts');
      assert.deepEqual(await overview(store, first, kept), expected, 'the next, from them');

      const later = first + 3 * MINUTE;
      const added = records(300, later, 5 * MINUTE);
      await commitRecords(store.db, added, later);
      committed = committed.concat(added);
      await compactAll(store.db);
      assert.deepEqual(await overview(store, later, kept), await overview(store, later), 'three minutes later: the new calls counted');
    });

    it('covers a window that ended hours ago to a ten-minute boundary, a window ending now through the present minute, counting every call inside', async () => {
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW };
      const callsIn = (window: { from: number; to: number }) => {
        const calls = new Map<string, number>();
        for (const record of committed) {
          if (record.kind === 'call' && record.ts >= window.from && record.ts < window.to) calls.set(record.integration, (calls.get(record.integration) ?? 0) + 1);
        }
        return calls;
      };
      for (const [to, end] of [
        [NOW - 5 * HOUR - 3 * MINUTE, floorTo(NOW - 5 * HOUR - 3 * MINUTE, TEN_MINUTES)],
        // Read through the present: the calls of the present minute (12:34:00 to 12:34:56) too.
        [NOW, NOW],
      ] as const) {
        const { window, totals } = await integrationTotals(context, { from: to - DAY, to }, undefined);
        assert.deepEqual(window, { from: floorTo(to - DAY, TEN_MINUTES), to: end }, `the window ending ${(NOW - to) / MINUTE} minutes ago`);
        // Through the present, calls stamped after it count too (ingest takes them within its clock
        // skew; here the calls the first test added 27 minutes on).
        const expected = callsIn(to === NOW ? { from: window.from, to: Infinity } : window);
        assert.ok(expected.size === INTEGRATIONS.length, 'every integration called in the window');
        assert.deepEqual(new Map(totals.map((row) => [row.integration, row.calls])), expected);
        const latency = await latencyByAdapter(context, { from: to - DAY, to }, undefined, undefined);
        const count = (calls: Map<string, number>) => [...calls.values()].reduce((a, b) => a + b, 0);
        assert.equal(latency.reduce((sum, adapter) => sum + adapter.calls, 0), count(expected), 'the latency by adapter counts the same calls');
        // The trend's settled hours are read as every integration's spans end to end (query/packed.ts).
        const trend = await errorTrend(context, { from: to - DAY, to }, undefined);
        // Through the present, to the end of its last step (a call stamped later belongs to a step to come).
        const trendWindow = { from: trend.from, to: to === NOW ? trend.t.at(-1)! + trend.step_ms : trend.to };
        assert.equal(trend.volume.reduce((a, b) => a + b, 0), count(callsIn(trendWindow)), 'the error trend counts the same calls');
        const failed = committed.filter((record) => record.kind === 'call' && record.ts >= trendWindow.from && record.ts < trendWindow.to && record.outcome !== 'ok');
        assert.equal(trend.errors.reduce((a, b) => a + b, 0), failed.length, 'and the same failures');
      }
    });

    it('reads the latency of yesterday’s last hours from the ten-minute tier, counting every call of the window', async () => {
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW };
      // From 22:10 the day before: its last hour would be a day span of 24 hour sketches per integration.
      const window = { from: floorTo(NOW, DAY) - HOUR - 50 * MINUTE, to: NOW };
      const latency = await latencyByAdapter(context, window, undefined, undefined);
      const calls = committed.filter((record) => record.kind === 'call' && record.ts >= window.from).length;
      assert.ok(calls > 0);
      assert.equal(latency.reduce((sum, adapter) => sum + adapter.calls, 0), calls);
    });

    it('reads most of yesterday as its day less the other hours: the same calls and quantiles as a sketch of the window’s own calls', async () => {
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW };
      // From 08:00 the day before: 16 of its hours, the day's sketch less 00:00–08:00, which holds
      // calls that must not count (the slow ones from 01:00, and the others from 06:34).
      const window = { from: floorTo(NOW, DAY) - 16 * HOUR, to: NOW };
      const yesterday = { resolution: HOUR, from: window.from, to: floorTo(NOW, DAY) };
      assert.deepEqual(dayLessTheRest(yesterday, NOW, context.config.retention.rollupMs), {
        plus: [{ resolution: DAY, from: floorTo(NOW, DAY) - DAY, to: floorTo(NOW, DAY) }],
        minus: [{ resolution: HOUR, from: floorTo(NOW, DAY) - DAY, to: window.from }],
      });
      const inside = committed.filter((record) => record.kind === 'call' && record.ts >= window.from);
      const left = committed.filter((record) => record.kind === 'call' && record.ts >= floorTo(NOW, DAY) - DAY && record.ts < window.from);
      assert.ok(left.length > 50, 'the hours left out hold calls');
      const expected = new LatencySketch();
      for (const record of inside) expected.add(record.latency_ms!);
      const [latency] = await latencyByAdapter(context, window, undefined, undefined);
      assert.deepEqual(latency, {
        adapter: null,
        integrations: INTEGRATIONS.length,
        calls: inside.length,
        p50_ms: Math.round(expected.quantile(0.5)! * 1000) / 1000,
        p95_ms: Math.round(expected.quantile(0.95)! * 1000) / 1000,
        p99_ms: Math.round(expected.quantile(0.99)! * 1000) / 1000,
      });
    });

    it('gives the board’s tiles, over most of yesterday, the quantiles of a sketch of their own calls', async () => {
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW };
      // From 08:00 the day before to 12:30: yesterday less 00:00–08:00, today's hours and ten minutes.
      const answer = await board(context, { from: floorTo(NOW, DAY) - 16 * HOUR, to: NOW }, {});
      assert.equal(answer.from, floorTo(NOW, DAY) - 16 * HOUR);
      assert.equal(answer.to, floorTo(NOW, TEN_MINUTES));
      assert.equal(answer.integrations.length, INTEGRATIONS.length);
      for (const tile of answer.integrations) {
        const own = committed.filter((record) => record.kind === 'call' && record.integration === tile.id && record.ts >= answer.from && record.ts < answer.to);
        const sketch = new LatencySketch();
        for (const record of own) sketch.add(record.latency_ms!);
        const rounded = (q: number) => Math.round(sketch.quantile(q)! * 1000) / 1000;
        assert.deepEqual([tile.volume, tile.p50_ms, tile.p95_ms, tile.p99_ms], [own.length, rounded(0.5), rounded(0.95), rounded(0.99)], tile.id);
      }
    });

    it('answers a week and a month ending now as a read without them does: parts of days and hours, the present apart', async () => {
      for (const span of [7 * DAY, 30 * DAY]) {
        const kept = { grouped: new SegmentCache<GroupedRow[]>(), adapters: new SegmentCache<AdapterGroups>() };
        const expected = await overview(store, NOW, undefined, span);
        assert.ok(expected.trend.volume.reduce((a, b) => a + b, 0) > 0 && expected.totals.totals.length === INTEGRATIONS.length);
        assert.deepEqual(await overview(store, NOW, kept, span), expected, `${span / DAY} days, the first read`);
        assert.deepEqual(await overview(store, NOW, kept, span), expected, `${span / DAY} days, from what the first read kept`);
        assert.deepEqual(await overview(store, NOW + 3 * MINUTE, kept, span), await overview(store, NOW + 3 * MINUTE, undefined, span), `${span / DAY} days, three minutes on`);
      }
    });

    it('reads a settled hour from what it kept until that expires', async () => {
      const kept = { grouped: new SegmentCache<GroupedRow[]>(), adapters: new SegmentCache<AdapterGroups>() };
      const before = await overview(store, NOW, kept);
      // Behind the cache's back: a settled hour of one integration's per-integration spans goes.
      const hour = Math.floor((NOW - 10 * HOUR) / HOUR) * HOUR;
      const gone = await store.db.deleteFrom('integration_rollup_spans').where('integration', '=', 'kept-shop').where('span', '=', hour).executeTakeFirst();
      assert.ok(Number(gone.numDeletedRows) > 0, 'the hour had spans');
      assert.deepEqual((await overview(store, NOW, kept)).trend, before.trend, 'the kept hour is read, not the store');
      assert.notDeepEqual((await overview(store, NOW)).trend, before.trend, 'a read without the cache sees the change');
      kept.grouped.expire(NOW + SEGMENT_CACHE_MS + 1);
      assert.deepEqual((await overview(store, NOW, kept)).trend, (await overview(store, NOW)).trend, 'once expired, the store again');
    });

    it('is kept current by its keeper: a pass reads what no request has, and renews only what would expire before the next pass', async () => {
      let clock = NOW + 5 * MINUTE;
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => clock };
      const reads = new OverviewReads(context);
      // What a request of the console reads (sharing, and finding what is kept), and the same read from the store alone.
      const asked = async () => {
        const window = reads.defaultWindow(clock);
        const reading = { arrivedAt: performance.now() };
        const trend = await reads.trend('errors', errorTrend, context, window, undefined, undefined, reading);
        return { calls: trend.volume, ok: trend.errors, totals: (await reads.totals(context, window, undefined, reading)).totals, latency: await reads.latency(context, window, undefined, reading) };
      };
      const fromStore = async () => {
        const window = reads.defaultWindow(clock);
        const trend = await errorTrend(context, window, undefined);
        return { calls: trend.volume, ok: trend.errors, totals: (await integrationTotals(context, window, undefined)).totals, latency: await latencyByAdapter(context, window, undefined, undefined) };
      };
      assert.equal(await reads.keep(MINUTE), 1, 'every integration’s overview, and no tenant’s yet');
      const before = await fromStore();
      // Behind the cache's back: a settled hour of one integration goes, spans and sketches.
      const hour = Math.floor((NOW - 8 * HOUR) / HOUR) * HOUR;
      const spans = await store.db.selectFrom('integration_rollup_spans').select('id').where('integration', '=', 'kept-erp').where('span', '=', hour).execute();
      assert.ok(spans.length > 0, 'the hour had spans');
      await store.db.deleteFrom('integration_rollup_span_sketches').where('span_id', 'in', spans.map((span) => span.id)).execute();
      await store.db.deleteFrom('integration_rollup_spans').where('id', 'in', spans.map((span) => span.id)).execute();
      assert.notDeepEqual(await fromStore(), before, 'the store changed');
      assert.deepEqual(await asked(), before, 'the first request finds the day the keeper read');

      clock += MINUTE;
      await reads.keep(MINUTE);
      const kept = await asked();
      assert.notDeepEqual(kept, await fromStore(), 'a pass a minute later left the fresh parts as they were');
      assert.deepEqual(kept.totals, before.totals, 'the kept hour still counts');
      clock += 3 * MINUTE;
      await reads.keep(MINUTE);
      assert.deepEqual(await asked(), await fromStore(), 'four minutes on, what would expire before the next pass was read again');
    });

    it('reads in a read slot only when one frees up, taking no place in the requests’ queue and counting no refusal', async () => {
      const gate = new ReadGate({ concurrency: 1, queue: 4, queueWaitMs: 60_000, timeoutMs: 0 }, engine.name);
      const reads = new OverviewReads({ db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW, reads: gate });
      let release!: () => void;
      let request = gate.run(store.db, () => new Promise<void>((resolve) => (release = resolve)));
      const started = performance.now();
      assert.equal(await reads.keep(1_000), 0, 'the one slot taken for the whole pass: nothing kept');
      assert.ok(performance.now() - started >= 450, 'it asked again for half the interval before it gave up');
      assert.deepEqual(gate.stats(), { running: 1, waiting: 0, refused: 0, timedOut: 0 });
      release();
      await request;

      request = gate.run(store.db, () => new Promise<void>((resolve) => (release = resolve)));
      const pass = reads.keep(MINUTE);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(gate.stats().waiting, 0, 'the pass waits outside the queue');
      release();
      await request;
      assert.equal(await pass, 1, 'the slot freed within the pass: every integration’s overview kept');
    });

    it('keeps the windows ending now opened in the last day: sixteen at most, four of one scope', async () => {
      let clock = NOW;
      const reads = new OverviewReads({ db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => clock });
      const endingNow = (span: number) => reads.windowEndingNow(clock, span);
      reads.noteOpened(undefined, endingNow(DAY));
      reads.noteOpened(['kept-shop'], endingNow(DAY));
      reads.noteOpened(['kept-shop'], endingNow(DAY));
      assert.equal(await reads.keep(MINUTE), 2, 'every integration’s day, always kept, and the one tenant scope’s');
      reads.noteOpened(undefined, endingNow(7 * DAY));
      // A caller's clock a few seconds off: the same window.
      reads.noteOpened(undefined, { from: floorTo(clock - 7 * DAY - 40_000, MINUTE), to: floorTo(clock, MINUTE) });
      reads.noteOpened(undefined, { from: clock - 8 * DAY, to: clock - DAY });
      reads.noteOpened(undefined, endingNow(30 * MINUTE));
      reads.noteOpened(undefined, endingNow(60 * DAY));
      reads.noteOpened(['kept-erp'], endingNow(7 * DAY));
      assert.equal(await reads.keep(MINUTE), 4, 'and 7 days of every integration, and of one tenant; not a past week, half an hour or 60 days');
      for (const days of [2, 3, 4, 5, 6]) reads.noteOpened(['kept-shop'], endingNow(days * DAY));
      assert.equal(await reads.keep(MINUTE), 7, 'one scope’s newest four windows');
      for (let i = 0; i < 20; i++) reads.noteOpened([`tenant-${i}`], endingNow(DAY));
      assert.equal(await reads.keep(MINUTE), 17, 'the sixteen windows asked last');
      clock += DAY;
      assert.equal(await reads.keep(MINUTE), 1, 'a day later, every integration’s day alone');
    });

    it('goes on to the other windows when one fails, and fails the pass after them', async () => {
      const reads = new OverviewReads({ db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW });
      reads.noteOpened(undefined, reads.windowEndingNow(NOW, 7 * DAY));
      reads.noteOpened(['kept-shop'], reads.windowEndingNow(NOW, DAY));
      const latency = reads.latency.bind(reads);
      const scopes: string[] = [];
      reads.latency = (ctx, window, integrations, reading) => {
        scopes.push(`${(window.to - window.from) / DAY}|${integrations?.join(',') ?? '*'}`);
        return window.to - window.from > 2 * DAY ? Promise.reject(new Error('past the read deadline')) : latency(ctx, window, integrations, reading);
      };
      await assert.rejects(reads.keep(MINUTE), /past the read deadline/);
      assert.deepEqual(scopes, ['1|*', '7|*', '1|kept-shop'], 'the tenant’s day after the week that failed');
      assert.equal(reads.passes, 1);
    });

    it('keeps a window ending now that a caller opened: the next request finds it read', async () => {
      let clock = NOW + 5 * MINUTE;
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => clock };
      const reads = new OverviewReads(context);
      const week = () => reads.windowEndingNow(clock, 7 * DAY);
      const asked = async () => (await reads.totals(context, week(), undefined, { arrivedAt: performance.now() })).totals;
      const fromStore = async () => (await integrationTotals(context, week(), undefined)).totals;
      reads.noteOpened(undefined, week());
      clock += 6 * MINUTE;
      assert.equal(await reads.keep(MINUTE), 2, 'the day and the week');
      const before = await fromStore();
      // Behind the cache's back: yesterday's day row of one integration goes (a week reads whole days from the day tier).
      const yesterday = floorTo(NOW, DAY) - DAY;
      const gone = await store.db.deleteFrom('integration_rollups').where('integration', '=', 'kept-carrier').where('resolution_ms', '=', DAY).where('bucket', '=', yesterday).executeTakeFirst();
      assert.ok(Number(gone.numDeletedRows) > 0, 'yesterday had a day row');
      assert.notDeepEqual(await fromStore(), before, 'the store changed');
      assert.deepEqual(await asked(), before, 'the week’s request finds what the keeper read');
    });
  });
}
