import type { Kysely, Selectable } from 'kysely';
import { InputError } from '../errors.js';
import { MAX_ID_CHARS } from './params.js';
import type { Database, RecordsTable } from '../store/schema.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';

export type TraceIdKind = 'order_id' | 'shipment_id' | 'correlation_id';
export const TRACE_ID_KINDS: TraceIdKind[] = ['order_id', 'shipment_id', 'correlation_id'];

export const MAX_TRACE_RECORDS = 5_000;

export function traceKeyOf(query: Record<string, string | undefined>): { kind: TraceIdKind; id: string } {
  const given = TRACE_ID_KINDS.filter((kind) => query[kind]);
  if (given.length !== 1) {
    throw new InputError('give exactly one of order_id, shipment_id or correlation_id');
  }
  const kind = given[0]!;
  const id = query[kind]!;
  if (id.length > MAX_ID_CHARS) throw new InputError(`${kind} is ${id.length} characters long; ids are at most ${MAX_ID_CHARS}`, 'parameter_too_long');
  return { kind, id };
}

/** A stored record in its wire shape, plus its store id and outcome class. */
export function presentRecord(row: Selectable<RecordsTable>) {
  const common = {
    id: row.id,
    kind: row.kind,
    ts: row.ts,
    integration: row.integration,
    env: row.env,
    site: row.site,
    release: row.release,
    tenant: row.tenant,
    correlation_id: row.correlation_id,
    order_id: row.order_id,
    shipment_id: row.shipment_id,
    attrs: row.attrs ? (JSON.parse(row.attrs) as Record<string, unknown>) : null,
  };
  switch (row.kind) {
    case 'call':
      return { ...common, direction: row.direction, operation: row.operation, status: row.http_status, outcome: row.outcome, error: row.error, latency_ms: row.latency_ms, attempt: row.attempt };
    case 'run':
      return { ...common, job: row.job, status: row.run_status, duration_ms: row.duration_ms, counts: row.counts ? (JSON.parse(row.counts) as Record<string, number>) : null, error: row.error };
    case 'gauge':
      return { ...common, name: row.name, value: row.value };
    default:
      return { ...common, name: row.name };
  }
}

export type TraceRecord = ReturnType<typeof presentRecord>;

async function recordsWith(db: Kysely<Database>, column: TraceIdKind, ids: readonly string[], integrations: IntegrationFilter) {
  if (ids.length === 0) return [];
  return readConfined(integrations, (chunk) =>
    whereIn(db.selectFrom('records').selectAll().where(column, 'in', ids), 'integration', chunk)
      // No order: the engine stops after MAX_TRACE_RECORDS + 1 index entries (in practice the first
      // stored) instead of reading and sorting every record of an id shared by a million.
      .limit(MAX_TRACE_RECORDS + 1)
      .execute(),
  );
}

/**
 * Every record linked to an id, oldest first. An order pulls in the records of its shipments;
 * then the correlation ids found pull in the calls that carried only those (retries, token
 * refreshes made on the order's behalf). With `integrations`, only their records are read, and
 * only those records lead on to others: an id known only to other integrations traces as unknown.
 */
export async function trace(db: Kysely<Database>, key: { kind: TraceIdKind; id: string }, integrations?: IntegrationFilter) {
  const found = new Map<number, Selectable<RecordsTable>>();
  const add = (rows: Selectable<RecordsTable>[]) => rows.forEach((row) => found.set(row.id, row));

  add(await recordsWith(db, key.kind, [key.id], integrations));
  if (key.kind === 'order_id') {
    const shipments = new Set<string>();
    for (const row of found.values()) if (row.shipment_id) shipments.add(row.shipment_id);
    add(await recordsWith(db, 'shipment_id', [...shipments], integrations));
  }
  const correlations = new Set<string>();
  for (const row of found.values()) if (row.correlation_id && key.kind !== 'correlation_id') correlations.add(row.correlation_id);
  add(await recordsWith(db, 'correlation_id', [...correlations].slice(0, 500), integrations));

  const records = [...found.values()].sort((a, b) => a.ts - b.ts || a.id - b.id);
  const truncated = records.length > MAX_TRACE_RECORDS;
  return {
    [key.kind]: key.id,
    truncated,
    records: records.slice(0, MAX_TRACE_RECORDS).map(presentRecord),
  };
}
