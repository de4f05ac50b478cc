import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { silenceMatches } from '../alerting/lifecycle.js';
import type { AlertRules } from '../alerting/rules/rules.js';
import { listSilences } from '../alerting/silences.js';
import type { Database } from '../store/schema.js';
import { problemOfAlert } from './problems.js';
import type { RecoveryService } from './service.js';
import type { HttpRecoveryAction } from './types.js';

export interface AutomaticRecoveryOptions {
  db: Kysely<Database>;
  catalogue: Catalogue;
  rules: AlertRules;
  recovery: RecoveryService;
  clock: () => number;
}

/** Who the audit trail and the timeline name for a run Switchboard made by itself. */
export const AUTOMATIC_ACTOR = 'switchboard';

/**
 * Opt-in automatic recovery: for each firing alert whose problem an action with `automatic` is
 * declared for, run it once, then again after a backoff that doubles, until it succeeds or the
 * attempts run out; never while the alert is silenced or in a maintenance window, and not again
 * within the cool-down after a run that worked. Every run is recorded like a manual one.
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
      const problem = problemOfAlert(labels.kind ?? '', rules.get(alert.rule_id));
      for (const action of actions.filter((candidate) => problem !== null && candidate.fixes.includes(problem))) {
        const attempt = await this.dueAttempt(Number(alert.id), Number(alert.fired_at ?? now), action, now);
        if (attempt === null) continue;
        await this.options.recovery.run(alert.integration, action.name, { trigger: 'automatic', actor: AUTOMATIC_ACTOR, alertId: Number(alert.id), attempt });
        runs++;
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
    if (last && now < Number(last.started_at) + policy.backoffMs * 2 ** (attempts.length - 1)) return null;
    return attempts.length + 1;
  }
}
