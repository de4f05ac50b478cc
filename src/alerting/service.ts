import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { RunbookTemplate } from '../runbooks/library.js';
import type { Job } from '../common/jobs.js';
import type { Database } from '../store/schema.js';
import { AlertEngine, type CycleReport } from './engine.js';
import { createChannels, Dispatcher, type ChannelOptions, type DispatchLogger, type DispatchSummary } from './notify/index.js';
import type { AlertRules } from './rules/rules.js';
import type { Channel } from './types.js';

export interface AlertingServiceOptions {
  db: Kysely<Database>;
  /** Where rule evaluation reads the rollups, when not `db` (SQLite's read workers). */
  readDb?: Kysely<Database>;
  catalogue: Catalogue;
  rules: AlertRules;
  clock: () => number;
  log: DispatchLogger;
  /** Absolute base of the console links in notifications. */
  consoleBase: string;
  runbooks?: Map<string, RunbookTemplate>;
  /** Each rollup tier's retention (burn-rate windows). */
  rollupRetentionMs?: Record<number, number>;
  /** Where channels look up `${ENV}` secrets, their fetch and timeouts (tests point them at loopback). */
  channelOptions?: ChannelOptions;
  /** Told which integrations had an alert change state (drives the console's live view). */
  onAlertsChanged?: (integrations: Set<string>) => void;
}

/**
 * Alerting as the server runs it: the engine judges every rule on its interval, and what it
 * enqueued goes out at once; the dispatcher also runs on its own interval for retries that come
 * due. Channels are rebuilt when the alerting file is reloaded.
 */
export class AlertingService {
  readonly engine: AlertEngine;
  readonly dispatcher: Dispatcher;
  private channels: Map<string, Channel>;
  private dispatching: Promise<DispatchSummary> | undefined;
  private held: Promise<unknown> | undefined;

  constructor(private readonly options: AlertingServiceOptions) {
    const { db, catalogue, rules, clock, log } = options;
    this.engine = new AlertEngine({
      db,
      catalogue,
      rules,
      clock,
      log,
      consoleBase: options.consoleBase,
      ...(options.readDb ? { readDb: options.readDb } : {}),
      ...(options.runbooks ? { runbooks: options.runbooks } : {}),
      ...(options.rollupRetentionMs ? { rollupRetentionMs: options.rollupRetentionMs } : {}),
    });
    this.channels = this.buildChannels();
    rules.onChange(() => {
      this.channels = this.buildChannels();
    });
    this.dispatcher = new Dispatcher({ db, channels: () => this.channels, log, clock });
  }

  private buildChannels(): Map<string, Channel> {
    return createChannels(this.options.rules.channels(), { clock: this.options.clock, ...this.options.channelOptions });
  }

  /**
   * Judges nothing until `until` settles: while hours of history stream in (the demo's backfill),
   * the newest record is hours old and every freshness rule would fire on data that is in fact on
   * time, then keep firing for its keepFiringFor after the stream caught up.
   */
  holdEvaluation(until: Promise<unknown>): void {
    const held: Promise<unknown> = until
      .catch(() => undefined)
      .finally(() => {
        if (this.held === held) this.held = undefined;
      });
    this.held = held;
  }

  /** One evaluation cycle; notifications it enqueued are sent without waiting for the next dispatch run. */
  async evaluate(): Promise<CycleReport> {
    if (this.held) return heldCycle(this.options.clock());
    const report = await this.engine.evaluateOnce();
    if (report.notifications > 0) void this.dispatch();
    if (report.changedIntegrations.length > 0) this.options.onAlertsChanged?.(new Set(report.changedIntegrations));
    return report;
  }

  /** Delivers what is due. A failure is logged by the job runner or here, and retried on the next run. */
  dispatch(): Promise<DispatchSummary> {
    const run = this.dispatcher.run();
    this.dispatching = run;
    run.catch((error: unknown) => this.options.log.error({ operation: 'alerting.dispatch', err: error }, 'dispatching notifications failed; retrying on the next run'));
    return run;
  }

  /** The evaluation job, then the dispatch job. */
  jobs(intervals: { evaluateEveryMs: number; dispatchEveryMs: number }): [Job, Job] {
    return [
      { name: 'alerting.evaluate', everyMs: intervals.evaluateEveryMs, run: () => this.evaluate() },
      { name: 'alerting.dispatch', everyMs: intervals.dispatchEveryMs, run: () => this.dispatch() },
    ];
  }

  /** Waits for a dispatch in flight, so shutdown does not cut a delivery's record short. */
  async close(): Promise<void> {
    await this.dispatching?.catch(() => undefined);
  }
}

/** The report of a cycle that judged nothing because evaluation is held. */
function heldCycle(at: number): CycleReport {
  return { at, evaluated: 0, judged: 0, breaching: 0, pending: 0, firing: 0, changes: 0, notifications: 0, suppressed: 0, errors: 0, changedIntegrations: [], ms: 0 };
}
