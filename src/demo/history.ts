import type { Kysely, Transaction } from 'kysely';
import type { AlertRules } from '../alerting/rules/index.js';
import { alertLabels, fingerprintOf } from '../alerting/lifecycle.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { recordCustomerReport } from '../incidents/store.js';
import { CALL_ROLLUPS, INTEGRATION_ROLLUPS, columnsOf, rowOf } from '../rollup/tables.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import { compileCatalogue } from '../simulator/context.js';
import { CATALOGUE } from '../simulator/catalogue.js';
import { IncidentBook } from '../simulator/incidents.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { Database } from '../store/schema.js';
import { historyRollups } from './history-rollups.js';
import { placeIncidents, type PlacedIncident } from './history-script.js';

export interface HistoryOptions {
  catalogue: Catalogue;
  rules: AlertRules;
  now: number;
  /** Where the seeded history ends: the live simulator's backfill covers the time after it. */
  until: number;
  /** The simulator's traffic scale. */
  scale: number;
}

export interface SeededHistory {
  /** False when the store already held the demo integrations: nothing was written. */
  seeded: boolean;
  from: number;
  to: number;
  incidents: number;
}

/** Where the demo's seeded history begins: the start of the month before `now`'s, in UTC. */
export function historyStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1);
}

/**
 * Seeds the demo's store with the previous calendar month and the current month so far (up to
 * `until`), so the monthly report has something to say from the first start: hourly and daily
 * call rollups as the compactor leaves them, the health history, the alerts that fired and were
 * acknowledged, and the customer reports support recorded, all made from one script of
 * incidents so every figure agrees with the others. Once only: a store that already knows the
 * demo integrations (a restarted demo) is left as it is. One transaction, so a demo stopped
 * half-way through leaves nothing to resume.
 */
export async function seedDemoHistory(db: Kysely<Database>, options: HistoryOptions): Promise<SeededHistory> {
  const from = historyStart(options.now);
  const to = Math.max(from, floorTo(options.until, MINUTE));
  const incidents = placeIncidents(options.now, to);
  const ids = CATALOGUE.map((profile) => profile.id);
  return db.transaction().execute(async (tx) => {
    const known = await tx.selectFrom('integrations_seen').select('id').where('id', 'in', ids).limit(1).execute();
    if (known.length > 0 || from >= to) return { seeded: false, from, to, incidents: 0 };
    const profiles = new Map(CATALOGUE.map((profile) => [profile.id, profile]));
    const book = new IncidentBook(profiles);
    for (const incident of incidents) book.start(incident.kind, incident.integration, incident.startMs, incident.endMs - incident.startMs);
    const rollups = historyRollups(compileCatalogue(CATALOGUE), book, { from, to }, options.scale);
    await bulkInsert(tx, CALL_ROLLUPS.table, columnsOf(CALL_ROLLUPS), rollups.calls.map((entry) => rowOf(CALL_ROLLUPS, entry, 1)));
    await bulkInsert(tx, INTEGRATION_ROLLUPS.table, columnsOf(INTEGRATION_ROLLUPS), rollups.integrations.map((entry) => rowOf(INTEGRATION_ROLLUPS, entry, 1)));
    await tx
      .insertInto('integrations_seen')
      .values(ids.map((id) => ({ id, first_seen: from, last_seen: to - 1, tenant: options.catalogue.get(id)?.tenant ?? null })))
      .execute();
    await tx
      .insertInto('health_changes')
      .values(ids.map((integration) => ({ integration, ts: from, status: 'healthy', previous_status: null, reason: '' })))
      .execute();
    for (const incident of incidents) await seedIncident(tx, incident);
    await seedAlerts(tx, incidents, options);
    return { seeded: true, from, to, incidents: incidents.length };
  });
}

/** The incident's health history and the customer reports made during it. */
async function seedIncident(tx: Transaction<Database>, incident: PlacedIncident): Promise<void> {
  await tx
    .insertInto('health_changes')
    .values([
      { integration: incident.integration, ts: incident.healthAt, status: incident.status, previous_status: 'healthy', reason: incident.reason },
      { integration: incident.integration, ts: incident.recoveredAt, status: 'healthy', previous_status: incident.status, reason: '' },
    ])
    .execute();
  for (const report of incident.reports) {
    const reportedAt = incident.startMs + report.after * 60_000;
    await recordCustomerReport(tx, { integration: incident.integration, reported_at: reportedAt, ticket: report.ticket, note: report.note, recorded_by: 'support', recorded_at: reportedAt });
  }
}

/**
 * One alert per rule × integration, as the engine keeps them (same fingerprint, so the live
 * engine carries on with the row), with an event for every breach, firing, acknowledgement and
 * resolution of the scripted incidents.
 */
async function seedAlerts(tx: Transaction<Database>, incidents: readonly PlacedIncident[], options: HistoryOptions): Promise<void> {
  const byRule = new Map<string, PlacedIncident[]>();
  for (const incident of incidents) byRule.set(incident.rule, [...(byRule.get(incident.rule) ?? []), incident]);
  for (const [name, list] of byRule) {
    const rule = options.rules.get(name);
    if (!rule) throw new Error(`the demo history's alert rule ${name} is not among the demo's rules`);
    const integration = list[0]!.integration;
    const labels = alertLabels(rule, integration, options.catalogue.get(integration));
    const last = list.at(-1)!;
    const inserted = await tx
      .insertInto('alerts')
      .values({
        fingerprint: fingerprintOf(rule.name, integration, labels),
        rule_id: rule.name,
        integration,
        labels: JSON.stringify(labels),
        severity: rule.severity,
        state: 'resolved',
        value: null,
        threshold: rule.threshold ?? rule.thresholdMs ?? null,
        summary: last.reason,
        pending_since: null,
        fired_at: last.firingAt,
        resolved_at: last.recoveredAt,
        last_breach_at: last.endMs,
        last_evaluated_at: last.recoveredAt,
        last_notified_at: last.recoveredAt,
        context: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alertId = Number(inserted.id);
    let state = 'inactive';
    for (const incident of list) {
      const events = [
        { ts: incident.pendingAt, from_state: state, to_state: 'pending', note: incident.reason },
        { ts: incident.firingAt, from_state: 'pending', to_state: 'firing', note: incident.reason },
        ...(incident.acknowledgedAt === null ? [] : [{ ts: incident.acknowledgedAt, from_state: 'firing', to_state: 'firing', note: 'acknowledged by responder: looking into it' }]),
        { ts: incident.recoveredAt, from_state: 'firing', to_state: 'resolved', note: 'recovered' },
      ];
      await tx
        .insertInto('alert_events')
        .values(events.map((event) => ({ alert_id: alertId, value: null, ...event })))
        .execute();
      state = 'resolved';
    }
  }
}
