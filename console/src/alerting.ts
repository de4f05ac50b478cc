/** The alerting API's answers, and what the console derives from them. */

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';
export type Severity = 'critical' | 'warning' | 'info';

export interface NotificationContext {
  kind: 'firing' | 'repeat' | 'resolved';
  alert: { assignee?: string | null; rule: string; ruleKind: string; severity: Severity; summary: string; value: number | null; threshold: number | null; windowMs: number; startedAt: number; resolvedAt: number | null; durationMs: number | null };
  integration: { id: string; title: string; partner: string | null; owner: string | null; escalation: string | null };
  /** `times`: when each value was measured (ms); absent from an older server. */
  trend: { stepMs: number; values: Array<number | null>; sparkline: string; times?: number[] };
  links: { console: string; runbook: string | null; acknowledge?: string };
  firstSteps: string[];
  samples: Array<{ ts: number; operation: string | null; status: number | null; error: string | null; correlation_id: string | null; order_id: string | null }>;
  grouped: Array<{ rule: string; summary: string; severity: Severity }>;
  /** log_errors: the error type the summary names (absent for other kinds, on resolution, and from an older server). */
  errorType?: { fingerprint: string; pattern: string; sample: string };
}

export interface Alert {
  id: number;
  rule: string;
  integration: string;
  labels: Record<string, string>;
  severity: Severity;
  state: AlertState;
  value: number | null;
  threshold: number | null;
  summary: string;
  pending_since: number | null;
  fired_at: number | null;
  resolved_at: number | null;
  last_evaluated_at: number;
  last_notified_at: number | null;
  duration_ms: number | null;
  context: NotificationContext | null;
  /** Absent from an older server. */
  acknowledgement?: { at: number; by: string; note: string | null } | null;
  /** Absent from an older server. */
  assignment?: { to: string; by: string; at: number } | null;
}

export interface AlertsAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  alerts: Alert[];
}

export interface Delivery {
  id: number;
  channel: string;
  kind: 'firing' | 'repeat' | 'resolved';
  status: 'pending' | 'sending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface AlertDetailAnswer {
  alert: Alert;
  events: Array<{ id: number; ts: number; from_state: AlertState; to_state: AlertState; value: number | null; note: string | null }>;
  deliveries: Delivery[];
}

export interface Episode {
  alert_id: number;
  rule: string;
  integration: string;
  severity: Severity;
  fired_at: number;
  resolved_at: number | null;
  duration_ms: number | null;
  summary: string | null;
}

export interface HistoryAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  from: number;
  to: number;
  episodes: Episode[];
}

export interface Matcher {
  label: string;
  value: string;
  regex?: boolean;
}

export interface Silence {
  id: number;
  kind: 'silence' | 'maintenance';
  matchers: Matcher[];
  starts_at: number;
  ends_at: number;
  author: string;
  reason: string;
  created_at: number;
  expired_at: number | null;
  active: boolean;
}

export interface SilencesAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  silences: Silence[];
}

/** Firing and pending alerts per integration, for badges. */
export function activeByIntegration(alerts: Alert[]): Map<string, { firing: number; pending: number }> {
  const counts = new Map<string, { firing: number; pending: number }>();
  for (const alert of alerts) {
    if (alert.state !== 'firing' && alert.state !== 'pending') continue;
    const entry = counts.get(alert.integration) ?? { firing: 0, pending: 0 };
    entry[alert.state] += 1;
    counts.set(alert.integration, entry);
  }
  return counts;
}

/** "integration=dhl-carrier, severity=~critical|warning" as the matchers' one-line form. */
export function matchersText(matchers: Matcher[]): string {
  return matchers.map((m) => `${m.label}${m.regex ? '=~' : '='}${m.value}`).join(', ');
}

/** Parses the one-line form back; throws with the part that is wrong. */
export function parseMatchers(text: string): Matcher[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=~|=)\s*(.*)$/.exec(part);
      if (!match) throw new Error(`"${part}" is not label=value or label=~regex`);
      return { label: match[1]!, value: match[3]!.trim(), ...(match[2] === '=~' ? { regex: true } : {}) };
    });
}
