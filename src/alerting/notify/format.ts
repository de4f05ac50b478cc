import type { NotificationContext, Severity } from '../types.js';

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
  return `[FIRING ${context.alert.severity}] ${integrationName(context)}: ${context.alert.summary}${more}`;
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
