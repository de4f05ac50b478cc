import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { InputError as ValidationError, NotFoundError } from '../errors.js';
import { loadRunbooks, SHIPPED_RUNBOOKS, type RunbookTemplate } from '../runbooks/library.js';
import type { Database } from '../store/schema.js';
import { buildContext, sampleFailures } from './context.js';
import { deliverNotification } from './deliver.js';
import { CycleData, evaluate } from './evaluate/index.js';
import type { Evaluation } from './evaluate/types.js';
import { alertLabels, decide, fingerprintOf, INHIBITED_KINDS, silenceMatches, type AlertSnapshot, type Decision, type SilenceMatcher } from './lifecycle.js';
import type { AlertRules } from './rules/rules.js';
import type { AlertRule } from './rules/types.js';
import type { AlertState, NotificationContext, NotificationKind, Severity } from './types.js';

export interface AlertEngineLogger {
  info: (obj: object, msg?: string) => void;
  warn: (obj: object, msg?: string) => void;
  error: (obj: object, msg?: string) => void;
}

export interface AlertEngineOptions {
  db: Kysely<Database>;
  catalogue: Catalogue;
  rules: AlertRules;
  /** Epoch milliseconds now. */
  clock: () => number;
  log?: AlertEngineLogger;
  /** Base of the console links in notifications. */
  publicUrl?: string | undefined;
  /** Runbooks for links and first triage steps (default: the shipped ones). */
  runbooks?: Map<string, RunbookTemplate>;
}

export interface CycleReport {
  at: number;
  /** Rule × integration pairs judged this cycle. */
  evaluated: number;
  judged: number;
  breaching: number;
  pending: number;
  firing: number;
  /** State changes recorded in alert_events. */
  changes: number;
  /** Notifications handed to delivery (one per group, before routing to channels). */
  notifications: number;
  /** Notifications held back by a silence, maintenance window or inhibition. */
  suppressed: number;
  /** Integrations whose changes could not be written this cycle (logged; tried again next cycle). */
  errors: number;
  ms: number;
}

interface AlertRowData {
  id: number;
  fingerprint: string;
  snapshot: AlertSnapshot;
}

interface Item {
  rule: AlertRule;
  integration: string;
  evaluation: Evaluation;
  labels: Record<string, string>;
  fingerprint: string;
  row: AlertRowData | undefined;
  decision: Decision;
  /** Why its notification is held back. */
  suppressedBy: string | null;
  send: NotificationKind | null;
  samples: NotificationContext['samples'];
  id?: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Evaluates every rule against the rollups (one read per cycle) and moves each alert through its
 * lifecycle; notifications go to the outbox in the same transaction as the change that caused them.
 */
export class AlertEngine {
  private readonly runbooks: Map<string, RunbookTemplate>;

  constructor(private readonly options: AlertEngineOptions) {
    this.runbooks = options.runbooks ?? loadRunbooks([SHIPPED_RUNBOOKS]);
  }

  /** Every rule paired with the integrations it judges ("*" = every catalogued or seen integration). */
  private async instances(): Promise<Array<{ rule: AlertRule; integration: string }>> {
    const rules = this.options.rules.rules();
    const result: Array<{ rule: AlertRule; integration: string }> = [];
    let every: string[] | undefined;
    for (const rule of rules) {
      if (rule.integration !== '*') {
        result.push({ rule, integration: rule.integration });
        continue;
      }
      if (!every) {
        const seen = await CycleData.loadSeen(this.options.db);
        every = [...new Set([...this.options.catalogue.all().map((e) => e.id), ...seen])].sort();
      }
      for (const integration of every) result.push({ rule, integration });
    }
    return result;
  }

  async evaluateOnce(): Promise<CycleReport> {
    const started = performance.now();
    const { db, catalogue } = this.options;
    const now = this.options.clock();
    const instances = await this.instances();
    const data = await CycleData.load(db, now, instances);

    const rows = await db
      .selectFrom('alerts')
      .select(['id', 'fingerprint', 'state', 'pending_since', 'fired_at', 'resolved_at', 'last_breach_at', 'last_notified_at'])
      .execute();
    const existing = new Map<string, AlertRowData>();
    for (const row of rows) {
      existing.set(row.fingerprint, {
        id: Number(row.id),
        fingerprint: row.fingerprint,
        snapshot: {
          state: row.state as AlertState,
          pending_since: num(row.pending_since),
          fired_at: num(row.fired_at),
          resolved_at: num(row.resolved_at),
          last_breach_at: num(row.last_breach_at),
          last_notified_at: num(row.last_notified_at),
        },
      });
    }
    const silences = await activeSilences(db, now);

    const report: CycleReport = { at: now, evaluated: 0, judged: 0, breaching: 0, pending: 0, firing: 0, changes: 0, notifications: 0, suppressed: 0, errors: 0, ms: 0 };
    const items: Item[] = [];
    for (const { rule, integration } of instances) {
      const evaluation = evaluate(rule, { now, integration, data });
      report.evaluated++;
      if (evaluation.judged) report.judged++;
      if (evaluation.breaching) report.breaching++;
      const entry = catalogue.get(integration);
      const labels = alertLabels(rule, integration, entry);
      const fingerprint = fingerprintOf(rule.name, integration, labels);
      const row = existing.get(fingerprint);
      if (!row && !evaluation.breaching) continue;
      const decision = decide(row?.snapshot, evaluation, rule, now);
      if (decision.next === 'pending') report.pending++;
      if (decision.next === 'firing') report.firing++;
      const active = decision.next === 'pending' || decision.next === 'firing';
      if (!decision.changed && !decision.notify && !(active && evaluation.judged)) continue;
      items.push({ rule, integration, evaluation, labels, fingerprint, row, decision, suppressedBy: null, send: decision.notify, samples: [] });
    }

    // Inhibition: integrations down (health) or with a firing critical error_rate alert.
    const inhibitors = new Map<string, string>();
    for (const integration of data.down) inhibitors.set(integration, 'the integration is down');
    for (const item of items) {
      if (item.decision.next === 'firing' && item.rule.kind === 'error_rate' && item.rule.severity === 'critical') {
        inhibitors.set(item.integration, `inhibited by the firing alert ${item.rule.name}`);
      }
    }
    await this.addStandingInhibitors(inhibitors, items);

    for (const item of items) {
      if (!item.send) continue;
      const silence = silences.find((s) => silenceMatches(s.matchers, item.labels));
      const reason = silence
        ? `${silence.kind === 'maintenance' ? 'maintenance window' : 'silence'} #${silence.id} (${silence.author}: ${silence.reason})`
        : INHIBITED_KINDS.has(item.rule.kind) && inhibitors.has(item.integration)
          ? inhibitors.get(item.integration)!
          : null;
      if (reason) {
        if (item.decision.catchUp) item.send = null;
        else {
          item.suppressedBy = reason;
          item.send = null;
          report.suppressed++;
        }
      }
    }
    for (const item of items) {
      if (item.send) item.samples = await sampleFailures(db, item.rule, item.integration, now);
    }

    // One transaction per integration: its alert changes and their notifications commit together.
    const byIntegration = new Map<string, Item[]>();
    for (const item of items) {
      let list = byIntegration.get(item.integration);
      if (!list) byIntegration.set(item.integration, (list = []));
      list.push(item);
    }
    for (const [integration, list] of byIntegration) {
      try {
        const outcome = await db.transaction().execute(async (tx) => this.commit(tx, integration, list, now));
        report.changes += outcome.changes;
        report.notifications += outcome.notifications;
        for (const item of list) {
          if (!item.decision.changed) continue;
          this.options.log?.info(
            { alert: item.id, rule: item.rule.name, integration, from: item.row?.snapshot.state ?? 'inactive', to: item.decision.next, summary: item.evaluation.summary },
            'alert changed state',
          );
        }
      } catch (error) {
        // One integration's failed write must not keep the others' alerts from moving; it is
        // judged again next cycle.
        report.errors++;
        this.options.log?.error({ integration, err: error }, 'recording alert changes failed; retrying next cycle');
      }
    }
    report.ms = Math.round((performance.now() - started) * 10) / 10;
    return report;
  }

  /** Critical error_rate alerts that were already firing (not re-evaluated into `items`) still inhibit. */
  private async addStandingInhibitors(inhibitors: Map<string, string>, items: Item[]): Promise<void> {
    const firing = await this.options.db
      .selectFrom('alerts')
      .select(['rule_id', 'integration', 'severity'])
      .where('state', '=', 'firing')
      .where('severity', '=', 'critical')
      .execute();
    for (const row of firing) {
      if (inhibitors.has(row.integration)) continue;
      const rule = this.options.rules.get(row.rule_id);
      if (rule?.kind !== 'error_rate') continue;
      // It may be resolving in this very cycle.
      const item = items.find((i) => i.rule.name === row.rule_id && i.integration === row.integration);
      if (item && item.decision.next !== 'firing') continue;
      inhibitors.set(row.integration, `inhibited by the firing alert ${row.rule_id}`);
    }
  }

  private async commit(tx: Kysely<Database>, integration: string, items: Item[], now: number): Promise<{ changes: number; notifications: number }> {
    let changes = 0;
    for (const item of items) {
      const { snapshot } = item.decision;
      const notified = item.send !== null ? now : snapshot.last_notified_at;
      const values = {
        state: snapshot.state,
        severity: item.rule.severity,
        value: item.evaluation.value,
        threshold: item.evaluation.threshold,
        summary: item.evaluation.summary,
        pending_since: snapshot.pending_since,
        fired_at: snapshot.fired_at,
        resolved_at: snapshot.resolved_at,
        last_breach_at: snapshot.last_breach_at,
        last_evaluated_at: now,
        last_notified_at: notified,
      };
      if (item.row) {
        await tx.updateTable('alerts').set(values).where('id', '=', item.row.id).execute();
        item.id = item.row.id;
      } else {
        const inserted = await tx
          .insertInto('alerts')
          .values({ ...values, fingerprint: item.fingerprint, rule_id: item.rule.name, integration, labels: JSON.stringify(item.labels), context: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        item.id = Number(inserted.id);
      }
      const from = item.row?.snapshot.state ?? 'inactive';
      if (item.decision.changed) {
        changes++;
        await tx
          .insertInto('alert_events')
          .values({ alert_id: item.id, ts: now, from_state: from, to_state: snapshot.state, value: item.evaluation.value, note: noteOf(item) })
          .execute();
      } else if (item.suppressedBy) {
        await tx
          .insertInto('alert_events')
          .values({ alert_id: item.id, ts: now, from_state: from, to_state: snapshot.state, value: item.evaluation.value, note: noteOf(item) })
          .execute();
      }
    }

    // Grouping: the firing / repeat notifications of one integration go out as one, under the
    // most severe alert; resolutions go out one by one.
    let notifications = 0;
    const sending = items.filter((item) => item.send !== null);
    const open = sending.filter((item) => item.send !== 'resolved').sort((a, b) => SEVERITY_ORDER[a.rule.severity] - SEVERITY_ORDER[b.rule.severity] || a.rule.name.localeCompare(b.rule.name));
    const groups: Item[][] = [];
    if (open.length > 0) groups.push(open);
    for (const item of sending) if (item.send === 'resolved') groups.push([item]);
    for (const group of groups) {
      const [primary, ...rest] = group as [Item, ...Item[]];
      const kind: NotificationKind = group.some((item) => item.send === 'firing') ? 'firing' : primary.send!;
      const context = this.context(primary, kind, rest);
      await tx.updateTable('alerts').set({ context: JSON.stringify(context) }).where('id', '=', primary.id!).execute();
      await deliverNotification(tx, { alertId: primary.id!, context, routes: this.options.rules.routes(), channels: this.options.rules.channels(), now });
      notifications++;
    }
    for (const item of items) {
      if (item.decision.changed && !item.send) {
        const context = this.context(item, item.decision.next === 'resolved' ? 'resolved' : 'firing', []);
        await tx.updateTable('alerts').set({ context: JSON.stringify(context) }).where('id', '=', item.id!).execute();
      }
    }
    return { changes, notifications };
  }

  private context(item: Item, kind: NotificationKind, grouped: Item[]): NotificationContext {
    const { snapshot } = item.decision;
    return buildContext({
      kind,
      alert: {
        id: item.id!,
        fingerprint: item.fingerprint,
        state: snapshot.state,
        labels: item.labels,
        startedAt: snapshot.fired_at ?? snapshot.pending_since ?? this.options.clock(),
        resolvedAt: snapshot.state === 'resolved' ? snapshot.resolved_at : null,
      },
      rule: item.rule,
      integration: item.integration,
      evaluation: item.evaluation,
      entry: this.options.catalogue.get(item.integration),
      publicUrl: this.options.publicUrl,
      runbooks: this.runbooks,
      samples: item.samples,
      grouped: grouped.map((other) => ({ rule: other.rule.name, summary: other.evaluation.summary, severity: other.rule.severity })),
    });
  }
}

function noteOf(item: Item): string | null {
  const parts: string[] = [];
  if (item.decision.changed) parts.push(item.evaluation.summary);
  if (item.suppressedBy) parts.push(`notification held back: ${item.suppressedBy}`);
  return parts.length ? parts.join('; ') : null;
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

// ---------------------------------------------------------------------------------------------
// Reading alerts, and silences / maintenance windows, for the API.

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
}

type AlertRow = Awaited<ReturnType<typeof selectAlerts>>[number];

function selectAlerts(db: Kysely<Database>) {
  return db.selectFrom('alerts').selectAll().execute();
}

function toView(row: AlertRow): AlertView {
  const fired = num(row.fired_at);
  const resolved = num(row.resolved_at);
  return {
    id: Number(row.id),
    fingerprint: row.fingerprint,
    rule: row.rule_id,
    integration: row.integration,
    labels: JSON.parse(row.labels) as Record<string, string>,
    severity: row.severity,
    state: row.state,
    value: row.value === null ? null : Number(row.value),
    threshold: row.threshold === null ? null : Number(row.threshold),
    summary: row.summary,
    pending_since: num(row.pending_since),
    fired_at: fired,
    resolved_at: resolved,
    last_breach_at: num(row.last_breach_at),
    last_evaluated_at: Number(row.last_evaluated_at),
    last_notified_at: num(row.last_notified_at),
    duration_ms: fired === null ? null : (resolved ?? Number(row.last_evaluated_at)) - fired,
    context: row.context ? (JSON.parse(row.context) as NotificationContext) : null,
  };
}

/** Alerts, firing first, then pending, then the most recently changed. */
export async function listAlerts(db: Kysely<Database>, filter: { state?: AlertState; integration?: string } = {}): Promise<AlertView[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.integration) query = query.where('integration', '=', filter.integration);
  const rows = await query.execute();
  const order: Record<string, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };
  return rows
    .map(toView)
    .sort((a, b) => (order[a.state] ?? 9) - (order[b.state] ?? 9) || b.last_evaluated_at - a.last_evaluated_at || a.id - b.id);
}

export interface AlertHistory {
  alert: AlertView;
  events: Array<{ id: number; ts: number; from_state: string; to_state: string; value: number | null; note: string | null }>;
}

/** One alert with its state changes, oldest first. */
export async function alertHistory(db: Kysely<Database>, id: number): Promise<AlertHistory> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no alert ${id}`);
  const events = await db.selectFrom('alert_events').selectAll().where('alert_id', '=', id).orderBy('ts').orderBy('id').execute();
  return {
    alert: toView(row),
    events: events.map((e) => ({ id: Number(e.id), ts: Number(e.ts), from_state: e.from_state, to_state: e.to_state, value: e.value === null ? null : Number(e.value), note: e.note })),
  };
}

export interface SilenceView {
  id: number;
  kind: 'silence' | 'maintenance';
  matchers: SilenceMatcher[];
  starts_at: number;
  ends_at: number;
  author: string;
  reason: string;
  created_at: number;
  expired_at: number | null;
  /** In force now (started, not ended, not expired). */
  active: boolean;
}

export interface SilenceRequest {
  /** 'silence' (matchers on labels) or 'maintenance' (a window for one integration; matchers default to it). */
  kind?: 'silence' | 'maintenance';
  matchers?: SilenceMatcher[];
  /** Maintenance windows: the integration, as a shorthand for an `integration` matcher. */
  integration?: string;
  startsAt?: number;
  endsAt: number;
  author: string;
  reason: string;
  now: number;
}

/** Creates a silence or maintenance window; returns it. */
export async function createSilence(db: Kysely<Database>, request: SilenceRequest): Promise<SilenceView> {
  const matchers = [...(request.matchers ?? [])];
  if (request.integration) matchers.push({ label: 'integration', value: request.integration });
  if (matchers.length === 0) throw new ValidationError('a silence needs at least one matcher (or an integration)');
  for (const m of matchers) {
    if (typeof m.label !== 'string' || typeof m.value !== 'string' || !m.label) throw new ValidationError('each matcher needs a "label" and a "value"');
    if (m.regex) {
      try {
        new RegExp(m.value);
      } catch (error) {
        throw new ValidationError(`matcher ${m.label}: invalid regular expression: ${(error as Error).message}`);
      }
    }
  }
  const startsAt = request.startsAt ?? request.now;
  if (!(request.endsAt > startsAt)) throw new ValidationError('a silence must end after it starts');
  if (!request.author?.trim() || !request.reason?.trim()) throw new ValidationError('a silence needs an author and a reason');
  const row = await db
    .insertInto('silences')
    .values({
      kind: request.kind ?? 'silence',
      matchers: JSON.stringify(matchers.map((m) => ({ label: m.label, value: m.value, ...(m.regex ? { regex: true } : {}) }))),
      starts_at: startsAt,
      ends_at: request.endsAt,
      author: request.author.trim(),
      reason: request.reason.trim(),
      created_at: request.now,
      expired_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await listSilences(db, { now: request.now })).find((s) => s.id === Number(row.id))!;
}

/** Ends a silence now. */
export async function expireSilence(db: Kysely<Database>, id: number, now: number): Promise<SilenceView> {
  const result = await db.updateTable('silences').set({ expired_at: now }).where('id', '=', id).where('expired_at', 'is', null).executeTakeFirst();
  const silence = (await listSilences(db, { now })).find((s) => s.id === id);
  if (!silence) throw new NotFoundError(`no silence ${id}`);
  if (Number(result.numUpdatedRows) === 0 && silence.expired_at === null) throw new NotFoundError(`no silence ${id}`);
  return silence;
}

/** Every silence and maintenance window, newest first, with whether it is in force at `now`. */
export async function listSilences(db: Kysely<Database>, options: { now?: number; activeOnly?: boolean } = {}): Promise<SilenceView[]> {
  const now = options.now ?? Date.now();
  const rows = await db.selectFrom('silences').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const views = rows.map((row) => {
    const starts = Number(row.starts_at);
    const ends = Number(row.ends_at);
    const expired = num(row.expired_at);
    return {
      id: Number(row.id),
      kind: row.kind as SilenceView['kind'],
      matchers: JSON.parse(row.matchers) as SilenceMatcher[],
      starts_at: starts,
      ends_at: ends,
      author: row.author,
      reason: row.reason,
      created_at: Number(row.created_at),
      expired_at: expired,
      active: starts <= now && now < ends && (expired === null || expired > now),
    };
  });
  return options.activeOnly ? views.filter((v) => v.active) : views;
}

async function activeSilences(db: Kysely<Database>, now: number): Promise<SilenceView[]> {
  const rows = await db
    .selectFrom('silences')
    .selectAll()
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where('expired_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind as SilenceView['kind'],
    matchers: JSON.parse(row.matchers) as SilenceMatcher[],
    starts_at: Number(row.starts_at),
    ends_at: Number(row.ends_at),
    author: row.author,
    reason: row.reason,
    created_at: Number(row.created_at),
    expired_at: null,
    active: true,
  }));
}
