import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { loadRunbooks, SHIPPED_RUNBOOKS, type RunbookTemplate } from '../runbooks/library.js';
import type { Database } from '../store/schema.js';
import { inChunks, IDS_PER_STATEMENT } from '../store/chunks.js';
import { nullableNumber } from './alerts.js';
import { buildContext, sampleFailures } from './context.js';
import { listSilences } from './silences.js';
import { deliverNotification } from './deliver.js';
import { WindowCounts, WindowLatency } from '../budget/totals.js';
import { SegmentCache } from '../query/segment-cache.js';
import { CycleData, evaluate, type BurnSources, type UsualSources } from './evaluate/index.js';
import type { LastWeeksSources } from './evaluate/last-weeks-data.js';
import type { Evaluation } from './evaluate/types.js';
import { alertLabels, decide, fingerprintOf, INHIBITED_KINDS, silenceMatches, type AlertSnapshot, type Decision } from './lifecycle.js';
import type { AlertRules } from './rules/rules.js';
import type { AlertRule } from './rules/types.js';
import type { AlertState, NotificationContext, NotificationKind, RecoveryNotice, Severity } from './types.js';
import { recoveryNotice } from '../recovery/notice.js';

export interface AlertEngineLogger {
  info: (obj: object, msg?: string) => void;
  warn: (obj: object, msg?: string) => void;
  error: (obj: object, msg?: string) => void;
}

export interface AlertEngineOptions {
  db: Kysely<Database>;
  /** Where each cycle reads the rollups it judges, when not `db` (SQLite's read workers). */
  readDb?: Kysely<Database>;
  catalogue: Catalogue;
  rules: AlertRules;
  /** Epoch milliseconds now. */
  clock: () => number;
  log?: AlertEngineLogger;
  /** Absolute base of the console links in notifications (see src/server/public-url.ts). */
  consoleBase: string;
  /** Runbooks for links and first triage steps (default: the shipped ones). */
  runbooks?: Map<string, RunbookTemplate>;
  /** Each rollup tier's retention, so burn-rate windows read a tier that still holds their start. */
  rollupRetentionMs?: Record<number, number>;
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
  /** Integrations with an alert that changed state this cycle (for the console's live view). */
  changedIntegrations: string[];
  ms: number;
}

interface AlertRowData {
  id: number;
  fingerprint: string;
  snapshot: AlertSnapshot;
  /** Whom on-call assigned it to (written by the API, never by a cycle); said in its notifications. */
  assignee: string | null;
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
  recovery: RecoveryNotice | null;
  id?: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Evaluates every rule against the rollups (one read per cycle) and moves each alert through its
 * lifecycle; notifications go to the outbox in the same transaction as the change that caused them.
 */
export class AlertEngine {
  private readonly runbooks: Map<string, RunbookTemplate>;
  private readonly sources: { burn: BurnSources; usual: UsualSources; lastWeeks: LastWeeksSources };

  constructor(private readonly options: AlertEngineOptions) {
    this.runbooks = options.runbooks ?? loadRunbooks([SHIPPED_RUNBOOKS]);
    this.sources = {
      burn: {
        counts: new WindowCounts(options.rollupRetentionMs),
        latency: new WindowLatency(options.rollupRetentionMs),
        objectiveOf: (id) => options.catalogue.get(id)?.slo.successRate,
        latencyTargetOf: (id) => options.catalogue.get(id)?.slo.latencyP95Ms,
      },
      usual: { cache: new SegmentCache(), retentionMs: options.rollupRetentionMs ?? {} },
      lastWeeks: { cache: new SegmentCache(), retentionMs: options.rollupRetentionMs ?? {} },
    };
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
    const data = await CycleData.load(this.options.readDb ?? db, now, instances, this.sources);

    const rows = await db
      .selectFrom('alerts')
      .select(['id', 'fingerprint', 'state', 'pending_since', 'fired_at', 'resolved_at', 'last_breach_at', 'last_notified_at', 'acknowledged_at', 'assigned_to'])
      .execute();
    const existing = new Map<string, AlertRowData>();
    for (const row of rows) {
      existing.set(row.fingerprint, {
        id: Number(row.id),
        fingerprint: row.fingerprint,
        snapshot: {
          state: row.state as AlertState,
          pending_since: nullableNumber(row.pending_since),
          fired_at: nullableNumber(row.fired_at),
          resolved_at: nullableNumber(row.resolved_at),
          last_breach_at: nullableNumber(row.last_breach_at),
          last_notified_at: nullableNumber(row.last_notified_at),
          acknowledged_at: nullableNumber(row.acknowledged_at),
        },
        assignee: row.assigned_to,
      });
    }
    const silences = await listSilences(db, { now, activeOnly: true, limit: 10_000 });

    const report: CycleReport = { at: now, evaluated: 0, judged: 0, breaching: 0, pending: 0, firing: 0, changes: 0, notifications: 0, suppressed: 0, errors: 0, changedIntegrations: [], ms: 0 };
    const evaluations = instances.map(({ rule, integration }) => evaluate(rule, { now, integration, data }));
    // Breaching windows are proved on sub-minute slices, read only for those integrations.
    const refine = instances.filter((_, i) => evaluations[i]!.needsFine);
    if (refine.length > 0) {
      await data.loadFine(this.options.readDb ?? db, refine);
      instances.forEach(({ rule, integration }, i) => {
        if (evaluations[i]!.needsFine) evaluations[i] = evaluate(rule, { now, integration, data });
      });
    }
    const items: Item[] = [];
    for (const [index, { rule, integration }] of instances.entries()) {
      const evaluation = evaluations[index]!;
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
      items.push({ rule, integration, evaluation, labels, fingerprint, row, decision, suppressedBy: null, send: decision.notify, samples: [], recovery: null });
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
      if (!item.send) continue;
      item.samples = await sampleFailures(db, item.rule, item.integration, now);
      // Only an integration with recovery actions can have runs to tell of (or their absence).
      if (catalogue.get(item.integration)?.recovery?.length) {
        item.recovery = await recoveryNotice(db, { integration: item.integration, rule: item.rule, firedAt: item.decision.snapshot.fired_at ?? now, now, resolved: item.send === 'resolved' });
      }
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
        if (outcome.changes > 0) report.changedIntegrations.push(integration);
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
    // An acknowledgement may have landed since the cycle read the alerts: it wins over a repeat.
    const repeats = items.filter((item) => item.send === 'repeat' && item.row);
    if (repeats.length > 0) {
      const acked = await tx.selectFrom('alerts').select('id').where('id', 'in', repeats.map((item) => item.row!.id)).where('acknowledged_at', 'is not', null).execute();
      const ids = new Set(acked.map((row) => Number(row.id)));
      for (const item of repeats) if (ids.has(item.row!.id)) item.send = null;
    }
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
        // A resolution ends the acknowledgement with the firing it took: the next one pages again.
        ...(snapshot.state === 'resolved' && item.decision.changed ? { acknowledged_at: null, acknowledged_by: null, ack_note: null, assigned_to: null, assigned_by: null, assigned_at: null } : {}),
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

    await keepErrorTypes(tx, items);
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
      // Each alert keeps what it would say alone: an automatic recovery update reads it back.
      for (const other of rest) {
        await tx.updateTable('alerts').set({ context: JSON.stringify(this.context(other, kind, [])) }).where('id', '=', other.id!).execute();
      }
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
        assignee: item.row?.assignee ?? null,
      },
      rule: item.rule,
      integration: item.integration,
      evaluation: item.evaluation,
      entry: this.options.catalogue.get(item.integration),
      consoleBase: this.options.consoleBase,
      runbooks: this.runbooks,
      samples: item.samples,
      recovery: item.recovery,
      grouped: grouped.map((other) => ({ rule: other.rule.name, summary: other.evaluation.summary, severity: other.rule.severity })),
    });
  }
}

/**
 * A log_errors alert that stops breaching (resolving, or firing on through its hysteresis) names
 * no error type in its evaluation; it keeps the one its context named, so its link still leads to
 * that type's lines rather than to every warning and error line.
 */
async function keepErrorTypes(tx: Kysely<Database>, items: Item[]): Promise<void> {
  const untyped = items.filter((item) => item.rule.kind === 'log_errors' && !item.evaluation.errorType && item.row);
  if (untyped.length === 0) return;
  const rows = await inChunks(untyped.map((item) => item.row!.id), IDS_PER_STATEMENT, (ids) => tx.selectFrom('alerts').select(['id', 'context']).where('id', 'in', ids).execute());
  const kept = new Map(rows.map((row) => [Number(row.id), row.context === null ? undefined : (JSON.parse(row.context) as NotificationContext).errorType]));
  for (const item of untyped) {
    const errorType = kept.get(item.row!.id);
    if (errorType) item.evaluation = { ...item.evaluation, errorType };
  }
}

function noteOf(item: Item): string | null {
  const parts: string[] = [];
  if (item.decision.changed) parts.push(item.evaluation.summary);
  if (item.suppressedBy) parts.push(`notification held back: ${item.suppressedBy}`);
  return parts.length ? parts.join('; ') : null;
}

