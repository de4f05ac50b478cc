/**
 * The Switchboard client: records go into a bounded in-memory queue and leave it in batches (by
 * count, by bytes, or after flushIntervalMs), one request at a time, retried with backoff while
 * the server cannot take them. Nothing here throws into the caller or blocks it, and no timer of
 * its own keeps a process alive.
 */
import { backoffDelay } from './backoff.js';
import { instrumentFetch, originalFetch, type InstrumentedFetch, type InstrumentFetchOptions } from './instrument-fetch.js';
import { resolveOptions, type ClientOptions, type Settings } from './options.js';
import { prepareLog, prepareRecord, type Prepared } from './prepare.js';
import { RecordQueue, type Entry } from './queue.js';
import type { CallInput, EventInput, GaugeInput, LogInput, RecordInput, RecordKind, RunInput, WireLog, WireRecord } from './records.js';
import type { ClientStats, DeliveryError, DropReason, DropReport } from './reports.js';
import { backgroundTimer, callHook, processEvents, type Timer } from './runtime.js';
import { postBatch, type Answer, type IngestTarget } from './transport.js';

interface FlushWaiter {
  /** Resolved once every record up to this one is settled. */
  seq: number;
  resolve: (settled: boolean) => void;
  timer: Timer;
}

interface Pause {
  end: () => void;
  /** The server asked for this wait (Retry-After): a flush does not cut it short. */
  mandated: boolean;
}

export class SwitchboardClient {
  private readonly settings: Settings;
  private readonly target: IngestTarget;
  private readonly queue = new RecordQueue();
  private inFlight: Entry[] = [];
  private nextSeq = 1;
  /** Records up to this seq are due: their interval passed, or a flush or close asked for them. */
  private dueThrough = 0;
  private intervalTimer: Timer | undefined;
  private sending: Promise<void> | undefined;
  private pause: Pause | undefined;
  private failures = 0;
  private waiters: FlushWaiter[] = [];
  private readonly counts = { sent: 0, rejected: 0, dropped: 0, retried: 0 };
  private readonly closeSignal = new AbortController();
  /** Why records are refused on arrival: the client is closed, or was never usable. */
  private refusing: string | undefined;
  private closing: Promise<boolean> | undefined;
  private inDropHook = false;
  private readonly exitHooks: { beforeExit: () => void; exit: () => void } | undefined;
  /** Log lines go to their own route through a client of their own, made at the first log(). */
  private logs: SwitchboardClient | undefined;

  constructor(
    private readonly options: ClientOptions,
    /** Internal: which route this client posts to. */
    private readonly stream: 'records' | 'logs' = 'records',
  ) {
    const { settings, problems, unusable } = resolveOptions(options);
    this.settings = settings;
    this.target = {
      // Never post through a fetch this client instruments: each post would record a call to post.
      fetch: originalFetch(settings.fetch) as typeof fetch,
      url: stream === 'logs' ? settings.logsUrl : settings.ingestUrl,
      key: settings.key,
      timeoutMs: settings.requestTimeoutMs,
    };
    for (const message of problems) this.reportError({ type: 'config', message, records: 0, retrying: false, attempt: 0 });
    if (unusable) {
      this.refusing = `the client cannot send: ${unusable}`;
      this.reportError({ type: 'config', message: this.refusing, records: 0, retrying: false, attempt: 0 });
      return;
    }
    const events = settings.flushOnExit ? processEvents() : undefined;
    if (events) {
      this.exitHooks = {
        beforeExit: () => void this.close(this.settings.exitTimeoutMs),
        exit: () => this.dropEverything('the process exited before they were delivered'),
      };
      events.on('beforeExit', this.exitHooks.beforeExit);
      events.on('exit', this.exitHooks.exit);
    }
  }

  /** A call to or from a partner. */
  call(record: CallInput): void {
    this.enqueue('call', record);
  }

  /** A finished job run (a feed import, a sync). */
  run(record: RunInput): void {
    this.enqueue('run', record);
  }

  /** A business event, e.g. "order.received" or "label.created". */
  event(record: EventInput): void {
    this.enqueue('event', record);
  }

  /** A sampled value, e.g. a queue depth. */
  gauge(record: GaugeInput): void {
    this.enqueue('gauge', record);
  }

  /**
   * A structured log line of an integration (POST /api/v1/logs), batched, retried and bounded as
   * records are, in a buffer of its own.
   */
  log(line: LogInput): void {
    const prepare = (client: SwitchboardClient) => () => prepareLog(line, client.settings.defaults, Date.now(), client.settings.maxBatchBytes - 2);
    // A closed client drops it as closed, as it does records.
    if (this.refusing) return this.enqueue('log', line, prepare(this));
    this.logs ??= new SwitchboardClient(this.options, 'logs');
    this.logs.enqueue('log', line, prepare(this.logs));
  }

  /** A fetch that records every request it makes as a call of `options.integration`. */
  instrumentFetch(fetchImpl: typeof fetch, options: InstrumentFetchOptions): InstrumentedFetch {
    return instrumentFetch((call) => this.call(call), fetchImpl, options);
  }

  get stats(): ClientStats {
    const own = { buffered: this.queue.length + this.inFlight.length, ...this.counts };
    if (!this.logs) return own;
    const logs = this.logs.stats;
    return Object.fromEntries(Object.entries(own).map(([name, value]) => [name, value + logs[name as keyof ClientStats]])) as unknown as ClientStats;
  }

  /**
   * Sends everything recorded so far. Resolves true once all of it is settled (stored, or reported
   * as dropped), false if the timeout came first; the records stay buffered then. Never rejects.
   */
  flush(timeoutMs: number = this.settings.flushTimeoutMs): Promise<boolean> {
    return this.logs ? both(this.flushOwn(timeoutMs), this.logs.flush(timeoutMs)) : this.flushOwn(timeoutMs);
  }

  private flushOwn(timeoutMs: number): Promise<boolean> {
    const seq = this.nextSeq - 1;
    if (this.settledThrough() >= seq) return Promise.resolve(true);
    return new Promise((resolve) => {
      // Not a background timer: whoever awaits a flush expects the process to wait for its answer.
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== resolve);
        resolve(false);
      }, Math.max(0, timeoutMs));
      this.waiters.push({ seq, resolve, timer });
      this.dueThrough = Math.max(this.dueThrough, seq);
      if (this.pause && !this.pause.mandated) this.pause.end();
      this.startSending();
    });
  }

  /**
   * Stops taking records (later ones are dropped as "closed"), flushes with a deadline, then drops
   * and reports what is still undelivered. Resolves as flush() does; never rejects.
   */
  close(timeoutMs: number = this.settings.flushTimeoutMs): Promise<boolean> {
    this.closing ??= this.logs ? both(this.shutDown(timeoutMs), this.logs.close(timeoutMs)) : this.shutDown(timeoutMs);
    return this.closing;
  }

  private async shutDown(timeoutMs: number): Promise<boolean> {
    const events = processEvents();
    if (this.exitHooks) events?.removeListener('beforeExit', this.exitHooks.beforeExit);
    const usable = this.refusing === undefined;
    this.refusing ??= 'the client is closed';
    const flushed = usable ? await this.flushOwn(timeoutMs) : true;
    this.closeSignal.abort(new Error('the client closed before the server answered'));
    this.pause?.end();
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    await this.sending;
    this.dropEverything('the client closed before they were delivered');
    if (this.exitHooks) events?.removeListener('exit', this.exitHooks.exit);
    return flushed;
  }

  private enqueue<K extends RecordKind | 'log'>(
    kind: K,
    input: K extends RecordKind ? RecordInput<K> : LogInput,
    prepare: () => Prepared = () => prepareRecord(kind as RecordKind, input, this.settings.defaults, Date.now(), this.settings.maxBatchBytes - 2),
  ): void {
    try {
      const prepared = prepare();
      if (!prepared.ok) {
        this.counts.dropped++;
        this.dispatchDrop(() => ({ reason: 'invalid', error: prepared.error, count: 1, kind, input }));
        return;
      }
      const entry: Entry = { seq: this.nextSeq++, json: prepared.json, bytes: prepared.bytes };
      if (this.refusing) {
        this.drop('closed', this.refusing, [entry]);
        return;
      }
      this.queue.push(entry);
      this.enforceCap();
      this.schedule();
    } catch (error) {
      // Only a bug of ours lands here; the record is lost, the caller is not.
      this.counts.dropped++;
      this.dispatchDrop(() => ({ reason: 'invalid', error: `the client failed: ${String(error)}`, count: 1, kind, input }));
    }
  }

  /**
   * Drops the oldest waiting records while more than maxBufferedRecords are held. When a request
   * holds all the rest, that is the record just added.
   */
  private enforceCap(): void {
    const excess = this.queue.length + this.inFlight.length - this.settings.maxBufferedRecords;
    if (excess <= 0) return;
    const dropped: Entry[] = [];
    while (dropped.length < excess && this.queue.length > 0) dropped.push(this.queue.shift()!);
    this.drop('overflow', `the buffer is full (${this.settings.maxBufferedRecords} records): the oldest are dropped`, dropped);
  }

  private batchReady(): boolean {
    const waiting = this.queue.length;
    return waiting >= this.settings.maxBatchRecords || this.queue.bytes + waiting + 1 >= this.settings.maxBatchBytes;
  }

  private due(): boolean {
    const oldest = this.queue.oldest;
    return oldest !== undefined && (oldest.seq <= this.dueThrough || this.batchReady());
  }

  /** Starts a send when a batch is ready, else makes sure a timer will. */
  private schedule(): void {
    if (this.sending || this.refusing) return;
    if (this.due()) {
      this.startSending();
    } else if (!this.intervalTimer && this.queue.length > 0) {
      this.intervalTimer = backgroundTimer(() => {
        this.intervalTimer = undefined;
        this.dueThrough = Math.max(this.dueThrough, this.nextSeq - 1);
        this.startSending();
      }, this.settings.flushIntervalMs);
    }
  }

  private startSending(): void {
    if (this.sending || !this.due()) return;
    if (this.intervalTimer) {
      clearTimeout(this.intervalTimer);
      this.intervalTimer = undefined;
    }
    // Started from a microtask: whoever called call() or flush() gets control back first.
    this.sending = Promise.resolve()
      .then(() => this.sendWhileDue())
      .catch(() => undefined)
      .finally(() => {
        this.sending = undefined;
        this.schedule();
      });
  }

  private async sendWhileDue(): Promise<void> {
    while (!this.closeSignal.signal.aborted && this.due()) {
      const batch = this.queue.take(this.settings.maxBatchRecords, this.settings.maxBatchBytes);
      this.inFlight = batch;
      if (this.failures > 0) this.counts.retried++;
      const answer = await postBatch(this.target, `[${batch.map((entry) => entry.json).join(',')}]`, batch.length, this.closeSignal.signal);
      this.inFlight = [];
      if (answer.type === 'retry') {
        if (this.closeSignal.signal.aborted) {
          this.drop('closed', 'the client closed before the server answered; they may or may not have been stored', batch);
          return;
        }
        this.queue.putBack(batch);
        this.failures++;
        const waitMs = answer.retryAfterMs ?? backoffDelay(this.failures, this.settings.initialBackoffMs, this.settings.maxBackoffMs);
        this.reportFailure(answer, batch.length, waitMs);
        await this.wait(waitMs, answer.retryAfterMs !== undefined);
        continue;
      }
      const attempt = this.failures + 1;
      this.failures = 0;
      this.settle(answer, batch, attempt);
    }
  }

  private settle(answer: Exclude<Answer, { type: 'retry' }>, batch: Entry[], attempt: number): void {
    if (answer.type === 'refused') {
      this.reportError({ type: 'http', status: answer.status, message: answer.message, records: batch.length, retrying: false, attempt });
      this.counts.rejected += batch.length;
      this.report('failed', answer.message, batch, answer.status);
    } else {
      this.counts.sent += answer.accepted;
      for (const rejection of answer.rejected) {
        const entry = batch[rejection.index];
        this.counts.rejected++;
        if (entry) this.report('rejected', rejection.error, [entry]);
      }
    }
    this.resolveWaiters();
  }

  private reportFailure(answer: Extract<Answer, { type: 'retry' }>, records: number, waitMs: number): void {
    this.reportError({
      type: answer.status === undefined ? 'network' : 'http',
      ...(answer.status === undefined ? {} : { status: answer.status }),
      message: answer.message,
      records,
      retrying: true,
      retryInMs: waitMs,
      attempt: this.failures,
    });
  }

  private wait(ms: number, mandated: boolean): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        if (this.pause === pause) this.pause = undefined;
        resolve();
      };
      const timer = backgroundTimer(end, ms);
      const pause: Pause = { end, mandated };
      this.pause = pause;
    });
  }

  /** Every seq up to the returned one is settled: stored, or reported as not to be. */
  private settledThrough(): number {
    const oldest = this.inFlight[0] ?? this.queue.oldest;
    return oldest ? oldest.seq - 1 : this.nextSeq - 1;
  }

  private resolveWaiters(): void {
    if (this.waiters.length === 0) return;
    const settled = this.settledThrough();
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.seq > settled) return true;
      clearTimeout(waiter.timer);
      waiter.resolve(true);
      return false;
    });
  }

  private drop(reason: Exclude<DropReason, 'invalid' | 'rejected' | 'failed'>, error: string, entries: Entry[]): void {
    this.counts.dropped += entries.length;
    this.report(reason, error, entries);
    this.resolveWaiters();
  }

  /** Drops whatever is held, synchronously (also from the process's exit event). */
  private dropEverything(error: string): void {
    const held = [...this.inFlight, ...this.queue.drain()];
    this.inFlight = [];
    this.refusing ??= 'the client is closed';
    if (held.length > 0) this.drop('closed', error, held);
  }

  private report(reason: Exclude<DropReason, 'invalid'>, error: string, entries: Entry[], status?: number): void {
    if (entries.length === 0) return;
    this.dispatchDrop(() => ({
      reason,
      error,
      count: entries.length,
      ...(this.stream === 'logs'
        ? { records: [], lines: entries.map((entry) => JSON.parse(entry.json) as WireLog) }
        : { records: entries.map((entry) => JSON.parse(entry.json) as WireRecord) }),
      ...(status === undefined ? {} : { status }),
    }));
  }

  /**
   * Tells onDrop, built only when someone listens. Drops caused by records the hook itself gives
   * the client are counted but not reported: a hook that records its drops into a full client
   * would otherwise feed itself forever.
   */
  private dispatchDrop(build: () => DropReport): void {
    if (!this.settings.onDrop || this.inDropHook) return;
    this.inDropHook = true;
    try {
      callHook(this.settings.onDrop, build());
    } finally {
      this.inDropHook = false;
    }
  }

  private reportError(error: DeliveryError): void {
    callHook(this.settings.onError, error);
  }
}

/** Whether both settled in time. */
async function both(a: Promise<boolean>, b: Promise<boolean>): Promise<boolean> {
  const [first, second] = await Promise.all([a, b]);
  return first && second;
}

/** A client for one Switchboard server; see ClientOptions for the defaults. */
export function createClient(options: ClientOptions): SwitchboardClient {
  return new SwitchboardClient(options);
}
