/**
 * The vocabulary of alerting, shared by rules and evaluation (src/alerting/rules, evaluate,
 * lifecycle) and delivery (src/alerting/notify).
 */
export type Severity = 'critical' | 'warning' | 'info';
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';
export type NotificationKind = 'firing' | 'repeat' | 'resolved';

/** An error type of an integration's logs (docs/logs.md, "Error groups"), as an alert names it. */
export interface LogErrorType {
  fingerprint: string;
  pattern: string;
  /** Its latest line. */
  sample: string;
}

/** Everything a notification says, built once per alert change and stored in the outbox. */
export interface NotificationContext {
  kind: NotificationKind;
  alert: {
    id: number;
    fingerprint: string;
    rule: string;
    /** The rule's kind, e.g. error_rate, latency, freshness. */
    ruleKind: string;
    state: AlertState;
    severity: Severity;
    labels: Record<string, string>;
    /** What crossed what, in words: "5xx share 12.4 % over 5 % for 6 min". */
    summary: string;
    value: number | null;
    threshold: number | null;
    /** The window the value was measured over. */
    windowMs: number;
    startedAt: number;
    /** Set on resolution. */
    resolvedAt: number | null;
    /** Set on resolution: how long it lasted. */
    durationMs: number | null;
    /** The person on-call assigned it to, when someone did (absent from older notifications). */
    assignee?: string | null;
  };
  integration: {
    id: string;
    title: string;
    partner: string | null;
    owner: string | null;
    /** "Dana Okafor, dana@example.com, +31 …" — the first escalation contact, if any. */
    escalation: string | null;
  };
  /** The last buckets of the measured value, oldest first, and the same as a compact sparkline. */
  /** `times`: when each value was measured (ms), oldest first; absent from older notifications. */
  trend: { stepMs: number; values: Array<number | null>; sparkline: string; times?: number[] };
  links: {
    /** The console, filtered to the integration and window. */
    console: string;
    runbook: string | null;
    /**
     * The alert's console page, where on-call acknowledges it (a page, not a one-click GET: link
     * previews and mail scanners follow links). Absent on resolution and in older notifications.
     */
    acknowledge?: string;
  };
  /** The runbook's first triage steps, as plain lines. */
  firstSteps: string[];
  /** What the failure means in plain words, the next step, and the recovery action that fits (docs/recovery.md). Absent in older notifications. */
  advice?: { message: string; next: string; action: string | null; runbook: string | null } | null;
  /** What recovery actions did while the alert fired (docs/recovery.md); absent when none could have run and in older notifications. */
  recovery?: RecoveryNotice | null;
  /** A few recent failures (status, error, correlation ids). */
  samples: Array<{ ts: number; operation: string | null; status: number | null; error: string | null; correlation_id: string | null; order_id: string | null }>;
  /** log_errors: the error type the summary names (absent for other kinds, on resolution, and in older notifications). */
  errorType?: LogErrorType;
  /** Other alerts of the same integration sent in the same notification (grouping). */
  grouped: Array<{ rule: string; summary: string; severity: Severity }>;
}

/** One run of a recovery action, as a notification tells it. */
export interface RecoveryNoticeRun {
  action: string;
  trigger: 'manual' | 'automatic';
  actor: string;
  attempt: number;
  /** When it started (ms). */
  at: number;
  ms: number;
  outcome: string;
  status: number | null;
  error: string | null;
}

/** The recovery part of a notification: the runs since the alert fired and what followed them. */
export interface RecoveryNotice {
  /** The latest runs of the integration's actions since the alert fired, oldest first (at most five). */
  runs: RecoveryNoticeRun[];
  /** How many runs there were in all (more than `runs` holds when it was cut to five). */
  total: number;
  /**
   * After the last run that acted: when the failures the alert judges stopped (the last failed
   * call of its classes, or the run's end when none came after it). Null without such a run, and
   * while firing until a minute has passed without a failure.
   */
  failuresStoppedAt: number | null;
  /** Set on the update an automatic attempt sends: when the next attempt is due, or null when none will follow. */
  nextAttemptAt?: number | null;
  /** True on the update sent because an automatic attempt finished (it goes out as a `repeat`). */
  update?: boolean;
}

/** One way to reach people: Slack, a webhook, e-mail, PagerDuty, an Alertmanager. */
export interface Channel {
  name: string;
  type: 'slack' | 'webhook' | 'email' | 'pagerduty' | 'alertmanager';
  /** Delivers or throws a ChannelError saying why (and whether trying again can help). */
  send(context: NotificationContext): Promise<void>;
}
