import { PostgresAdapter, sql, type Transaction } from 'kysely';
import type { NormalizedRecord } from '../store/record.js';
import type { LatencySketch } from '../rollup/sketch.js';
import { LEAD_TIME_ROLLUPS, entryIn, type RollupEntry } from '../rollup/tables.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import { IDS_PER_STATEMENT, inChunks } from '../store/chunks.js';
import type { Database } from '../store/schema.js';
import type { LeadTimeEvents } from './events.js';
import { insertPartialRollups, type CommitStep } from '../ingest/commit.js';
/** Serialises lead-time derivation between PostgreSQL instances (any fixed 64-bit key). */
const POSTGRES_LOCK = 0x53_57_46_4c_54;

/** What a lead time needs of an event, stored or in the batch. */
interface FlowEvent {
  ts: number;
  integration: string;
  env: string;
  site: string | null;
  release: string | null;
  order_id: string | null;
  shipment_id: string | null;
}

type StoredRow = FlowEvent & { kind: string; name: string | null };

/**
 * One lead time per shipment (per order when the end event names no shipment): an end event is
 * identified by this key, and a second one with the same key is a duplicate.
 */
function endKey(event: Pick<FlowEvent, 'order_id' | 'shipment_id'>): string | null {
  if (event.shipment_id) return `s:${event.shipment_id}`;
  return event.order_id ? `o:${event.order_id}` : null;
}

function keepEarliest<K>(map: Map<K, FlowEvent>, key: K, event: FlowEvent): void {
  const seen = map.get(key);
  if (!seen || event.ts < seen.ts) map.set(key, event);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

async function chunked<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  return inChunks(ids, IDS_PER_STATEMENT, read);
}

/** What a set of records says about orders: earliest starts, earliest ends by key, and shipment → order links. */
class OrderFacts {
  readonly starts = new Map<string, FlowEvent>();
  readonly ends = new Map<string, FlowEvent>();
  readonly links = new Map<string, string>();
  readonly shipmentsOf = new Map<string, Set<string>>();

  constructor(private readonly events: LeadTimeEvents) {}

  note(record: StoredRow): void {
    if (record.order_id && record.shipment_id) {
      if (!this.links.has(record.shipment_id)) this.links.set(record.shipment_id, record.order_id);
      addTo(this.shipmentsOf, record.order_id, record.shipment_id);
    }
    if (record.kind !== 'event') return;
    if (record.name === this.events.start && record.order_id) keepEarliest(this.starts, record.order_id, record);
    else if (record.name === this.events.end) {
      const key = endKey(record);
      if (key) keepEarliest(this.ends, key, record);
    }
  }
}

const COLUMNS = ['kind', 'name', 'ts', 'integration', 'env', 'site', 'release', 'order_id', 'shipment_id'] as const;

/**
 * The lead times a batch completes, as partial minute rollups, read before the batch is written.
 *
 * A lead time is the end event's ts minus the start event's ts of the same order, counted once,
 * when the second of the pair is stored: an end event pairs with the order's earliest start
 * (stored or in the batch); a start that arrives after its end (late start) pairs with the ends
 * already stored for the order. The order of an end event is its own order_id, or the order that
 * any record carrying both ids (shipment.created, a label call, …) links its shipment_id to. An
 * end whose key was stored before is a duplicate: it was counted then, or will be when its start
 * arrives. Ends of unknown orders count nothing. A negative lead time (clocks that disagree)
 * counts as zero.
 *
 * Every lookup goes through the partial indexes on order_id and shipment_id. On PostgreSQL,
 * batches that carry flow events take a transaction lock first, so two instances committing the
 * two halves of a pair at once cannot both miss the other (SQLite writers are serial anyway).
 */
export async function deriveLeadTimes(tx: Transaction<Database>, records: readonly NormalizedRecord[], events: LeadTimeEvents): Promise<RollupEntry[]> {
  const batch = new OrderFacts(events);
  for (const record of records) batch.note(record);
  if (batch.starts.size === 0 && batch.ends.size === 0) return [];
  if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${sql.lit(POSTGRES_LOCK)})`.execute(tx);

  const stored = new OrderFacts(events);
  const note = (row: StoredRow) => stored.note(row);
  const storedEndsAndLinksOfShipments = (ids: string[]) =>
    chunked(ids, (chunk) =>
      tx
        .selectFrom('records')
        .select(COLUMNS)
        .where('shipment_id', 'in', chunk)
        .where((eb) => eb.or([eb('order_id', 'is not', null), eb.and([eb('kind', '=', 'event'), eb('name', '=', events.end)])]))
        .execute(),
    );

  const endShipments = [...new Set([...batch.ends.values()].map((end) => end.shipment_id).filter((id): id is string => id !== null))];
  (await storedEndsAndLinksOfShipments(endShipments)).forEach(note);
  const orderOfEnd = (end: FlowEvent) => end.order_id ?? batch.links.get(end.shipment_id!) ?? stored.links.get(end.shipment_id!) ?? null;

  const orders = new Set(batch.starts.keys());
  for (const end of batch.ends.values()) {
    const order = orderOfEnd(end);
    if (order) orders.add(order);
  }
  const orderRows = await chunked([...orders], (chunk) =>
    tx
      .selectFrom('records')
      .select(COLUMNS)
      .where('order_id', 'in', chunk)
      .where((eb) => eb.or([eb.and([eb('kind', '=', 'event'), eb('name', 'in', [events.start, events.end])]), eb('shipment_id', 'is not', null)]))
      .execute(),
  );
  orderRows.forEach(note);

  // Late starts: the ends already stored for the shipments of orders whose first start this is.
  const lateStarts = [...batch.starts].filter(([order]) => !stored.starts.has(order));
  const shipmentsOf = (order: string) => new Set([...(stored.shipmentsOf.get(order) ?? []), ...(batch.shipmentsOf.get(order) ?? [])]);
  const queried = new Set(endShipments);
  const unqueried = lateStarts.flatMap(([order]) => [...shipmentsOf(order)].filter((id) => !queried.has(id)));
  (await storedEndsAndLinksOfShipments([...new Set(unqueried)])).forEach(note);

  const rows = new Map<string, RollupEntry>();
  const count = (end: FlowEvent, start: FlowEvent) => {
    const series = {
      integration: end.integration,
      start_integration: start.integration,
      start_name: events.start,
      end_name: events.end,
      env: end.env,
      site: end.site ?? '',
      release: end.release ?? '',
    };
    const row = entryIn(rows, LEAD_TIME_ROLLUPS, series, MINUTE, floorTo(end.ts, MINUTE));
    row.lead_times = (row.lead_times as number) + 1;
    (row.lead_time_sketch as LatencySketch).add(Math.max(0, end.ts - start.ts) / 1000);
  };
  for (const [key, end] of batch.ends) {
    if (stored.ends.has(key)) continue;
    const order = orderOfEnd(end);
    const start = order === null ? undefined : earliest(stored.starts.get(order), batch.starts.get(order));
    if (start) count(end, start);
  }
  for (const [order, start] of lateStarts) {
    for (const key of [`o:${order}`, ...[...shipmentsOf(order)].map((id) => `s:${id}`)]) {
      const end = stored.ends.get(key);
      if (end) count(end, start);
    }
  }
  return [...rows.values()];
}

function earliest(a: FlowEvent | undefined, b: FlowEvent | undefined): FlowEvent | undefined {
  if (!a || !b) return a ?? b;
  return b.ts < a.ts ? b : a;
}

/** The commit step that keeps the lead-time rollups: every batch's completed lead times, in its transaction. */
export function leadTimeStep(events: LeadTimeEvents): CommitStep {
  return async (tx, records) => insertPartialRollups(tx, LEAD_TIME_ROLLUPS, await deriveLeadTimes(tx, records, events));
}
