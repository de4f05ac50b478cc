import type { Kysely } from 'kysely';
import type { CatalogueEntry, Contact } from '../catalogue/types.js';
import type { Outcome } from '../common/outcome.js';
import { recentFailures } from '../query/failures.js';
import type { SeriesFilters } from '../query/params.js';
import type { RunbookTemplate } from '../runbooks/library.js';
import { renderRunbook } from '../runbooks/render.js';
import type { Database } from '../store/schema.js';
import type { Evaluation } from './evaluate/types.js';
import { adviceForAlert } from '../recovery/messages.js';
import type { AlertRule } from './rules/types.js';
import type { AlertState, LogErrorType, NotificationContext, NotificationKind, RecoveryNotice, Severity } from './types.js';

const BARS = '▁▂▃▄▅▆▇█';
const MAX_SAMPLES = 5;

/** A compact sparkline: one bar per value scaled between the smallest and largest, a space for gaps. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return '';
  const min = present.reduce((a, b) => Math.min(a, b));
  const max = present.reduce((a, b) => Math.max(a, b));
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (max === min) return max === 0 ? BARS[0] : BARS[3];
      return BARS[Math.min(BARS.length - 1, Math.floor(((v - min) / (max - min)) * (BARS.length - 1) + 0.5))];
    })
    .join('');
}

function contactLine(person: Contact | undefined): string | null {
  if (!person) return null;
  const parts = [person.name, person.email, person.phone, person.chat, person.url].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** The console's time ranges, shortest first. */
const CONSOLE_WINDOWS: Array<[string, number]> = [
  ['1h', 3_600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
  ['30d', 30 * 86_400_000],
];

/** The shortest time range of the console that shows a whole window of this length. */
function windowParam(ms: number): string {
  return (CONSOLE_WINDOWS.find(([, length]) => length >= ms) ?? CONSOLE_WINDOWS.at(-1)!)[0];
}

/** Flow signals have their own page; every other rule links to its integration's. */
const FLOW_KINDS = new Set(['lead_time', 'business_exception_rate', 'label_success_rate']);

function consolePath(rule: AlertRule, integration: string, windowMs: number, errorType: LogErrorType | undefined): string {
  const query = new URLSearchParams({ window: windowParam(windowMs) });
  if (rule.env !== undefined) query.set('env', rule.env);
  if (rule.site !== undefined) query.set('site', rule.site);
  if (FLOW_KINDS.has(rule.kind)) return `/flow?${query}`;
  if (rule.kind === 'log_errors') {
    // The lines of the error type the summary names; without one, every warning and error line.
    query.set('tab', 'logs');
    if (errorType) query.set('fingerprint', errorType.fingerprint);
    else query.set('level', 'warn,error,fatal');
    return `/integrations/${encodeURIComponent(integration)}?${query}`;
  }
  if (rule.operation !== undefined) query.set('operation', rule.operation);
  if (rule.direction !== undefined) query.set('direction', rule.direction);
  return `/integrations/${encodeURIComponent(integration)}?${query}`;
}

/** The numbered steps under a runbook's "## First triage" heading, filled for the integration, as plain lines. */
export function firstTriageSteps(runbook: RunbookTemplate | undefined, entry: CatalogueEntry | undefined, consoleUrl: (path: string) => string): string[] {
  if (!runbook) return [];
  const text = renderRunbook(runbook.template, entry, consoleUrl);
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^##\s+First triage/i.test(line));
  if (start === -1) return [];
  const steps: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^##\s/.test(line)) break;
    const match = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (match) steps.push(plainText(match[1]!));
  }
  return steps;
}

/** A Markdown line as plain text for any receiver: no emphasis or code marks, links as "text (url)". */
function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .trim();
}

/** Which failed calls illustrate a rule. */
export function sampleOutcomes(rule: AlertRule): Outcome[] {
  switch (rule.kind) {
    case 'error_rate':
      return [rule.outcome ?? 'server_error'];
    case 'rate_limit':
      return ['rate_limited'];
    default:
      return ['server_error', 'timeout', 'network_error', 'auth_error', 'rate_limited', 'client_error'];
  }
}

/** The calls a rule judges: its env, site, operation and direction, those it names. */
export function ruleFilters(rule: AlertRule): SeriesFilters {
  return {
    ...(rule.env !== undefined ? { env: rule.env } : {}),
    ...(rule.site !== undefined ? { site: rule.site } : {}),
    ...(rule.operation !== undefined ? { operation: rule.operation } : {}),
    ...(rule.direction !== undefined ? { direction: rule.direction } : {}),
  };
}

/** Up to five recent failed calls of the integration in the rule's window (raw records, failed-calls index). */
export async function sampleFailures(db: Kysely<Database>, rule: AlertRule, integration: string, now: number): Promise<NotificationContext['samples']> {
  if (!['error_rate', 'latency', 'rate_limit', 'volume_drop', 'burn_rate'].includes(rule.kind)) return [];
  const window = { from: now - Math.max(rule.windowMs, 15 * 60_000), to: now + 1 };
  const rows = await recentFailures(db, integration, window, ruleFilters(rule), MAX_SAMPLES, sampleOutcomes(rule));
  return rows.map((row) => ({
    ts: Number(row.ts),
    operation: row.operation,
    status: row.status === null ? null : Number(row.status),
    error: row.error,
    correlation_id: row.correlation_id,
    order_id: row.order_id,
  }));
}

export interface ContextInput {
  kind: NotificationKind;
  alert: {
    id: number;
    fingerprint: string;
    state: AlertState;
    labels: Record<string, string>;
    startedAt: number;
    resolvedAt: number | null;
    /** Whom on-call assigned it to, if anyone. */
    assignee?: string | null;
  };
  rule: AlertRule;
  integration: string;
  evaluation: Evaluation;
  entry: CatalogueEntry | undefined;
  /** The console's absolute base URL: chat and mail readers cannot open a relative link. */
  consoleBase: string;
  runbooks: Map<string, RunbookTemplate>;
  samples: NotificationContext['samples'];
  /** What recovery did since the alert fired (integrations with recovery actions). */
  recovery?: RecoveryNotice | null;
  grouped?: Array<{ rule: string; summary: string; severity: Severity }>;
}

/** Everything a notification says, from the alert, its rule's evaluation and the catalogue. */
export function buildContext(input: ContextInput): NotificationContext {
  const { rule, entry, evaluation, integration } = input;
  const consoleUrl = (path: string) => `${input.consoleBase}${path}`;
  const runbookName = rule.runbook ?? entry?.runbooks.find((name) => input.runbooks.has(name)) ?? entry?.runbooks[0] ?? null;
  const runbook = runbookName ? input.runbooks.get(runbookName) : undefined;
  const escalation = entry?.contacts.escalation.map(contactLine).find((line) => line !== null) ?? contactLine(entry?.contacts.support) ?? null;
  const windowMs = Math.max(evaluation.windowMs, 0);
  return {
    kind: input.kind,
    alert: {
      id: input.alert.id,
      fingerprint: input.alert.fingerprint,
      rule: rule.name,
      ruleKind: rule.kind,
      state: input.alert.state,
      severity: rule.severity,
      labels: input.alert.labels,
      summary: evaluation.summary,
      value: evaluation.value,
      threshold: evaluation.threshold,
      windowMs,
      startedAt: input.alert.startedAt,
      resolvedAt: input.alert.resolvedAt,
      durationMs: input.alert.resolvedAt === null ? null : input.alert.resolvedAt - input.alert.startedAt,
      ...(input.alert.assignee ? { assignee: input.alert.assignee } : {}),
    },
    integration: {
      id: integration,
      title: entry?.title ?? integration,
      partner: entry?.partner ?? null,
      owner: entry?.owner ?? null,
      escalation,
    },
    trend: {
      stepMs: evaluation.stepMs,
      values: evaluation.trend,
      sparkline: sparkline(evaluation.trend),
      ...(evaluation.trendTimes && evaluation.trendTimes.length === evaluation.trend.length ? { times: evaluation.trendTimes } : {}),
    },
    links: {
      console: consoleUrl(consolePath(rule, integration, windowMs, evaluation.errorType)),
      runbook: runbookName ? consoleUrl(`/runbooks/${encodeURIComponent(runbookName)}?integration=${encodeURIComponent(integration)}`) : null,
      ...(input.kind === 'resolved' ? {} : { acknowledge: consoleUrl(`/alerts/${input.alert.id}?acknowledge=1`) }),
    },
    firstSteps: firstTriageSteps(runbook, entry, consoleUrl),
    advice: adviceForAlert(rule.kind, rule, input.samples, entry),
    ...(input.recovery ? { recovery: input.recovery } : {}),
    samples: input.samples,
    ...(evaluation.errorType ? { errorType: evaluation.errorType } : {}),
    grouped: input.grouped ?? [],
  };
}
