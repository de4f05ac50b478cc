import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { ALERT_LEAD_MS, type AlertMoment, type CustomerReport, type HealthChange } from './spells.js';

/** The most rows of each kind one integration's window reads: incidents are rare, so this bounds a hostile window only. */
const MAX_ROWS = 10_000;

/** Health changes in the window, plus the last one before it (a spell may have begun earlier). */
export async function healthChanges(db: Kysely<Database>, integration: string, window: { from: number; to: number }): Promise<HealthChange[]> {
  const before = await db
    .selectFrom('health_changes')
    .select(['ts', 'status'])
    .where('integration', '=', integration)
    .where('ts', '<', window.from)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  const within = await db
    .selectFrom('health_changes')
    .select(['ts', 'status'])
    .where('integration', '=', integration)
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to)
    .orderBy('ts')
    .orderBy('id')
    .limit(MAX_ROWS)
    .execute();
  return [...before, ...within].map((row) => ({ ts: Number(row.ts), status: row.status }));
}

/** The moments the integration's alerts saw a breach, fired and were acknowledged. */
export async function alertMoments(db: Kysely<Database>, integration: string, window: { from: number; to: number }): Promise<AlertMoment[]> {
  const rows = await db
    .selectFrom('alert_events')
    .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
    .select(['alert_events.ts', 'alert_events.from_state', 'alert_events.to_state', 'alert_events.note'])
    .where('alerts.integration', '=', integration)
    .where('alert_events.ts', '>=', window.from - ALERT_LEAD_MS)
    .where('alert_events.ts', '<', window.to)
    .orderBy('alert_events.ts')
    .limit(MAX_ROWS)
    .execute();
  const moments: AlertMoment[] = [];
  for (const row of rows) {
    const ts = Number(row.ts);
    if (row.to_state === 'pending' && row.from_state !== 'pending') moments.push({ ts, kind: 'pending' });
    else if (row.to_state === 'firing' && row.from_state !== 'firing') moments.push({ ts, kind: 'firing' });
    else if (row.to_state === 'firing' && row.note?.startsWith('acknowledged by ')) moments.push({ ts, kind: 'acknowledged' });
  }
  return moments;
}

export async function customerReports(db: Kysely<Database>, integration: string, window: { from: number; to: number }): Promise<CustomerReport[]> {
  const rows = await db
    .selectFrom('customer_reports')
    .select(['id', 'integration', 'reported_at', 'ticket', 'note', 'recorded_by'])
    .where('integration', '=', integration)
    .where('reported_at', '>=', window.from)
    .where('reported_at', '<', window.to)
    .orderBy('reported_at')
    .limit(MAX_ROWS)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), reported_at: Number(row.reported_at) }));
}

export async function recordCustomerReport(db: Kysely<Database>, report: Omit<CustomerReport, 'id'> & { recorded_at: number }): Promise<CustomerReport> {
  const inserted = await db.insertInto('customer_reports').values(report).returning('id').executeTakeFirstOrThrow();
  const { recorded_at: _at, ...rest } = report;
  return { ...rest, id: Number(inserted.id) };
}
