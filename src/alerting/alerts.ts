import { sql, type Kysely, type Selectable } from 'kysely';
import { InputError, NotFoundError } from '../errors.js';
import type { AlertsTable, Database } from '../store/schema.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { AlertState, NotificationContext } from './types.js';

/** One alert as the API shows it. */
export interface AlertView {
  id: number;
  fingerprint: string;
  rule: string;
  integration: string;
  labels: Record<string, string>;
  severity: string;
  state: string;
  value: number | null;
  threshold: number | null;
  summary: string;
  pending_since: number | null;
  fired_at: number | null;
  resolved_at: number | null;
  last_breach_at: number | null;
  last_evaluated_at: number;
  last_notified_at: number | null;
  /** Firing → resolved, or firing so far (at the last evaluation). */
  duration_ms: number | null;
  context: NotificationContext | null;
  /** Who took the current firing, when, and why; null when nobody has. */
  acknowledgement: Acknowledgement | null;
  /** The person it is assigned to, who assigned it and when; null when nobody has it. */
  assignment: { to: string; by: string; at: number } | null;
}

export interface Acknowledgement {
  at: number;
  by: string;
  note: string | null;
}

/** A bigint column as a number, keeping null (pg returns bigints as strings). */
export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toView(row: Selectable<AlertsTable>): AlertView {
  const fired = nullableNumber(row.fired_at);
  const resolved = nullableNumber(row.resolved_at);
  return {
    id: Number(row.id),
    fingerprint: row.fingerprint,
    rule: row.rule_id,
    integration: row.integration,
    labels: JSON.parse(row.labels) as Record<string, string>,
    severity: row.severity,
    state: row.state,
    value: nullableNumber(row.value),
    threshold: nullableNumber(row.threshold),
    summary: row.summary,
    pending_since: nullableNumber(row.pending_since),
    fired_at: fired,
    resolved_at: resolved,
    last_breach_at: nullableNumber(row.last_breach_at),
    last_evaluated_at: Number(row.last_evaluated_at),
    last_notified_at: nullableNumber(row.last_notified_at),
    duration_ms: fired === null ? null : (resolved ?? Number(row.last_evaluated_at)) - fired,
    context: row.context ? (JSON.parse(row.context) as NotificationContext) : null,
    acknowledgement: row.acknowledged_at === null || row.acknowledged_at === undefined ? null : { at: Number(row.acknowledged_at), by: row.acknowledged_by ?? '', note: row.ack_note },
    assignment: row.assigned_to === null || row.assigned_to === undefined ? null : { to: row.assigned_to, by: row.assigned_by ?? '', at: Number(row.assigned_at) },
  };
}

/**
 * Assigns a firing or pending alert to a person (replacing whoever had it), recorded in its
 * history; later notifications of it (repeats, the resolution) say who has it. A resolution ends
 * the assignment with the firing it belonged to.
 */
export async function assignAlert(db: Kysely<Database>, id: number, assignment: { to: string; by: string; now: number }): Promise<AlertView> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('alerts').select(['state']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no alert ${id}`);
    if (row.state !== 'firing' && row.state !== 'pending') {
      throw new InputError(`alert ${id} is ${row.state}: only a firing or pending alert can be assigned`, 'alert_not_active', 409);
    }
    await tx.updateTable('alerts').set({ assigned_to: assignment.to, assigned_by: assignment.by, assigned_at: assignment.now }).where('id', '=', id).execute();
    await tx
      .insertInto('alert_events')
      .values({ alert_id: id, ts: assignment.now, from_state: row.state, to_state: row.state, value: null, note: `assigned to ${assignment.to} by ${assignment.by}` })
      .execute();
    return toView(await tx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Takes an alert's assignment away, recorded in its history. */
export async function unassignAlert(db: Kysely<Database>, id: number, by: { by: string; now: number }): Promise<AlertView> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('alerts').select(['state', 'assigned_to']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no alert ${id}`);
    if (row.assigned_to === null) throw new InputError(`alert ${id} is not assigned to anyone; there is nothing to take back`, 'alert_not_assigned', 409);
    await tx.updateTable('alerts').set({ assigned_to: null, assigned_by: null, assigned_at: null }).where('id', '=', id).execute();
    await tx
      .insertInto('alert_events')
      .values({ alert_id: id, ts: by.now, from_state: row.state, to_state: row.state, value: null, note: `unassigned from ${row.assigned_to} by ${by.by}` })
      .execute();
    return toView(await tx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/**
 * On-call takes a firing alert: its repeat notifications stop until it resolves (which clears the
 * acknowledgement, so the next firing pages again) or someone unacknowledges it. Recorded in the
 * alert's history. Acknowledging again replaces who and the note.
 */
export async function acknowledgeAlert(db: Kysely<Database>, id: number, ack: { by: string; note: string | null; now: number }): Promise<AlertView> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('alerts').select(['state']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no alert ${id}`);
    if (row.state !== 'firing') {
      throw new InputError(`alert ${id} is ${row.state}, not firing: only a firing alert can be acknowledged (a pending one has paged nobody yet)`, 'alert_not_firing', 409);
    }
    await tx.updateTable('alerts').set({ acknowledged_at: ack.now, acknowledged_by: ack.by, ack_note: ack.note }).where('id', '=', id).execute();
    await tx
      .insertInto('alert_events')
      .values({ alert_id: id, ts: ack.now, from_state: 'firing', to_state: 'firing', value: null, note: `acknowledged by ${ack.by}${ack.note ? `: ${ack.note}` : ''}` })
      .execute();
    return toView(await tx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Gives an acknowledged alert back: it repeats again every repeatInterval while it fires. */
export async function unacknowledgeAlert(db: Kysely<Database>, id: number, by: { by: string; now: number }): Promise<AlertView> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('alerts').select(['state', 'acknowledged_at']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no alert ${id}`);
    if (row.acknowledged_at === null) throw new InputError(`alert ${id} is not acknowledged; there is nothing to take back`, 'alert_not_acknowledged', 409);
    await tx.updateTable('alerts').set({ acknowledged_at: null, acknowledged_by: null, ack_note: null }).where('id', '=', id).execute();
    await tx
      .insertInto('alert_events')
      .values({ alert_id: id, ts: by.now, from_state: row.state, to_state: row.state, value: null, note: `acknowledgement taken back by ${by.by}` })
      .execute();
    return toView(await tx.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/** `active` is firing and pending together; without a state, every alert that ever left inactive. */
export type AlertStateFilter = AlertState | 'active';

export interface AlertFilter {
  state?: AlertStateFilter;
  integration?: string;
  /** Only the alerts of these integrations (a caller bound to tenants). */
  integrations?: IntegrationFilter;
  limit?: number;
  /** Only those after this key in the list's order (see alertOrderKey): the `next` of the page before. */
  after?: AlertOrderKey;
}

/** Where an alert stands in the list: its state's rank, the time that orders it (newest first), its id. */
export type AlertOrderKey = readonly [rank: number, at: number, id: number];

const STATE_ORDER: Record<string, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };

export function alertOrderKey(alert: AlertView): AlertOrderKey {
  return [STATE_ORDER[alert.state] ?? 9, alert.resolved_at ?? alert.fired_at ?? alert.pending_since ?? 0, alert.id];
}

function compareKeys(a: AlertOrderKey, b: AlertOrderKey): number {
  return a[0] - b[0] || b[1] - a[1] || a[2] - b[2];
}

const rankOf = sql<number>`(case ${sql.ref('state')} when 'firing' then 0 when 'pending' then 1 when 'resolved' then 2 when 'inactive' then 3 else 9 end)`;
const timeOf = sql<number>`coalesce(${sql.ref('resolved_at')}, ${sql.ref('fired_at')}, ${sql.ref('pending_since')}, 0)`;

/**
 * Alerts, firing first, then pending, then resolved (most recently resolved first). One row per
 * rule × integration × labels, so the list is as long as the rules in force, not as the history;
 * ordered and cut by the store, so a page costs the same however long the list is.
 */
export async function listAlerts(db: Kysely<Database>, filter: AlertFilter = {}): Promise<AlertView[]> {
  const rows = await readConfined(filter.integrations, (chunk) => {
    let query = whereIn(db.selectFrom('alerts').selectAll(), 'integration', chunk);
    if (filter.state === 'active') query = query.where('state', 'in', ['firing', 'pending']);
    else if (filter.state) query = query.where('state', '=', filter.state);
    else query = query.where('state', '!=', 'inactive');
    if (filter.integration) query = query.where('integration', '=', filter.integration);
    if (filter.after) {
      const [rank, at, id] = filter.after;
      query = query.where(sql<boolean>`(${rankOf} > ${rank} or (${rankOf} = ${rank} and ${timeOf} < ${at}) or (${rankOf} = ${rank} and ${timeOf} = ${at} and ${sql.ref('id')} > ${id}))`);
    }
    query = query.orderBy(rankOf).orderBy(timeOf, 'desc').orderBy('id');
    return (filter.limit === undefined ? query : query.limit(filter.limit)).execute();
  });
  const views = rows.map(toView).sort((a, b) => compareKeys(alertOrderKey(a), alertOrderKey(b)));
  return filter.limit === undefined ? views : views.slice(0, filter.limit);
}

export interface AlertEvent {
  id: number;
  ts: number;
  from_state: string;
  to_state: string;
  value: number | null;
  note: string | null;
}

export interface AlertHistory {
  alert: AlertView;
  events: AlertEvent[];
}

/** One alert with its state changes, oldest first (the newest `limit` of them). */
export async function alertHistory(db: Kysely<Database>, id: number, limit = 500): Promise<AlertHistory> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no alert ${id}`);
  const events = await db
    .selectFrom('alert_events')
    .selectAll()
    .where('alert_id', '=', id)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return {
    alert: toView(row),
    events: events
      .reverse()
      .map((e) => ({ id: Number(e.id), ts: Number(e.ts), from_state: e.from_state, to_state: e.to_state, value: nullableNumber(e.value), note: e.note })),
  };
}

/** One firing episode of an alert: from firing to its resolution (or still firing). */
export interface AlertEpisode {
  alert_id: number;
  rule: string;
  integration: string;
  severity: string;
  fired_at: number;
  resolved_at: number | null;
  duration_ms: number | null;
  /** What crossed what when it fired. */
  summary: string | null;
}

/**
 * The episodes that began in [from, to), newest first: the alert history with durations. Each
 * alert row holds only its latest episode; the events keep all of them.
 */
export async function alertEpisodes(
  db: Kysely<Database>,
  window: { from: number; to: number },
  filter: { integration?: string; integrations?: IntegrationFilter; limit: number; before?: readonly [ts: number, id: number] },
): Promise<Array<AlertEpisode & { event_id: number }>> {
  const found = await readConfined(filter.integrations, (chunk) => {
    let query = db
      .selectFrom('alert_events')
      .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
      .select(['alert_events.id', 'alert_events.alert_id', 'alert_events.ts', 'alert_events.note', 'alerts.rule_id', 'alerts.integration', 'alerts.severity'])
      .where('alert_events.to_state', '=', 'firing')
      .where('alert_events.from_state', '!=', 'firing')
      .where('alert_events.ts', '>=', window.from)
      .where('alert_events.ts', '<', window.to);
    query = whereIn(query, 'alerts.integration', chunk);
    if (filter.integration) query = query.where('alerts.integration', '=', filter.integration);
    if (filter.before) {
      const [ts, id] = filter.before;
      query = query.where((eb) => eb.or([eb('alert_events.ts', '<', ts), eb.and([eb('alert_events.ts', '=', ts), eb('alert_events.id', '<', id)])]));
    }
    return query.orderBy('alert_events.ts', 'desc').orderBy('alert_events.id', 'desc').limit(filter.limit).execute();
  });
  // Newest first across the chunks too, then cut again.
  const starts = found.sort((a, b) => Number(b.ts) - Number(a.ts) || Number(b.id) - Number(a.id)).slice(0, filter.limit);
  if (starts.length === 0) return [];
  const ids = [...new Set(starts.map((s) => Number(s.alert_id)))];
  let earliest = Infinity;
  for (const start of starts) earliest = Math.min(earliest, Number(start.ts));
  const ends = await db
    .selectFrom('alert_events')
    .select(['alert_id', 'ts'])
    .where('alert_id', 'in', ids)
    .where('to_state', '=', 'resolved')
    .where('ts', '>=', earliest)
    .orderBy('ts')
    .execute();
  const endsOf = new Map<number, number[]>();
  for (const end of ends) {
    const list = endsOf.get(Number(end.alert_id));
    if (list) list.push(Number(end.ts));
    else endsOf.set(Number(end.alert_id), [Number(end.ts)]);
  }
  return starts.map((start) => {
    const fired = Number(start.ts);
    const end = endsOf.get(Number(start.alert_id))?.find((ts) => ts >= fired);
    const resolved = end ?? null;
    return {
      event_id: Number(start.id),
      alert_id: Number(start.alert_id),
      rule: start.rule_id,
      integration: start.integration,
      severity: start.severity,
      fired_at: fired,
      resolved_at: resolved,
      duration_ms: resolved === null ? null : resolved - fired,
      summary: start.note,
    };
  });
}

/** A firing alert, as health judges it. */
export interface FiringAlert {
  rule: string;
  kind: string;
  severity: string;
  summary: string;
  fired_at: number | null;
}

/** The firing alerts of every integration (health counts them among its reasons). */
export async function firingAlertsByIntegration(db: Kysely<Database>): Promise<Map<string, FiringAlert[]>> {
  const rows = await db.selectFrom('alerts').select(['integration', 'rule_id', 'labels', 'severity', 'summary', 'fired_at']).where('state', '=', 'firing').execute();
  const byIntegration = new Map<string, FiringAlert[]>();
  for (const row of rows) {
    const labels = JSON.parse(row.labels) as Record<string, string>;
    let list = byIntegration.get(row.integration);
    if (!list) byIntegration.set(row.integration, (list = []));
    list.push({ rule: row.rule_id, kind: labels.kind ?? '', severity: row.severity, summary: row.summary, fired_at: nullableNumber(row.fired_at) });
  }
  return byIntegration;
}
