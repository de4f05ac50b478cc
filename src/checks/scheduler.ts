import type { Kysely } from 'kysely';
import type { CheckDefinition, HeartbeatCheck } from '../catalogue/types.js';
import { InputError, NotFoundError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { backoffDelay, withJitter } from './backoff.js';
import { DueQueue, type Schedulable } from './due-queue.js';
import { MANUAL_RUN_EVERY_MS } from './errors.js';
import { judgeHeartbeat, notePingAt, type HeartbeatWatch } from './heartbeat-verdict.js';
import { heartbeatLateness, InvalidCronError, validateCron } from './lateness.js';
import { ManualRunLimit } from './manual-runs.js';
import { isActive, probe, type ActiveCheck } from './probes/index.js';
import { consecutiveFailures, latestHeartbeatRow, latestRunAt, recentResults, ResultWriter, resultRow, storedOf } from './store.js';
import { findCheck, type CatalogueSource, type CheckResult, type CheckStatus, type Logger, type ProbeContext, type StoredCheckResult } from './types.js';
import { shown } from '../query/params.js';

export interface CheckSchedulerOptions {
  db: Kysely<Database>;
  catalogue: CatalogueSource;
  log: Logger;
  clock?: () => number;
  /** Probes in flight at most (default 50). */
  concurrency?: number;
  /** Environment for `${NAME}` references and extra trusted CAs, passed to every probe. */
  probeContext?: ProbeContext;
  /** A manual run of one check at most this often (default 10 s). */
  manualRunEveryMs?: number;
  /** A new check's first run falls at a random moment within this (or its interval, if shorter). */
  firstRunSpreadMs?: number;
  /** The longest the loop sleeps before it reads the clock again (default 1 s). */
  maxSleepMs?: number;
  /** Jitter source (tests pin it). */
  random?: () => number;
  /** Told of each result once it is committed (e.g. to push the console's live view). */
  onResult?: (integration: string, check: string, result: StoredCheckResult) => void;
}

/** A scheduled check; `dueAt` is when it next runs (or, for a heartbeat, is next judged). */
interface Entry extends Schedulable, HeartbeatWatch {
  key: string;
  check: CheckDefinition;
  running: Promise<StoredCheckResult | undefined> | undefined;
  consecutiveFailures: number;
  /** Why the check cannot run (e.g. an invalid cron expression); it stays off the queue. */
  broken: string | undefined;
}

export interface ScheduledState {
  nextRunAt: number | null;
  consecutiveFailures: number;
  running: boolean;
}

/** Guard beyond a probe's own timeout, for a probe that fails to stop itself. */
const GUARD_MS = 2_000;
/** Results waiting to be written beyond which probing waits for the store. */
const MAX_WRITE_BACKLOG = 5_000;
/** Checks whose stored state is read at once when the scheduler starts. */
const LOAD_BATCH = 50;

function keyOf(integration: string, name: string): string {
  return `${integration}\u0000${name}`;
}

function sameDefinition(a: CheckDefinition, b: CheckDefinition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Runs every active check of the catalogue on its interval (±10 % jitter, exponential back-off
 * while down, bounded concurrency), judges heartbeats late when their pings stop, and stores
 * every result (through the ResultWriter). The due times are kept by a DueQueue on one timer.
 * Catalogue reloads add, drop and reschedule checks.
 */
export class CheckScheduler {
  private readonly db: Kysely<Database>;
  private readonly catalogue: CatalogueSource;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly concurrency: number;
  private readonly probeContext: ProbeContext;
  private readonly firstRunSpreadMs: number;
  private readonly maxSleepMs: number;
  private readonly random: () => number;
  private readonly writer: ResultWriter;
  private readonly onResult: CheckSchedulerOptions['onResult'];

  private readonly entries = new Map<string, Entry>();
  private readonly queue: DueQueue<Entry>;
  private readonly ready: Entry[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly manualRuns: ManualRunLimit;
  private probesRunning = 0;
  private started = false;
  private stopped = false;
  private listening = false;

  /** Counters for the benchmark and diagnostics. */
  readonly stats = { probes: 0, heartbeatsLate: 0 };

  constructor(options: CheckSchedulerOptions) {
    this.db = options.db;
    this.catalogue = options.catalogue;
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    this.concurrency = Math.max(1, options.concurrency ?? 50);
    this.probeContext = { now: this.clock, ...options.probeContext };
    this.manualRuns = new ManualRunLimit(options.manualRunEveryMs ?? MANUAL_RUN_EVERY_MS);
    this.firstRunSpreadMs = options.firstRunSpreadMs ?? 10_000;
    this.maxSleepMs = options.maxSleepMs ?? 1_000;
    this.random = options.random ?? Math.random;
    this.writer = new ResultWriter(this.db, this.log);
    this.onResult = options.onResult;
    this.queue = new DueQueue<Entry>({ clock: this.clock, maxSleepMs: this.maxSleepMs, onWake: () => this.wake() });
  }

  /** Loads the catalogue's checks (with their stored state) and starts running them. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.listening) {
      this.listening = true;
      this.catalogue.onChange(() => {
        if (this.started && !this.stopped) this.sync();
      });
    }
    this.sync();
    this.queue.start();
  }

  /** Stops scheduling, waits for the probes in flight and writes their results. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.stop();
    this.ready.length = 0;
    await this.settle();
  }

  /** Runs whatever is due now and waits until it is done and stored (tests, with a hand-moved clock). */
  async tick(): Promise<void> {
    this.wake();
    await this.settle();
  }

  /** The number of checks scheduled. */
  get size(): number {
    return this.entries.size;
  }

  /** Next run and failure streak of one check, for the API. */
  state(integration: string, name: string): ScheduledState | undefined {
    const entry = this.entries.get(keyOf(integration, name));
    if (!entry) return undefined;
    return { nextRunAt: entry.dueAt ?? null, consecutiveFailures: entry.consecutiveFailures, running: entry.running !== undefined };
  }

  /**
   * "Check now": runs one active check at once (outside the concurrency bound) and answers its
   * stored result. At most once per check every 10 s, else CheckRateLimitedError; a run already
   * in flight is joined rather than doubled.
   */
  async runNow(integration: string, name: string): Promise<StoredCheckResult> {
    const check = findCheck(this.catalogue, integration, name);
    if (!check) throw new NotFoundError(`integration ${shown(integration)} has no check ${shown(name)} in the catalogue`);
    if (!isActive(check)) {
      throw new InputError(`check "${name}" is a heartbeat: it is pushed by its job (POST /api/v1/heartbeats/${integration}/${name}), not run`, 'not_runnable');
    }
    const key = keyOf(integration, name);
    this.manualRuns.claim(integration, name, key, this.clock());

    const entry = this.entries.get(key);
    if (entry?.running) {
      const result = await entry.running;
      await this.writer.flush();
      if (result) return result;
    }
    if (!entry) return this.execute(this.newEntry(check), true);
    this.queue.cancel(entry); // its queued run is superseded by this one
    return this.track(this.runEntry(entry, true));
  }

  /** A ping arrived (the route tells us): the heartbeat is fresh, its next deadline moves. */
  notePing(integration: string, name: string, ts: number, status: CheckStatus): void {
    const entry = this.entries.get(keyOf(integration, name));
    if (!entry || entry.check.type !== 'heartbeat') return;
    notePingAt(entry, ts);
    this.note(entry, status, undefined);
    if (this.started && !this.stopped && !entry.broken) this.judgeLater(entry);
  }

  // ---- catalogue --------------------------------------------------------------------------

  private sync(): void {
    const wanted = new Map<string, CheckDefinition>();
    for (const integration of this.catalogue.all()) {
      for (const check of integration.checks) wanted.set(keyOf(check.integration, check.name), check);
    }
    let added = 0;
    let removed = 0;
    let changed = 0;
    for (const [key, entry] of this.entries) {
      if (!wanted.has(key)) {
        this.entries.delete(key);
        this.queue.cancel(entry);
        removed++;
      }
    }
    const fresh: Entry[] = [];
    for (const [key, check] of wanted) {
      const entry = this.entries.get(key);
      if (!entry) {
        const created = this.newEntry(check);
        this.entries.set(key, created);
        fresh.push(created);
        added++;
      } else if (!sameDefinition(entry.check, check)) {
        this.redefine(entry, check);
        changed++;
      }
    }
    if (fresh.length > 0) this.track(this.load(fresh));
    if (added + removed + changed > 0) {
      this.log.info({ operation: 'checks.schedule', added, removed, changed, total: this.entries.size }, 'check schedule updated');
    }
  }

  private newEntry(check: CheckDefinition): Entry {
    return {
      key: keyOf(check.integration, check.name),
      check,
      dueAt: undefined,
      generation: 0,
      running: undefined,
      consecutiveFailures: 0,
      lastStatus: undefined,
      since: this.clock(),
      lastPingAt: undefined,
      reportedFor: undefined,
      broken: undefined,
    };
  }

  private redefine(entry: Entry, check: CheckDefinition): void {
    const before = entry.check;
    entry.check = check;
    entry.broken = undefined;
    if (entry.running) return; // it is re-queued from its new definition when the run ends
    if (check.type === 'heartbeat') {
      if (this.markIfBroken(entry)) return;
      this.enqueue(entry, this.clock());
      return;
    }
    // An active check keeps its place unless the new interval brings its next run closer.
    const soonest = this.clock() + withJitter(backoffDelay(check.intervalMs, entry.consecutiveFailures), this.random);
    if (before.type !== check.type || entry.dueAt === undefined || soonest < entry.dueAt) this.enqueue(entry, soonest);
  }

  /** Reads each new check's stored state, then queues it. */
  private async load(entries: Entry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += LOAD_BATCH) {
      await Promise.all(
        entries.slice(i, i + LOAD_BATCH).map(async (entry) => {
          try {
            await this.loadOne(entry);
          } catch (error) {
            this.log.error({ operation: 'checks.schedule', integration: entry.check.integration, check: entry.check.name, err: error }, 'reading the stored state of a check failed');
            if (entry.dueAt === undefined && this.entries.get(entry.key) === entry) this.enqueue(entry, this.clock() + this.firstRunDelay(entry.check));
          }
        }),
      );
    }
  }

  private async loadOne(entry: Entry): Promise<void> {
    const { integration, name } = entry.check;
    if (entry.check.type === 'heartbeat') {
      if (this.markIfBroken(entry)) return;
      const [ping, late, latest, run] = await Promise.all([
        latestHeartbeatRow(this.db, integration, name, 'ping'),
        latestHeartbeatRow(this.db, integration, name, 'late'),
        recentResults(this.db, integration, name, 1),
        latestRunAt(this.db, integration, entry.check.job),
      ]);
      notePingAt(entry, ping?.ts);
      notePingAt(entry, run);
      const expectedAt = late?.detail?.expected_at;
      if (typeof expectedAt === 'number') entry.reportedFor = expectedAt;
      entry.lastStatus ??= latest[0]?.status;
      if (this.entries.get(entry.key) !== entry || entry.dueAt !== undefined) return;
      // Judged at once: a deadline missed while Switchboard was down is reported now.
      this.enqueue(entry, this.clock());
      return;
    }
    const [latest] = await recentResults(this.db, integration, name, 1);
    if (latest) {
      entry.lastStatus ??= latest.status;
      if (latest.status === 'down') entry.consecutiveFailures = await consecutiveFailures(this.db, integration, name);
    }
    if (this.entries.get(entry.key) !== entry || entry.dueAt !== undefined || entry.running) return;
    const now = this.clock();
    // A check that ran recently (before a restart) keeps its rhythm; one that is overdue or new
    // runs at a random moment soon, so a restart does not fire every check at once.
    const resume = latest ? latest.ts + withJitter(backoffDelay(entry.check.intervalMs, entry.consecutiveFailures), this.random) : -Infinity;
    this.enqueue(entry, resume > now ? resume : now + this.firstRunDelay(entry.check));
  }

  private firstRunDelay(check: CheckDefinition): number {
    return Math.floor(this.random() * Math.min(check.intervalMs, this.firstRunSpreadMs));
  }

  private markIfBroken(entry: Entry): boolean {
    const check = entry.check as HeartbeatCheck;
    if (check.cron === undefined) return false;
    try {
      validateCron(check.cron);
      return false;
    } catch (error) {
      entry.broken = (error as Error).message;
      this.queue.cancel(entry);
      this.log.error({ operation: 'checks.schedule', integration: check.integration, check: check.name }, entry.broken);
      this.store(entry, { status: 'down', latency_ms: null, error: entry.broken, detail: { source: 'config' } }, this.clock(), false);
      return true;
    }
  }

  // ---- the loop ---------------------------------------------------------------------------

  private enqueue(entry: Entry, dueAt: number): void {
    this.queue.schedule(entry, dueAt);
  }

  private wake(): void {
    if (this.stopped) return;
    const now = this.clock();
    for (const entry of this.queue.takeDue(now)) {
      if (this.entries.get(entry.key) !== entry) continue;
      // Re-queued while it ran (a ping during a heartbeat's judgement): after it.
      if (entry.running) this.queue.schedule(entry, now + 50);
      else if (entry.check.type === 'heartbeat') this.track(this.judge(entry));
      else this.ready.push(entry);
    }
    this.pump();
    this.queue.arm();
  }

  private pump(): void {
    while (this.probesRunning < this.concurrency && this.ready.length > 0 && !this.stopped) {
      const entry = this.ready.shift()!;
      // Dropped from the catalogue, or run by hand (and re-queued) while it waited for a slot.
      if (this.entries.get(entry.key) !== entry || entry.running || entry.dueAt !== undefined) continue;
      this.probesRunning++;
      void this.track(
        this.runEntry(entry, false)
          .catch(() => undefined)
          .finally(() => {
            this.probesRunning--;
            this.pump();
          }),
      );
    }
  }

  /** One run of a queued or manually started check; re-queues it by its back-off afterwards. */
  private async runEntry(entry: Entry, urgent: boolean): Promise<StoredCheckResult> {
    const run = this.execute(entry, urgent);
    entry.running = run;
    try {
      return await run;
    } finally {
      entry.running = undefined;
      if (!this.stopped && this.started && this.entries.get(entry.key) === entry && entry.dueAt === undefined) {
        const delay = backoffDelay(entry.check.intervalMs, entry.consecutiveFailures);
        this.enqueue(entry, this.clock() + withJitter(delay, this.random));
      }
    }
  }

  private async execute(entry: Entry, urgent: boolean): Promise<StoredCheckResult> {
    const check = entry.check as ActiveCheck;
    const result = await this.guarded(check);
    this.stats.probes++;
    const ts = this.clock();
    this.note(entry, result.status, result.error);
    const written = this.store(entry, result, ts, urgent);
    // A manual run answers only once its result is committed; a scheduled one waits only when
    // the store has fallen behind, so a slow disk slows probing instead of filling memory.
    if (urgent) await written.committed;
    else if (this.writer.pending > MAX_WRITE_BACKLOG) await written.committed.catch(() => undefined);
    return written.stored;
  }

  private guarded(check: ActiveCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 'down', latency_ms: check.timeoutMs + GUARD_MS, error: `the probe did not stop at its ${check.timeoutMs} ms timeout` }),
        check.timeoutMs + GUARD_MS,
      );
    });
    return Promise.race([probe(check, this.probeContext), guard]).finally(() => clearTimeout(timer));
  }

  private store(
    entry: Entry,
    result: Omit<CheckResult, 'latency_ms'> & { latency_ms: number | null },
    ts: number,
    urgent: boolean,
  ): { stored: StoredCheckResult; committed: Promise<void> } {
    const row = resultRow(entry.check, ts, result);
    const stored = storedOf(row);
    const committed = this.writer.write(row, urgent);
    if (this.onResult) {
      const { integration, name } = entry.check;
      committed.then(
        () => this.onResult?.(integration, name, stored),
        () => undefined,
      );
    }
    if (!urgent) committed.catch(() => undefined); // logged by the writer
    return { stored, committed };
  }

  /** Keeps the failure streak and logs changes of state (not every result). */
  private note(entry: Entry, status: CheckStatus, error: string | undefined): void {
    entry.consecutiveFailures = status === 'down' ? entry.consecutiveFailures + 1 : 0;
    const previous = entry.lastStatus;
    entry.lastStatus = status;
    if (previous === status) return;
    const fields = { operation: 'checks.result', integration: entry.check.integration, check: entry.check.name, status, previous: previous ?? null, ...(error ? { error } : {}) };
    if (status === 'up') this.log.info(fields, previous === undefined ? 'check is up' : `check recovered (was ${previous})`);
    else this.log.warn(fields, `check is ${status}${error ? `: ${error}` : ''}`);
  }

  // ---- heartbeats -------------------------------------------------------------------------

  /** Re-queues a heartbeat at its next deadline, as of what is known now. */
  private judgeLater(entry: Entry): void {
    const check = entry.check as HeartbeatCheck;
    try {
      const verdict = heartbeatLateness(check, { now: this.clock(), lastPingAt: entry.lastPingAt, since: entry.since, reportedFor: entry.reportedFor });
      this.enqueue(entry, verdict.late ? this.clock() : verdict.nextCheckAt);
    } catch (error) {
      if (!(error instanceof InvalidCronError)) throw error;
      this.markIfBroken(entry);
    }
  }

  private async judge(entry: Entry): Promise<StoredCheckResult | undefined> {
    const check = entry.check as HeartbeatCheck;
    const run = (async () => {
      const [ping, ran] = await Promise.all([
        latestHeartbeatRow(this.db, check.integration, check.name, 'ping'),
        latestRunAt(this.db, check.integration, check.job),
      ]);
      const now = this.clock();
      const judgement = judgeHeartbeat(check, entry, { ...(ping ? { ping: ping.ts } : {}), ...(ran !== undefined ? { run: ran } : {}) }, now);
      let stored: StoredCheckResult | undefined;
      if (judgement.recoveredByRun !== undefined) {
        this.note(entry, 'up', undefined);
        stored = this.store(entry, { status: 'up', latency_ms: null, detail: { source: 'run', last_run: judgement.recoveredByRun } }, now, false).stored;
      }
      const { late } = judgement;
      if (late) {
        this.stats.heartbeatsLate++;
        this.note(entry, 'down', late.message);
        const detail = { source: 'late', expected_at: late.expectedAt, last_ping: late.lastPing };
        stored = this.store(entry, { status: 'down', latency_ms: null, error: late.message, detail }, now, false).stored;
      }
      if (!this.stopped && this.entries.get(entry.key) === entry && entry.dueAt === undefined) this.enqueue(entry, judgement.nextAt);
      return stored;
    })();
    entry.running = run;
    try {
      return await run;
    } catch (error) {
      this.log.error({ operation: 'checks.heartbeat', integration: check.integration, check: check.name, err: error }, 'judging a heartbeat failed; trying again shortly');
      if (!this.stopped && this.entries.get(entry.key) === entry && entry.dueAt === undefined) this.enqueue(entry, this.clock() + this.maxSleepMs * 10);
      return undefined;
    } finally {
      entry.running = undefined;
    }
  }

  // ---- bookkeeping ------------------------------------------------------------------------

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Waits until nothing runs, then until every result is written. */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.writer.flush();
  }
}
