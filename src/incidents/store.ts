import type { Kysely } from 'kysely';
import { IDS_PER_STATEMENT, inChunks } from '../store/chunks.js';
import type { Database } from '../store/schema.js';
import { ALERT_LEAD_MS, type AlertMoment, type CustomerReport, type HealthChange } from './spells.js';

/** The most rows of each kind a window reads per integration: incidents are rare, so this bounds a hostile window only. */
const MAX_ROWS = 10_000;

/** Groups rows by integration, each group in the order the rows came. */
function byIntegration<R extends { integration: string }, T>(integrations: readonly string[], rows: readonly R[], map: (row: R) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>(integrations.map((id) => [id, []]));
  for (const row of rows) groups.get(row.integration)?.push(map(row));
  return groups;
}

/**
 * Each integration's health changes in the window, plus the last one before it (a spell may have
 * begun earlier): two statements per chunk of ids, whatever the number of integrations.
 */
export async function healthChanges(db: Kysely<Database>, integrations: readonly string[], window: { from: number; to: number }): Promise<Map<string, HealthChange[]>> {
  const columns = ['integration', 'ts', 'status', 'id'] as const;
  const before = await inChunks(integrations, IDS_PER_STATEMENT, (chunk) =>
    db
      .selectFrom('health_changes as outer')
      .select(columns.map((column) => `outer.${column}` as const))
      .where('outer.integration', 'in', chunk)
      .where('outer.ts', '=', (eb) =>
        eb.selectFrom('health_changes as inner').select((inner) => inner.fn.max('inner.ts').as('ts')).whereRef('inner.integration', '=', 'outer.integration').where('inner.ts', '<', window.from),
      )
      .orderBy('outer.integration')
      .orderBy('outer.id')
      .execute(),
  );
  // Several changes in the same millisecond: the last written is the state it was left in.
  const last = new Map(before.map((row) => [row.integration, row]));
  const within = await inChunks(integrations, IDS_PER_STATEMENT, (chunk) =>
    db
      .selectFrom('health_changes')
      .select([...columns])
      .where('integration', 'in', chunk)
      .where('ts', '>=', window.from)
      .where('ts', '<', window.to)
      .orderBy('integration')
      .orderBy('ts')
      .orderBy('id')
      .limit(MAX_ROWS * chunk.length)
      .execute(),
  );
  return byIntegration(integrations, [...last.values(), ...within], (row) => ({ ts: Number(row.ts), status: row.status }));
}

/** The moments each integration's alerts saw a breach, fired and were acknowledged. */
export async function alertMoments(db: Kysely<Database>, integrations: readonly string[], window: { from: number; to: number }): Promise<Map<string, AlertMoment[]>> {
  const rows = await inChunks(integrations, IDS_PER_STATEMENT, (chunk) =>
    db
      .selectFrom('alert_events')
      .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
      .select(['alerts.integration', 'alert_events.ts', 'alert_events.from_state', 'alert_events.to_state', 'alert_events.note'])
      .where('alerts.integration', 'in', chunk)
      .where('alert_events.ts', '>=', window.from - ALERT_LEAD_MS)
      .where('alert_events.ts', '<', window.to)
      .orderBy('alerts.integration')
      .orderBy('alert_events.ts')
      .limit(MAX_ROWS * chunk.length)
      .execute(),
  );
  const moments = new Map<string, AlertMoment[]>(integrations.map((id) => [id, []]));
  for (const row of rows) {
    const ts = Number(row.ts);
    const list = moments.get(row.integration);
    if (!list) continue;
    if (row.to_state === 'pending' && row.from_state !== 'pending') list.push({ ts, kind: 'pending' });
    else if (row.to_state === 'firing' && row.from_state !== 'firing') list.push({ ts, kind: 'firing' });
    else if (row.to_state === 'firing' && row.note?.startsWith('acknowledged by ')) list.push({ ts, kind: 'acknowledged' });
  }
  return moments;
}

export async function customerReports(db: Kysely<Database>, integrations: readonly string[], window: { from: number; to: number }): Promise<Map<string, CustomerReport[]>> {
  const rows = await inChunks(integrations, IDS_PER_STATEMENT, (chunk) =>
    db
      .selectFrom('customer_reports')
      .select(['id', 'integration', 'reported_at', 'ticket', 'note', 'recorded_by'])
      .where('integration', 'in', chunk)
      .where('reported_at', '>=', window.from)
      .where('reported_at', '<', window.to)
      .orderBy('integration')
      .orderBy('reported_at')
      .limit(MAX_ROWS * chunk.length)
      .execute(),
  );
  return byIntegration(integrations, rows, (row) => ({ ...row, id: Number(row.id), reported_at: Number(row.reported_at) }));
}

export async function recordCustomerReport(db: Kysely<Database>, report: Omit<CustomerReport, 'id'> & { recorded_at: number }): Promise<CustomerReport> {
  const inserted = await db.insertInto('customer_reports').values(report).returning('id').executeTakeFirstOrThrow();
  const { recorded_at: _at, ...rest } = report;
  return { ...rest, id: Number(inserted.id) };
}
