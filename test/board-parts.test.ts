/**
 * The board's kept parts (issue 11, src/query/board-parts.ts): each integration's counts, sketch
 * and trend over a settled segment, kept five minutes and shared by every page, search and
 * tenant. A board read with them answers what a read without them answers, for every window, at
 * once and minutes later with new calls; what is kept is really used (a settled row deleted behind
 * its back still counts until it expires); a page reads only the integrations not kept yet.
 * Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { commitRecords } from '../src/ingest/commit.js';
import { board, type BoardPage } from '../src/query/board.js';
import { KEPT_BOARD_SPANS, keepBoards } from '../src/query/board-keeper.js';
import { BOARD_PARTS_KEPT_MS, BoardParts, KeptById } from '../src/query/board-parts.js';
import type { QueryContext } from '../src/query/context.js';
import { SETTLE_MS } from '../src/query/segment-cache.js';
import { LATE_CALL_MS, LATE_MARKS_KEPT_MS, LATE_MARKS_READ, lateCallsOf } from '../src/rollup/late-calls.js';
import { bulkInsert } from '../src/store/bulk-insert.js';
import { enforceRetention } from '../src/store/retention.js';
import { compactAll } from '../src/rollup/compact.js';
import { packSettled } from '../src/rollup/pack.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES, floorTo } from '../src/rollup/tiers.js';
import { Random } from '../src/simulator/random.js';
import type { IntegrationFilter } from '../src/store/in-list.js';
import { boardCalls } from './support/board-calls.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const INTEGRATIONS = ['parts-shop', 'parts-carrier', 'parts-erp', 'parts-feed', 'parts-market'];
const WINDOWS = [HOUR, DAY, 7 * DAY, 30 * DAY];
const random = new Random(23);

const calls = (count: number, end: number, spreadMs: number) => boardCalls(random, INTEGRATIONS, count, end, spreadMs);

/** A cache over reads that note what they were asked for and run `watch.during` while under way; `everyone`: the integrations of a read of all. */
function watchedReads(everyone: string[] = []) {
  const kept = new KeptById<number>(() => 8);
  const asked: IntegrationFilter[] = [];
  const watch: { during?: () => void } = {};
  const read = async (integrations: IntegrationFilter) => {
    asked.push(integrations);
    watch.during?.();
    return new Map((integrations ?? everyone).map((id) => [id, 1]));
  };
  return { kept, asked, watch, read };
}

/** A settled segment of the unit tests, and a time long after it. */
const segment = { resolution: HOUR, from: 10 * HOUR, to: 20 * HOUR };
const now = 30 * HOUR;

describe('what the board keeps, integration by integration', () => {
  it('reads only the integrations it does not keep yet, remembers those that had nothing, and reads a whole scope again whole', async () => {
    const kept = new KeptById<number>(() => 8);
    const asked: IntegrationFilter[] = [];
    const read = async (integrations: IntegrationFilter) => {
      asked.push(integrations);
      const values = new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]);
      return new Map([...values].filter(([id]) => integrations === undefined || integrations.includes(id)));
    };
    const values = async (integrations: IntegrationFilter) => Object.fromEntries(await kept.read('k', segment, now, integrations, read, (value) => value));
    assert.deepEqual(await values(['a', 'b']), { a: 1, b: 2 });
    assert.deepEqual(await values(['b', 'c', 'z']), { b: 2, c: 3 });
    assert.deepEqual(await values(['a', 'z']), { a: 1 }, 'all kept, z as having nothing');
    assert.deepEqual(await values(undefined), { a: 1, b: 2, c: 3 });
    assert.deepEqual(await values(['c', 'y']), { c: 3 }, 'once every integration was read, one not in it had nothing');
    assert.deepEqual(asked, [['a', 'b'], ['c', 'z'], undefined]);
    assert.deepEqual(await values(['a']), { a: 1 });
    assert.equal(asked.length, 3);
    await kept.read('k', segment, now + BOARD_PARTS_KEPT_MS - 1, ['a'], read, (value) => value);
    assert.equal(asked.length, 3, 'kept most of an hour');
    await kept.read('k', segment, now + BOARD_PARTS_KEPT_MS - 1, ['a'], read, (value) => value, now + 1);
    assert.deepEqual(asked.at(-1), ['a'], 'renewed: kept from a read before the time asked');
    await kept.read('k', segment, now + 2 * BOARD_PARTS_KEPT_MS - 1, ['a'], read, (value) => value);
    assert.equal(asked.length, 5, 'expired an hour after the read that renewed it');
    await kept.read('k', { ...segment, to: now }, now, ['a'], read, (value) => value);
    await kept.read('k', { ...segment, to: now }, now, ['a'], read, (value) => value);
    assert.equal(asked.length, 7, 'a segment not settled is read every time');
  });
});

describe('what the board forgets of late calls', () => {
  it('marks calls stamped more than a minute before their batch was received: each integration’s first and last', () => {
    const received = 100 * MINUTE;
    const record = (integration: string, ts: number, kind = 'call') => ({ kind, integration, ts });
    const marked = lateCallsOf(
      [record('a', received - LATE_CALL_MS), record('a', received - LATE_CALL_MS - 1), record('a', received - 50 * MINUTE), record('a', received - 7 * MINUTE), record('b', received - 3 * MINUTE, 'event'), record('c', received + MINUTE)],
      received,
    );
    assert.deepEqual([...marked], [['a', { first: received - 50 * MINUTE, last: received - LATE_CALL_MS - 1 }]], 'a minute back is on time; events and the future are never late');
    assert.ok(LATE_CALL_MS < SETTLE_MS, 'a call on time is never in a settled part');
  });

  it('forgets an integration where its late calls may be, and keeps a read under way unless a late call may be in it', async () => {
    const { kept, asked, watch, read } = watchedReads(['a', 'b']);
    const ask = (integrations: IntegrationFilter) => kept.read('k', segment, now, integrations, read, (value) => value);
    await ask(['a', 'b']);
    kept.forget(new Map([['a', { first: 20 * HOUR, last: 25 * HOUR }]]));
    kept.forget(new Map([['b', { first: 2 * HOUR, last: 9 * HOUR }]]));
    await ask(['a', 'b']);
    assert.equal(asked.length, 1, 'calls stamped outside the segment: nothing forgotten');
    kept.forget(new Map([['a', { first: 12 * HOUR, last: 12 * HOUR }]]));
    await ask(['a', 'b']);
    assert.deepEqual(asked.at(-1), ['a'], 'only the integration with a late call in the segment is read again');
    // A read under way while another integration's late call is committed: what it read is kept.
    watch.during = () => kept.forget(new Map([['b', { first: 12 * HOUR, last: 12 * HOUR }]]));
    await ask(['a', 'c']);
    assert.deepEqual(asked.at(-1), ['c']);
    watch.during = undefined;
    await ask(['a', 'c']);
    assert.equal(asked.length, 3, 'c was kept though b was forgotten while it was read');
    // And one whose own integration gets a late call meanwhile: nothing of it is kept.
    watch.during = () => kept.forget(new Map([['b', { first: 15 * HOUR, last: 15 * HOUR }]]));
    await ask(['b']);
    watch.during = undefined;
    await ask(['b']);
    assert.deepEqual(asked.slice(3), [['b'], ['b']], 'b read again: the late call may or may not have been in the first read');
  });
});

describe('the forgettings a read under way is checked against', () => {
  it('name 10,000 integrations at most: a read that began before the oldest kept keeps nothing', async () => {
    const { kept, asked, watch, read } = watchedReads();
    const ask = (id: string) => kept.read('k', segment, now, [id], read, (value) => value);
    // Late calls of other integrations, outside the segment: they never overlap what is read.
    const elsewhere = (prefix: string, count: number) => new Map(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, { first: 2 * HOUR, last: 3 * HOUR }]));
    watch.during = () => kept.forget(elsewhere('x', 6_000));
    await ask('p');
    watch.during = undefined;
    await ask('p');
    assert.equal(asked.length, 1, 'under the bound: the read under way was kept');
    watch.during = () => {
      kept.forget(elsewhere('x', 6_000));
      kept.forget(elsewhere('y', 6_000));
    };
    await ask('q');
    watch.during = undefined;
    await ask('q');
    assert.equal(asked.length, 3, 'past it, the first forgetting since the read began is gone: nothing of it kept');
  });
});

describe('a read that adds to a part replaced while it read', () => {
  it('adds to the part kept now, which had the forgettings since, not to the one it found', async () => {
    const kept = new KeptById<number>(() => 8);
    const store = new Map([
      ['a', 10],
      ['b', 1],
      ['c', 1],
    ]);
    let gate: Promise<void> | undefined;
    const read = async (integrations: IntegrationFilter) => {
      if (gate) await gate;
      return new Map((integrations ?? [...store.keys()]).map((id) => [id, store.get(id)!]));
    };
    const ask = (integrations: string[]) => kept.read('k', segment, now, integrations, read, (value) => value);
    await ask(['a']);
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const slow = ask(['a', 'b']);
    gate = undefined;
    // Meanwhile another page replaces the part, and a late call for a is caught up.
    await ask(['a', 'c']);
    store.set('a', 11);
    kept.forget(new Map([['a', { first: 15 * HOUR, last: 15 * HOUR }]]));
    open();
    await slow;
    assert.equal((await ask(['a'])).get('a'), 11, 'a read again, not its value from before the late call');
  });
});

describe('what the board keeps, within its bound', () => {
  it('keeps parts up to 12 MiB of each kind, the least recently used going first, and none heavier than that', async () => {
    const heavy = new KeptById<number>(() => 5 * 1024 * 1024);
    const hour = (at: number) => ({ resolution: HOUR, from: at * HOUR, to: (at + 1) * HOUR });
    let reads = 0;
    const read = async (integrations: IntegrationFilter) => {
      reads += 1;
      return new Map((integrations ?? ['a']).map((id) => [id, 1]));
    };
    const ask = (at: number, integrations: string[] = ['a']) => heavy.read('k', hour(at), now, integrations, read, (value) => value);
    await ask(1);
    await ask(2);
    await ask(1);
    assert.equal(reads, 2, 'two parts of 5 MiB kept');
    await ask(3);
    await ask(1);
    assert.equal(reads, 3, 'the first one, used since, stays');
    await ask(2);
    assert.equal(reads, 4, 'a third made room by dropping the least recently used');
    await ask(4, ['a', 'b', 'c']);
    await ask(4, ['a', 'b', 'c']);
    assert.equal(reads, 6, 'a part of 15 MiB is never kept');
  });
});

for (const engine of ENGINES) {
  describe(`the board’s kept parts (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
      await commitRecords(store.db, calls(6_000, NOW, 40 * HOUR).concat(calls(600, NOW - 3 * DAY, 10 * DAY)), NOW);
      await compactAll(store.db);
      assert.ok((await packSettled(store.db, NOW)) > 0, 'settled hours are spans, as a running store has them');
    });
    after(async () => store?.dispose());

    const contextAt = (now: number): QueryContext => ({ db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => now });
    const boardAt = (now: number, span: number, page: BoardPage = {}, parts?: BoardParts) => board(contextAt(now), { from: now - span, to: now }, {}, undefined, page, parts);

    it('answers every window as a read without them does: the whole board, a page, a search, a tenant’s, and minutes later with new calls', async () => {
      const parts = new BoardParts();
      const pages: BoardPage[] = [{}, { limit: 2 }, { q: 'carrier' }, { visible: ['parts-shop', 'parts-erp'] }];
      for (const span of WINDOWS) {
        for (const page of pages) {
          const expected = await boardAt(NOW, span, page);
          assert.ok(expected.integrations.some((tile) => tile.volume > 0), `${span / HOUR} h has calls`);
          const shown = `${span / HOUR} h, ${JSON.stringify(page)}`;
          assert.deepEqual(await boardAt(NOW, span, page, parts), expected, `${shown}, first read`);
          assert.deepEqual(await boardAt(NOW, span, page, parts), expected, `${shown}, from what was kept`);
        }
      }
      const later = NOW + 4 * MINUTE;
      // Stamped since the newest part kept (parts kept at NOW ended two minutes before it or earlier): a late call shows once its part expires.
      await commitRecords(store.db, calls(300, later, 6 * MINUTE), later);
      await compactAll(store.db);
      for (const span of WINDOWS) for (const page of pages) assert.deepEqual(await boardAt(later, span, page, parts), await boardAt(later, span, page), `${span / HOUR} h, ${JSON.stringify(page)}, four minutes on`);
    });

    it('reads the whole board unconfined and the same integrations listed alike, kept or not', async () => {
      const parts = new BoardParts();
      for (const span of WINDOWS) {
        const whole = await boardAt(NOW, span);
        const ids = whole.integrations.map((tile) => tile.id);
        assert.ok(ids.length > 4 && whole.next === null, `${span / HOUR} h: the whole board is one page of several tiles`);
        assert.deepEqual(await boardAt(NOW, span, { visible: ids }), whole, `${span / HOUR} h, listed`);
        assert.deepEqual(await boardAt(NOW, span, {}, parts), whole, `${span / HOUR} h, unconfined, kept`);
        assert.deepEqual(await boardAt(NOW, span, { visible: ids }, parts), whole, `${span / HOUR} h, listed, from what was kept`);
      }
    });

    it('counts a late call at once, whichever instance commits it: each board catches up on the marks commits leave', async () => {
      // Two instances' boards over one store.
      const here = new BoardParts();
      const there = new BoardParts();
      for (const parts of [here, there]) {
        for (const span of WINDOWS) await boardAt(NOW, span, {}, parts);
        await boardAt(NOW, 7 * DAY, { limit: 2 }, parts);
      }
      // Yesterday afternoon and two days back: in kept parts of the day and week windows.
      const late = calls(40, floorTo(NOW, DAY) - 6 * HOUR, 2 * DAY).map((call) => ({ ...call, integration: 'parts-market' }));
      await commitRecords(store.db, late, NOW);
      for (const [name, parts] of Object.entries({ here, there })) {
        for (const span of WINDOWS) {
          assert.deepEqual(await boardAt(NOW, span, {}, parts), await boardAt(NOW, span), `${name}: ${span / HOUR} h, the whole board`);
          assert.deepEqual(await boardAt(NOW, span, { limit: 2 }, parts), await boardAt(NOW, span, { limit: 2 }), `${name}: ${span / HOUR} h, a page`);
        }
      }
    });

    it('reads a settled day from what it kept until that expires, and a filtered board from the store', async () => {
      const parts = new BoardParts();
      const week = 7 * DAY;
      const before = await boardAt(NOW, week, {}, parts);
      // Behind the cache's back: yesterday's day row of one integration goes.
      const gone = await store.db.deleteFrom('integration_rollups').where('integration', '=', 'parts-feed').where('resolution_ms', '=', DAY).where('bucket', '=', floorTo(NOW, DAY) - DAY).executeTakeFirst();
      assert.ok(Number(gone.numDeletedRows) > 0, 'yesterday had a day row');
      const fromStore = await boardAt(NOW, week);
      assert.notDeepEqual(fromStore, before, 'the store changed');
      assert.deepEqual(await boardAt(NOW, week, {}, parts), before, 'the kept day is read, not the store');
      const filtered = () => board(contextAt(NOW), { from: NOW - week, to: NOW }, { operation: 'sync' }, undefined, {}, parts);
      const firstFiltered = await filtered();
      const goneCalls = await store.db.deleteFrom('call_rollups').where('integration', '=', 'parts-feed').where('operation', '=', 'sync').where('resolution_ms', '=', DAY).where('bucket', '=', floorTo(NOW, DAY) - DAY).executeTakeFirst();
      assert.ok(Number(goneCalls.numDeletedRows) > 0, 'yesterday had a day row of the operation');
      assert.notDeepEqual(await filtered(), firstFiltered, 'a filtered board keeps nothing: it reads the store each time');
      const later = NOW + BOARD_PARTS_KEPT_MS;
      assert.deepEqual(await boardAt(later, week, {}, parts), await boardAt(later, week), 'once expired, the store again');
    });

    // Last: it deletes rows behind the cache's back.
    it('judges a batch late as its mark is written: calls on time when received, committed a minute or more later, are marked', async () => {
      const marks = () => store.db.selectFrom('late_calls').select(['first_ts', 'last_ts']).where('integration', '=', 'parts-slow').execute();
      // Received (by its server's clock) at NOW, thirty seconds after they were stamped; committed here, days later.
      const received = NOW - 10 * MINUTE;
      const onTime = calls(5, received - 30_000, 10_000).map((call) => ({ ...call, integration: 'parts-slow' }));
      await commitRecords(store.db, onTime, received);
      const [mark] = await marks();
      assert.ok(mark, 'marked: by the time of its commit the calls were late');
      assert.equal(Number(mark.first_ts), Math.min(...onTime.map((call) => call.ts)));
      assert.equal(Number(mark.last_ts), Math.max(...onTime.map((call) => call.ts)));
    });

    it('applies each mark once, keeps marks ten minutes, and forgets everything kept when there are too many to read', async () => {
      const parts = new BoardParts();
      const week = 7 * DAY;
      const yesterday = floorTo(NOW, DAY) - DAY;
      await commitRecords(store.db, calls(10, yesterday + 18 * HOUR, HOUR).map((call) => ({ ...call, integration: 'parts-erp' })), NOW);
      const first = await boardAt(NOW, week, {}, parts);
      const gone = await store.db.deleteFrom('integration_rollups').where('integration', '=', 'parts-erp').where('resolution_ms', '=', DAY).where('bucket', '=', yesterday).executeTakeFirst();
      assert.ok(Number(gone.numDeletedRows) > 0, 'yesterday had a day row');
      assert.notDeepEqual(await boardAt(NOW, week), first, 'the store changed');
      assert.deepEqual(await boardAt(NOW, week, {}, parts), first, 'the mark read before is not applied again: the kept day is read');

      // Retention drops marks past ten minutes, keeping everything else here.
      const marks = async () => (await store.db.selectFrom('late_calls').select('noted_at').execute()).map((mark) => Number(mark.noted_at));
      const newest = Math.max(...(await marks()));
      const ever = 100 * 365 * DAY;
      const keepingAllElse = { rawMs: ever, rollupMs: { [MINUTE]: ever, [TEN_MINUTES]: ever, [HOUR]: ever, [DAY]: ever }, checksMs: ever, logsMs: ever, historyMs: ever };
      await enforceRetention(store.db, keepingAllElse, newest + LATE_MARKS_KEPT_MS);
      assert.ok((await marks()).includes(newest), 'ten minutes on: kept');
      await enforceRetention(store.db, keepingAllElse, newest + LATE_MARKS_KEPT_MS + 1);
      assert.deepEqual(await marks(), [], 'past ten minutes: dropped by retention');

      const flood = Array.from({ length: LATE_MARKS_READ + 1 }, (_, i) => ['parts-nowhere', i, i, NOW]);
      await bulkInsert(store.db, 'late_calls', ['integration', 'first_ts', 'last_ts', 'noted_at'], flood);
      assert.deepEqual(await boardAt(NOW, week, {}, parts), await boardAt(NOW, week), 'too many marks to read: nothing kept is used');
      await store.db.deleteFrom('late_calls').where('integration', '=', 'parts-nowhere').execute();
    });

    const dropYesterday = async (integration: string) => {
      const gone = await store.db.deleteFrom('integration_rollups').where('integration', '=', integration).where('resolution_ms', '=', DAY).where('bucket', '=', floorTo(NOW, DAY) - DAY).executeTakeFirst();
      assert.ok(Number(gone.numDeletedRows) > 0, `${integration} had a day row yesterday`);
    };

    it('reads the marks a failed catch-up missed at the next one', async () => {
      const parts = new BoardParts();
      const week = 7 * DAY;
      const at = (minutes: number) => NOW + minutes * MINUTE;
      await boardAt(at(0), week, {}, parts);
      await commitRecords(store.db, calls(20, floorTo(NOW, DAY) - 4 * HOUR, HOUR).map((call) => ({ ...call, integration: 'parts-feed' })), at(1));
      await sql`alter table late_calls rename to late_calls_away`.execute(store.db);
      await assert.rejects(boardAt(at(5), week, {}, parts), 'the marks cannot be read');
      await sql`alter table late_calls_away rename to late_calls`.execute(store.db);
      assert.deepEqual(await boardAt(at(6), week, {}, parts), await boardAt(at(6), week), 'the late call committed before the failure counts');
    });

    it('forgets everything it keeps once it has not read the marks of late calls for eight minutes', async () => {
      const parts = new BoardParts();
      const week = 7 * DAY;
      const at = (minutes: number) => NOW + minutes * MINUTE;
      await boardAt(at(0), week, {}, parts);
      const expected = await boardAt(at(8), week);
      await dropYesterday('parts-carrier');
      assert.deepEqual(await boardAt(at(8), week, {}, parts), expected, 'eight minutes on: what was kept');
      assert.deepEqual(await boardAt(at(18), week, {}, parts), await boardAt(at(18), week), 'ten minutes after that, with no read of the marks between: the store');
    });

    it('keeps the console’s four windows ahead of it, and renews what would expire before its next pass', async () => {
      const parts = new BoardParts();
      let now = NOW;
      const context: QueryContext = { ...contextAt(NOW), clock: () => now };
      const expected = await Promise.all(KEPT_BOARD_SPANS.map((span) => boardAt(NOW, span)));
      assert.equal(await keepBoards(context, parts, MINUTE), KEPT_BOARD_SPANS.length);
      await dropYesterday('parts-shop');
      assert.notDeepEqual(await boardAt(NOW, 7 * DAY), expected[2], 'the store changed');
      for (const [i, span] of KEPT_BOARD_SPANS.entries()) assert.deepEqual(await boardAt(NOW, span, {}, parts), expected[i], `${span / HOUR} h: read by the keeper`);
      // Most of an hour on, read the marks every few minutes as a console would: the parts are still
      // kept, but expire before the next pass, so the pass reads them again.
      for (now = NOW; now < NOW + BOARD_PARTS_KEPT_MS - 30_000; now += 5 * MINUTE) await parts.catchUp(store.db, now);
      now = NOW + BOARD_PARTS_KEPT_MS - 30_000;
      const week = 7 * DAY;
      assert.notDeepEqual(await boardAt(now, week, {}, parts), await boardAt(now, week), 'before the pass: what was kept an hour ago');
      assert.equal(await keepBoards(context, parts, MINUTE), KEPT_BOARD_SPANS.length);
      assert.deepEqual(await boardAt(now, week, {}, parts), await boardAt(now, week), 'after it: renewed from the store');
    });

    it('keeps every page of a board wider than a page', async () => {
      const parts = new BoardParts();
      const context: QueryContext = contextAt(NOW);
      const expected = await Promise.all(KEPT_BOARD_SPANS.map((span) => boardAt(NOW, span)));
      assert.ok(expected[3]!.integrations.length > 4, 'more tiles than two pages of two');
      assert.equal(await keepBoards(context, parts, MINUTE, 2), KEPT_BOARD_SPANS.length);
      // Every integration's day of yesterday gone (some went in the tests before).
      const gone = await store.db.deleteFrom('integration_rollups').where('resolution_ms', '=', DAY).where('bucket', '=', floorTo(NOW, DAY) - DAY).executeTakeFirst();
      assert.ok(Number(gone.numDeletedRows) > 0);
      assert.notDeepEqual(await boardAt(NOW, 30 * DAY), expected[3], 'the store changed');
      for (const [i, span] of KEPT_BOARD_SPANS.entries()) assert.deepEqual(await boardAt(NOW, span, {}, parts), expected[i], `${span / HOUR} h: every page read by the keeper`);
    });
  });
}

for (const engine of ENGINES) {
  describe(`one integration's tile (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
      await commitRecords(store.db, calls(2_000, NOW, 40 * MINUTE), NOW);
      await compactAll(store.db);
    });
    after(async () => store?.dispose());

    it('reads only its own rollups: it answers while another integration’s sketches are unreadable, which the whole board reads', async () => {
      const context: QueryContext = { db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW };
      const window = { from: NOW - HOUR, to: NOW };
      const whole = await board(context, window, {});
      const tile = await board(context, window, {}, 'parts-shop');
      assert.deepEqual(tile.integrations.map((one) => one.id), ['parts-shop']);
      assert.ok(tile.integrations[0]!.volume > 0 && tile.integrations[0]!.p95_ms !== null, 'the tile has calls and a latency');
      assert.deepEqual(tile.integrations[0], whole.integrations.find((one) => one.id === 'parts-shop'), 'the same tile as on the whole board');
      const spoiled = await store.db.updateTable('integration_rollups').set({ latency_sketch: Buffer.from([0xff]) }).where('integration', '=', 'parts-erp').executeTakeFirst();
      assert.ok(Number(spoiled.numUpdatedRows) > 0);
      await assert.rejects(board(context, window, {}), /unknown latency sketch format/, 'the whole board reads every integration’s sketches');
      assert.deepEqual(await board(context, window, {}, 'parts-shop'), tile);
    });
  });
}
