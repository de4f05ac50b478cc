import type { Kysely } from 'kysely';
import { redactText } from '../../ingest/redact.js';
import type { Database } from '../../store/schema.js';
import { readConfined, type IntegrationFilter } from '../../store/in-list.js';
import type { Channel, NotificationContext, NotificationKind } from '../types.js';
import { ChannelError } from './errors.js';

/**
 * The durable outbox. A notification is a `notifications` row written in the same transaction as
 * the alert change that caused it, and delivered by a Dispatcher in named stages, after
 * Alertmanager's notify pipeline:
 *
 *   claim   — a conditional UPDATE takes a due row (status pending, or a `sending` row whose lease
 *             ran out) and moves it to `sending` with a lease (next_attempt_at = now + lease) and
 *             attempts + 1; the WHERE on the attempts it read makes the claim exclusive, so
 *             dispatchers of several instances on one PostgreSQL never send a row twice;
 *   send    — the channel delivers, or throws a ChannelError saying whether a retry can help;
 *   record  — `delivered` (delivered_at), or back to `pending` with next_attempt_at pushed out by
 *             exponential backoff with jitter, or `dead` with last_error after the last attempt or
 *             a non-retryable failure. Every record is guarded by the claim's attempts, so a
 *             dispatcher that outlived its lease cannot overwrite a newer claim.
 *
 * A dispatcher that dies after its claim loses nothing: the lease expires and the row is due again.
 * Statuses: pending → sending → delivered | pending (retry) | dead.
 */
export type NotificationStatus = 'pending' | 'sending' | 'delivered' | 'dead';

export interface EnqueueRequest {
  alertId: number;
  /** Channel names, as routeAlert returns them; duplicates are stored once. */
  channels: string[];
  context: NotificationContext;
  now: number;
}

/**
 * Stores one pending notification per channel. Pass the transaction that changes the alert, so
 * the notification exists exactly when the change does. Returns the new rows' ids.
 */
export async function enqueueNotifications(db: Kysely<Database>, request: EnqueueRequest): Promise<number[]> {
  const channels = [...new Set(request.channels)];
  if (channels.length === 0) return [];
  const payload = JSON.stringify(request.context);
  const rows = await db
    .insertInto('notifications')
    .values(
      channels.map((channel) => ({
        alert_id: request.alertId,
        channel,
        kind: request.context.kind,
        payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: request.now,
        last_error: null,
        created_at: request.now,
        delivered_at: null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

/** One delivery as the API shows it (no payload). */
export interface Delivery {
  id: number;
  alertId: number;
  channel: string;
  kind: NotificationKind;
  status: NotificationStatus;
  attempts: number;
  /** pending: when the next try is due; sending: when the lease runs out. */
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

interface DeliveryRow {
  id: number;
  alert_id: number;
  channel: string;
  kind: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

function toDelivery(row: DeliveryRow): Delivery {
  const status = row.status as NotificationStatus;
  return {
    id: Number(row.id),
    alertId: Number(row.alert_id),
    channel: row.channel,
    kind: row.kind as NotificationKind,
    status,
    attempts: Number(row.attempts),
    nextAttemptAt: status === 'pending' || status === 'sending' ? Number(row.next_attempt_at) : null,
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  };
}

const DELIVERY_COLUMNS = ['id', 'alert_id', 'channel', 'kind', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'delivered_at'] as const;

/** The deliveries of one alert, oldest first. */
export async function listDeliveries(db: Kysely<Database>, alertId: number, limit = 500): Promise<Delivery[]> {
  // The newest `limit`, oldest first: an alert that flapped for a month has thousands.
  const rows = await db.selectFrom('notifications').select(DELIVERY_COLUMNS).where('alert_id', '=', alertId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map(toDelivery);
}

/** Dead-lettered notifications (of the alerts of `integrations`, when given), newest first, for an operator's view. */
export async function listDeadNotifications(db: Kysely<Database>, limit = 100, integrations?: IntegrationFilter, before?: readonly [createdAt: number, id: number]): Promise<Delivery[]> {
  const rows = await readConfined(integrations, (chunk) => {
    let query = db.selectFrom('notifications').select(DELIVERY_COLUMNS).where('status', '=', 'dead');
    if (chunk) query = query.where('alert_id', 'in', db.selectFrom('alerts').select('id').where('integration', 'in', chunk));
    if (before) {
      const [createdAt, id] = before;
      query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
    }
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  });
  return rows
    .map(toDelivery)
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .slice(0, limit);
}

/** The integration whose alert a notification is about (undefined for no such notification). */
export async function integrationOfNotification(db: Kysely<Database>, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('notifications')
    .innerJoin('alerts', 'alerts.id', 'notifications.alert_id')
    .select('alerts.integration')
    .where('notifications.id', '=', id)
    .executeTakeFirst();
  return row?.integration;
}

/** Sends a dead notification again from a fresh start (an operator's "retry"). True if it was dead. */
export async function requeueNotification(db: Kysely<Database>, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** ± this fraction of the delay, at random (default 0.2). */
  jitter?: number;
  random?: () => number;
}

/** base × 2^(attempt−1), jittered, capped: 5 s, 10 s, 20 s … 10 min by default. */
export function exponentialBackoff(options: BackoffOptions = {}): (attempt: number) => number {
  const base = options.baseMs ?? 5_000;
  const max = options.maxMs ?? 600_000;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  return (attempt) => {
    const delay = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
    return Math.round(Math.min(max, delay * (1 - jitter + 2 * jitter * random())));
  };
}

export interface DispatchLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface DispatcherOptions {
  db: Kysely<Database>;
  /** Channels by name; a function is read on every run, so a config reload takes effect. */
  channels: Map<string, Channel> | (() => Map<string, Channel>);
  log?: DispatchLogger;
  clock?: () => number;
  /** Attempts before a notification is dead-lettered (default 8). */
  maxAttempts?: number;
  /** Delay before the next try after `attempt` failed tries (default exponentialBackoff()). */
  backoff?: (attempt: number) => number;
  /** How long a claim holds a row; must exceed the slowest channel's timeout (default 60 s). */
  leaseMs?: number;
  /** Rows claimed per round (default 50). */
  batchSize?: number;
  /** Sends in flight at once (default 8). */
  concurrency?: number;
}

/** A row this dispatcher holds the lease of. */
export interface ClaimedNotification {
  id: number;
  alertId: number;
  channel: string;
  kind: string;
  payload: string;
  /** Including this one. */
  attempt: number;
  leaseUntil: number;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'lost-lease';

export interface DispatchSummary {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

const MAX_ERROR_LENGTH = 1_000;

const silent: DispatchLogger = { info() {}, warn() {}, error() {}, debug() {} };

export class Dispatcher {
  private readonly db: Kysely<Database>;
  private readonly channels: () => Map<string, Channel>;
  private readonly log: DispatchLogger;
  private readonly clock: () => number;
  private readonly maxAttempts: number;
  private readonly backoff: (attempt: number) => number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private current: Promise<DispatchSummary> | null = null;
  /** Rows the last claim found due, claimed or not: a full batch means there may be more. */
  private lastDue = 0;
  private again = false;

  constructor(options: DispatcherOptions) {
    this.db = options.db;
    const channels = options.channels;
    this.channels = typeof channels === 'function' ? channels : () => channels;
    this.log = options.log ?? silent;
    this.clock = options.clock ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = options.backoff ?? exponentialBackoff();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 8;
  }

  /**
   * For the JobRunner (and for the alerting core right after it enqueued): delivers everything
   * due, round after round. A call while a run is going makes that run go round once more.
   */
  run(): Promise<DispatchSummary> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      const total: DispatchSummary = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
      let rounds = 0;
      do {
        this.again = false;
        const summary = await this.runOnce();
        total.claimed += summary.claimed;
        total.delivered += summary.delivered;
        total.retried += summary.retried;
        total.dead += summary.dead;
        // Judge "more to do" by what was due, not by what we won: a competing dispatcher may have
        // taken part of a full batch, and the rest of the backlog must not wait for the next run.
        if (this.lastDue >= this.batchSize) this.again = true;
        rounds += 1;
      } while (this.again && rounds < 100);
      return total;
    })().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** One round: claim what is due (up to batchSize), send, record. */
  async runOnce(): Promise<DispatchSummary> {
    const claimed = await this.claim();
    const summary: DispatchSummary = { claimed: claimed.length, delivered: 0, retried: 0, dead: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < claimed.length) {
        const notification = claimed[next++]!;
        const outcome = await this.deliver(notification);
        if (outcome === 'delivered') summary.delivered += 1;
        else if (outcome === 'retry') summary.retried += 1;
        else if (outcome === 'dead') summary.dead += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, worker));
    return summary;
  }

  /** Stage 1: take the lease of due rows. Exposed so tests can stop a dispatcher right here. */
  async claim(): Promise<ClaimedNotification[]> {
    const now = this.clock();
    const due = await this.db
      .selectFrom('notifications')
      .select(['id', 'alert_id', 'channel', 'kind', 'payload', 'attempts'])
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(this.batchSize)
      .execute();
    this.lastDue = due.length;
    const claimed: ClaimedNotification[] = [];
    for (const row of due) {
      const attempts = Number(row.attempts);
      const leaseUntil = now + this.leaseMs;
      const result = await this.db
        .updateTable('notifications')
        .set({ status: 'sending', attempts: attempts + 1, next_attempt_at: leaseUntil })
        .where('id', '=', row.id)
        .where('attempts', '=', attempts)
        .where('status', 'in', ['pending', 'sending'])
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) continue; // another dispatcher took it
      claimed.push({ id: Number(row.id), alertId: Number(row.alert_id), channel: row.channel, kind: row.kind, payload: row.payload, attempt: attempts + 1, leaseUntil });
    }
    return claimed;
  }

  /** Stages 2 and 3 for one claimed row: send through its channel, record the outcome. */
  async deliver(notification: ClaimedNotification): Promise<DeliveryOutcome> {
    const where = { notification: notification.id, alert: notification.alertId, channel: notification.channel, attempt: notification.attempt };
    const channel = this.channels().get(notification.channel);
    let failure: { message: string; retryable: boolean; retryAfterMs: number | null } | null = null;
    if (channel === undefined) {
      failure = { message: `no channel named "${notification.channel}" is configured`, retryable: false, retryAfterMs: null };
    } else {
      let context: NotificationContext | null = null;
      try {
        context = JSON.parse(notification.payload) as NotificationContext;
      } catch {
        failure = { message: 'the stored payload is not valid JSON', retryable: false, retryAfterMs: null };
      }
      if (context !== null) {
        try {
          await channel.send(context);
        } catch (error) {
          if (error instanceof ChannelError) failure = { message: error.message, retryable: error.retryable, retryAfterMs: error.retryAfterMs };
          else failure = { message: `${channel.type} channel "${channel.name}": ${redactText(String((error as Error)?.message ?? error))}`, retryable: true, retryAfterMs: null };
        }
      }
    }

    const now = this.clock();
    const mine = this.db
      .updateTable('notifications')
      .where('id', '=', notification.id)
      .where('attempts', '=', notification.attempt)
      .where('status', '=', 'sending');

    if (failure === null) {
      const result = await mine.set({ status: 'delivered', delivered_at: now }).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        this.log.warn(where, 'notification delivered after its lease ran out; another dispatcher may send it again');
        return 'lost-lease';
      }
      this.log.info(where, 'notification delivered');
      return 'delivered';
    }

    const error = `attempt ${notification.attempt}/${this.maxAttempts}: ${failure.message}`.slice(0, MAX_ERROR_LENGTH);
    if (failure.retryable && notification.attempt < this.maxAttempts) {
      const delay = Math.max(this.backoff(notification.attempt), failure.retryAfterMs ?? 0);
      const result = await mine.set({ status: 'pending', next_attempt_at: now + delay, last_error: error }).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return 'lost-lease';
      this.log.warn({ ...where, error, retryInMs: delay }, 'notification failed; will retry');
      return 'retry';
    }
    const result = await mine.set({ status: 'dead', last_error: error }).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return 'lost-lease';
    this.log.error({ ...where, error }, failure.retryable ? 'notification dead-lettered after its last attempt' : 'notification dead-lettered: the receiver refused it');
    return 'dead';
  }
}
