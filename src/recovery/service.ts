import type { Kysely } from 'kysely';
import type { AlertRules } from '../alerting/rules/rules.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { InputError, NotFoundError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { runHttpAction } from './http.js';
import { problemOfAlert } from './problems.js';
import { adviceForAlert, type Advice } from './messages.js';
import type { NotificationContext } from '../alerting/types.js';
import { describeRun, recordRun, type RecoveryRun } from './runs.js';
import type { RecoveryAction, RecoveryProblem } from './types.js';

export interface RecoveryLogger {
  info: (obj: object, msg?: string) => void;
  warn: (obj: object, msg?: string) => void;
}

export interface RecoveryServiceOptions {
  db: Kysely<Database>;
  catalogue: Catalogue;
  rules: AlertRules;
  clock: () => number;
  /** Where `${NAME}` references of actions are read at run time. */
  env: NodeJS.ProcessEnv;
  log?: RecoveryLogger;
  /** Told after each run (the console's live view). */
  onRun?: (integration: string) => void;
}

export interface RunRequest {
  trigger: 'manual' | 'automatic';
  actor: string;
  alertId?: number | null;
  attempt?: number;
}

/**
 * Runs recovery actions and records each run: on the integration's recovery history, on the
 * alert's timeline when it was run for one, in the log (never with a secret). One run of an
 * action at a time: a second click while the first is under way is refused, not queued.
 */
export class RecoveryService {
  private readonly running = new Set<string>();

  constructor(private readonly options: RecoveryServiceOptions) {}

  actions(integration: string): RecoveryAction[] {
    return this.options.catalogue.get(integration)?.recovery ?? [];
  }

  action(integration: string, name: string): RecoveryAction {
    const action = this.actions(integration).find((candidate) => candidate.name === name);
    if (!action) {
      const known = this.actions(integration).map((a) => `"${a.name}"`);
      throw new NotFoundError(`integration "${integration}" has no recovery action "${name}"${known.length ? `; it has ${known.join(', ')}` : '; declare one under spec.recovery in its catalogue record'}`);
    }
    return action;
  }

  /**
   * The problems of the integration's firing alerts (of one alert, when given), and what each
   * means in plain words: the advice its notification carried, else the alert's own.
   */
  async situation(integration: string, alertId?: number): Promise<{ problems: Set<RecoveryProblem>; advice: Advice[] }> {
    let query = this.options.db.selectFrom('alerts').select(['rule_id', 'labels', 'context']).where('integration', '=', integration);
    query = alertId === undefined ? query.where('state', '=', 'firing') : query.where('id', '=', alertId);
    const problems = new Set<RecoveryProblem>();
    const advice = new Map<string, Advice>();
    const entry = this.options.catalogue.get(integration);
    for (const row of await query.orderBy('id').limit(1_000).execute()) {
      const kind = (JSON.parse(row.labels) as Record<string, string>).kind ?? '';
      const rule = this.options.rules.get(row.rule_id);
      const problem = problemOfAlert(kind, rule);
      if (problem) problems.add(problem);
      const context = row.context ? (JSON.parse(row.context) as NotificationContext) : null;
      const found = adviceForAlert(kind, rule, context?.samples ?? [], entry);
      if (found && !advice.has(found.message)) advice.set(found.message, found);
    }
    return { problems, advice: [...advice.values()] };
  }

  async run(integration: string, name: string, request: RunRequest): Promise<RecoveryRun & { url?: string }> {
    const action = this.action(integration, name);
    const key = `${integration}\u0000${name}`;
    if (this.running.has(key)) {
      throw new InputError(`recovery action "${name}" of ${integration} is running already; wait for its result`, 'recovery_running', 409);
    }
    this.running.add(key);
    try {
      const startedAt = this.options.clock();
      const result =
        action.type === 'link'
          ? { outcome: 'opened', status: null, ms: 0, excerpt: null, error: null }
          : await runHttpAction(action, { env: this.options.env });
      const run = {
        integration,
        action: name,
        alert_id: request.alertId ?? null,
        trigger: request.trigger,
        actor: request.actor,
        attempt: request.attempt ?? 1,
        started_at: startedAt,
        ms: result.ms,
        outcome: result.outcome,
        http_status: result.status,
        excerpt: result.excerpt,
        error: result.error,
      };
      const recorded = await recordRun(this.options.db, run, describeRun(run));
      this.options.log?.[result.outcome === 'succeeded' || result.outcome === 'opened' ? 'info' : 'warn'](
        { operation: 'recovery.run', integration, action: name, trigger: request.trigger, outcome: result.outcome, status: result.status, ms: result.ms },
        'recovery action ran',
      );
      this.options.onRun?.(integration);
      return action.type === 'link' ? { ...recorded, url: action.url } : recorded;
    } finally {
      this.running.delete(key);
    }
  }
}
