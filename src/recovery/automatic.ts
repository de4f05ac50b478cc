import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { deliverNotification } from '../alerting/deliver.js';
import { silenceMatches } from '../alerting/lifecycle.js';
import type { AlertRules } from '../alerting/rules/rules.js';
import type { AlertRule } from '../alerting/rules/types.js';
import { listSilences } from '../alerting/silences.js';
import type { NotificationContext } from '../alerting/types.js';
import type { Database } from '../store/schema.js';
import { recoveryNotice } from './notice.js';
import { problemOfAlert } from './problems.js';
import { acted, type RecoveryRun } from './runs.js';
import type { RecoveryLogger, RecoveryService } from './service.js';
import type { AutomaticRecovery as AutomaticPolicy, HttpRecoveryAction } from './types.js';

export interface AutomaticRecoveryOptions {
  db: Kysely<Database>;
  catalogue: Catalogue;
  rules: AlertRules;
  recovery: RecoveryService;
  clock: () => number;
  log?: RecoveryLogger;
}

/** When the attempt after `attempts` tries (the last started at `lastStartedAt`) is due: the backoff doubles per failure. */
function retryAt(policy: AutomaticPolicy, lastStartedAt: number, attempts: number): number {
  return lastStartedAt + policy.backoffMs * 2 ** (attempts - 1);
}

/** Who the audit trail and the timeline name for a run Switchboard made by itself. */
export const AUTOMATIC_ACTOR = 'switchboard';

/**
 * Opt-in automatic recovery: for each firing alert whose problem an action with `automatic` is
 * declared for, run it once, then again after a backoff that doubles, until it succeeds or the
 * attempts run out; never while the alert is silenced or in a maintenance window, and not again
 * within the cool-down after a run that worked. Every run is recorded like a manual one, and the
 * channels that were told of the alert get an update saying what was tried and its result.
 */
export class AutomaticRecovery {
  constructor(private readonly options: AutomaticRecoveryOptions) {}

  /** Runs what is due now; answers how many runs it made. */
  async runDue(): Promise<number> {
    const { db, catalogue, rules, clock } = this.options;
    const now = clock();
    const firing = await db.selectFrom('alerts').select(['id', 'integration', 'rule_id', 'labels', 'fired_at']).where('state', '=', 'firing').orderBy('id').limit(1_000).execute();
    if (firing.length === 0) return 0;
    const silences = await listSilences(db, { now, activeOnly: true, limit: 10_000 });
    let runs = 0;
    for (const alert of firing) {
      const actions = (catalogue.get(alert.integration)?.recovery ?? []).filter((action): action is HttpRecoveryAction => action.type === 'http' && action.automatic !== undefined);
      if (actions.length === 0) continue;
      const labels = JSON.parse(alert.labels) as Record<string, string>;
      if (silences.some((silence) => silenceMatches(silence.matchers, labels))) continue;
      const rule = rules.get(alert.rule_id);
      const problem = problemOfAlert(labels.kind ?? '', rule);
      for (const action of actions.filter((candidate) => problem !== null && candidate.fixes.includes(problem))) {
        const attempt = await this.dueAttempt(Number(alert.id), Number(alert.fired_at ?? now), action, now);
        if (attempt === null) continue;
        const run = await this.options.recovery.run(alert.integration, action.name, { trigger: 'automatic', actor: AUTOMATIC_ACTOR, alertId: Number(alert.id), attempt });
        runs++;
        if (rule) {
          await this.sendUpdate(rule, action.automatic!, run).catch((error: unknown) =>
            this.options.log?.warn({ operation: 'recovery.notify', alert: Number(alert.id), err: error }, 'the update on an automatic recovery run could not be queued; the next notification of the alert carries the run'),
          );
        }
      }
    }
    return runs;
  }

  /** The attempt number due now for this alert's firing, or null (done, out of attempts, backing off, cooling down). */
  private async dueAttempt(alertId: number, firedAt: number, action: HttpRecoveryAction, now: number): Promise<number | null> {
    const policy = action.automatic!;
    const lastSuccess = await this.options.db
      .selectFrom('recovery_runs')
      .select('started_at')
      .where('integration', '=', action.integration)
      .where('action', '=', action.name)
      .where('trigger', '=', 'automatic')
      .where('outcome', '=', 'succeeded')
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (lastSuccess && now - Number(lastSuccess.started_at) < policy.cooldownMs) return null;
    const attempts = await this.options.db
      .selectFrom('recovery_runs')
      .select(['started_at', 'outcome'])
      .where('alert_id', '=', alertId)
      .where('action', '=', action.name)
      .where('trigger', '=', 'automatic')
      .where('started_at', '>=', firedAt)
      .orderBy('id')
      .limit(policy.maxAttempts + 1)
      .execute();
    if (attempts.some((attempt) => attempt.outcome === 'succeeded') || attempts.length >= policy.maxAttempts) return null;
    const last = attempts.at(-1);
    if (last && now < retryAt(policy, Number(last.started_at), attempts.length)) return null;
    return attempts.length + 1;
  }

  /**
   * Tells the channels that were told of the alert what the attempt did: the alert's last
   * notification again, as a repeat (every channel knows that kind), with the recovery runs,
   * whether failures stopped, and the next attempt. An alert nobody was told of gets none.
   */
  private async sendUpdate(rule: AlertRule, policy: AutomaticPolicy, run: RecoveryRun): Promise<void> {
    const { db, rules, clock } = this.options;
    const alert = await db.selectFrom('alerts').select(['id', 'state', 'context', 'fired_at', 'last_notified_at']).where('id', '=', run.alert_id!).executeTakeFirst();
    if (!alert?.context || alert.state !== 'firing' || alert.last_notified_at === null) return;
    const now = clock();
    const notice = await recoveryNotice(db, { integration: run.integration, rule, firedAt: Number(alert.fired_at ?? run.started_at), now, resolved: false });
    const nextAttemptAt = acted(run.outcome) || run.attempt >= policy.maxAttempts ? null : retryAt(policy, run.started_at, run.attempt);
    const previous = JSON.parse(alert.context) as NotificationContext;
    const context: NotificationContext = { ...previous, kind: 'repeat', grouped: [], recovery: { ...notice, nextAttemptAt, update: true } };
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('alerts').set({ context: JSON.stringify(context), last_notified_at: now }).where('id', '=', alert.id).execute();
      await deliverNotification(tx, { alertId: Number(alert.id), context, routes: rules.routes(), channels: rules.channels(), now });
    });
  }
}
