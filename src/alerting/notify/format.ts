import { acted } from '../../recovery/runs.js';
import type { NotificationContext, RecoveryNoticeRun, Severity } from '../types.js';

/** "45 s", "23 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A number as a person reads it: at most three decimals, no trailing zeros. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
}

/** "2026-11-20 12:03 UTC". */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function isResolved(context: NotificationContext): boolean {
  return context.kind === 'resolved';
}

/** How long the alert lasted (resolved) or has been going on (firing) at `now`. */
export function durationOf(context: NotificationContext, now: number): number {
  if (context.alert.durationMs !== null) return context.alert.durationMs;
  const end = context.alert.resolvedAt ?? now;
  return Math.max(0, end - context.alert.startedAt);
}

/**
 * The integration as people read it: its catalogue name, or its id when the catalogue names none
 * (an uncatalogued id that sent data). Every title leads with it; the id stays in the body.
 */
export function integrationName(context: NotificationContext): string {
  return context.integration.title.trim() || context.integration.id;
}

/**
 * The one-line title every channel uses:
 * "[FIRING critical] DHL Parcel API: 5xx share 12.4 % over 5 %" or "[RESOLVED] DHL Parcel API: … after 23 min".
 */
export function titleOf(context: NotificationContext, now: number): string {
  const more = context.grouped.length > 0 ? ` (+${context.grouped.length} more)` : '';
  if (isResolved(context)) {
    return `[RESOLVED] ${integrationName(context)}: ${context.alert.summary} after ${formatDuration(durationOf(context, now))}${more}`;
  }
  const last = context.recovery?.update ? context.recovery.runs.at(-1) : undefined;
  const update = last ? ` — recovery ${last.action}: ${runResult(last)}` : '';
  return `[FIRING ${context.alert.severity}] ${integrationName(context)}: ${context.alert.summary}${more}${update}`;
}

/** "10:02 UTC". */
function formatMinute(ms: number): string {
  return `${formatClock(ms).slice(0, 5)} UTC`;
}

/** A run's result in a word or a status: "200", "500 (failed)", "timeout", "page opened". */
function runResult(run: RecoveryNoticeRun): string {
  if (run.outcome === 'opened') return 'page opened';
  if (run.status !== null) return `${run.status}${acted(run.outcome) ? '' : ' (failed)'}`;
  return run.outcome;
}

/** "refresh-token at 10:02 UTC: 200 (automatic, attempt 1)". */
function runPhrase(run: RecoveryNoticeRun): string {
  const who = run.trigger === 'automatic' ? `automatic, attempt ${run.attempt}` : `by ${run.actor}`;
  return `${run.action} at ${formatMinute(run.at)}: ${runResult(run)} (${who})`;
}

/**
 * What recovery did, in one paragraph (the channels head it "Recovery"), or null when there is nothing to say: the runs since the
 * alert fired, whether failures stopped after the one that acted, the next automatic attempt, and
 * on resolution whether recovery followed an action ("Resolved 6 min after refresh-token (200).").
 */
export function recoverySentence(context: NotificationContext): string | null {
  const recovery = context.recovery;
  if (!recovery) return null;
  const resolved = isResolved(context);
  if (recovery.runs.length === 0) return resolved ? 'Resolved with no recovery action run.' : null;
  const shown = recovery.total > recovery.runs.length ? `${recovery.total} runs, the latest: ` : '';
  const parts = [`${shown}${recovery.runs.map(runPhrase).join('; ')}`];
  if (recovery.failuresStoppedAt !== null) parts.push(`failures stopped at ${formatMinute(recovery.failuresStoppedAt)}`);
  const last = recovery.runs.at(-1)!;
  if (!resolved && recovery.nextAttemptAt !== undefined) {
    if (recovery.nextAttemptAt !== null) parts.push(`next automatic attempt at ${formatMinute(recovery.nextAttemptAt)}`);
    else if (!acted(last.outcome)) parts.push('no further automatic attempt: act by hand');
  }
  let sentence = `${parts.join('; ')}.`;
  if (resolved) {
    const lastActed = recovery.runs.findLast((run) => acted(run.outcome));
    const resolvedAt = context.alert.resolvedAt ?? last.at + last.ms;
    sentence += lastActed
      ? ` Resolved ${formatDuration(resolvedAt - (lastActed.at + lastActed.ms))} after ${lastActed.action} (${runResult(lastActed)}).`
      : ' Resolved with no recovery action that worked: it recovered by itself or by a fix elsewhere.';
  }
  return sentence;
}

export function severityMark(severity: Severity): string {
  return severity === 'critical' ? '🔴' : severity === 'warning' ? '🟠' : '🔵';
}

/** The trend's values as text: "0.4, 0.6, 3.1, 12.4" (gaps as –). */
export function trendNumbers(context: NotificationContext): string {
  return context.trend.values.map((value) => formatNumber(value)).join(', ');
}

export function valueVsThreshold(context: NotificationContext): string {
  return `${formatNumber(context.alert.value)} vs threshold ${formatNumber(context.alert.threshold)}`;
}

/** One sample failure as a line: "12:03:04 label.create HTTP 503 upstream timeout (correlation abc-1)". */
export function sampleLine(sample: NotificationContext['samples'][number]): string {
  const parts = [formatClock(sample.ts)];
  if (sample.operation) parts.push(sample.operation);
  if (sample.status !== null) parts.push(`HTTP ${sample.status}`);
  if (sample.error) parts.push(sample.error);
  const ids = [sample.correlation_id ? `correlation ${sample.correlation_id}` : null, sample.order_id ? `order ${sample.order_id}` : null].filter(Boolean);
  return `${parts.join(' ')}${ids.length ? ` (${ids.join(', ')})` : ''}`;
}

/** Owner and escalation as one line, or null when the integration names neither. */
export function contactsLine(context: NotificationContext): string | null {
  const parts: string[] = [];
  if (context.integration.owner) parts.push(`Owner: ${context.integration.owner}`);
  if (context.integration.escalation) parts.push(`Escalation: ${context.integration.escalation}`);
  return parts.length ? parts.join(' · ') : null;
}

/**
 * The whole notification as plain text lines (e-mail body, and the text fallback of other
 * channels), the same content in the same order as the rich formats.
 */
export function plainTextLines(context: NotificationContext, now: number): string[] {
  const { alert, integration } = context;
  const lines: string[] = [titleOf(context, now), ''];
  lines.push(`Integration: ${integration.title} (${integration.id})${integration.partner ? `, partner ${integration.partner}` : ''}`);
  lines.push(`Rule: ${alert.rule} (${alert.ruleKind}), severity ${alert.severity}`);
  if (alert.assignee) lines.push(`Assigned to: ${alert.assignee}`);
  lines.push(`Value: ${valueVsThreshold(context)}`);
  lines.push(`Window: ${formatDuration(alert.windowMs)}`);
  lines.push(`Started: ${formatTime(alert.startedAt)}`);
  if (isResolved(context)) {
    lines.push(`Resolved: ${alert.resolvedAt !== null ? formatTime(alert.resolvedAt) : 'now'}; lasted ${formatDuration(durationOf(context, now))}`);
  } else {
    lines.push(`Duration so far: ${formatDuration(durationOf(context, now))}`);
  }
  if (context.trend.values.length > 0) {
    lines.push(`Trend (${formatDuration(context.trend.stepMs)} steps): ${context.trend.sparkline}  ${trendNumbers(context)}`);
  }
  const recovery = recoverySentence(context);
  if (recovery) lines.push('', `Recovery: ${recovery}`);
  if (context.advice) lines.push('', `What it means: ${context.advice.message} Next: ${context.advice.next}${context.advice.action ? ` One click on the alert page: "${context.advice.action}".` : ''}`);
  lines.push('', `Console: ${context.links.console}`);
  if (context.links.runbook) lines.push(`Runbook: ${context.links.runbook}`);
  if (context.links.acknowledge) lines.push(`Acknowledge: ${context.links.acknowledge}`);
  if (context.firstSteps.length > 0) {
    lines.push('', 'First steps:');
    context.firstSteps.forEach((step, index) => lines.push(`  ${index + 1}. ${step}`));
  }
  if (context.samples.length > 0) {
    lines.push('', 'Sample failures:');
    for (const sample of context.samples) lines.push(`  - ${sampleLine(sample)}`);
  }
  if (context.grouped.length > 0) {
    lines.push('', 'Also on this integration:');
    for (const other of context.grouped) lines.push(`  - [${other.severity}] ${other.rule}: ${other.summary}`);
  }
  const contacts = contactsLine(context);
  if (contacts) lines.push('', contacts);
  return lines;
}
