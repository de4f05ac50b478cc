import type { TestServer } from './server.js';

const MINUTE = 60_000;

/**
 * Two scripted incidents of crm-sync, written as the health monitor and the alert engine record them:
 *  A: an alert breaches at T0 (pending), fires at +2 min; health degraded at +2:15, down at +5,
 *     acknowledged at +6, healthy at +20. A customer reports it at +10.
 *  B: health degraded at +60 with no alert, healthy at +70. A customer reports it at +65.
 * And a report at +120, outside both.
 */
export async function scriptIncidents(server: Pick<TestServer, 'store'>, T0: number): Promise<void> {
  const db = server.store.db;
  const health = [
    [T0 + 2 * MINUTE + 15_000, 'degraded', 'healthy'],
    [T0 + 5 * MINUTE, 'down', 'degraded'],
    [T0 + 20 * MINUTE, 'healthy', 'down'],
    [T0 + 60 * MINUTE, 'degraded', 'healthy'],
    [T0 + 70 * MINUTE, 'healthy', 'degraded'],
  ] as const;
  for (const [ts, status, previous] of health) await db.insertInto('health_changes').values({ integration: 'crm-sync', ts, status, previous_status: previous, reason: 'scripted' }).execute();
  const alert = await db
    .insertInto('alerts')
    .values({ fingerprint: 'scripted-crm', rule_id: 'crm-auth', integration: 'crm-sync', labels: JSON.stringify({ kind: 'error_rate' }), severity: 'critical', state: 'resolved', value: null, threshold: null, summary: 'scripted', pending_since: T0, fired_at: T0 + 2 * MINUTE, resolved_at: T0 + 21 * MINUTE, last_breach_at: null, last_evaluated_at: T0 + 21 * MINUTE, last_notified_at: null, context: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const events = [
    [T0, 'inactive', 'pending', null],
    [T0 + 2 * MINUTE, 'pending', 'firing', null],
    [T0 + 6 * MINUTE, 'firing', 'firing', 'acknowledged by dana'],
    [T0 + 21 * MINUTE, 'firing', 'resolved', null],
  ] as const;
  for (const [ts, from, to, note] of events) await db.insertInto('alert_events').values({ alert_id: Number(alert.id), ts, from_state: from, to_state: to, value: null, note }).execute();
}
