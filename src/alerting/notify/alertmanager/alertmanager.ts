import { SecretResolver } from '../../../checks/env.js';
import type { Channel, NotificationContext } from '../../types.js';
import type { AlertmanagerChannelConfig, ChannelOptions } from '../config.js';
import { ChannelError } from '../errors.js';
import { durationOf, formatDuration, formatNumber, integrationName, plainTextLines } from '../format.js';
import { DEFAULT_TIMEOUT_MS, postJson } from '../http.js';

/** One element of Alertmanager's `POST /api/v2/alerts` body (postableAlerts). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

/** Alertmanager label names follow Prometheus': [a-zA-Z_][a-zA-Z0-9_]*. */
export function labelName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[a-zA-Z_]/.test(clean) ? clean : `_${clean}`;
}

/**
 * Our alert as Alertmanager sees it. Its identity there is its label set: alertname (the rule),
 * integration, severity and the alert's own labels, so firing, repeat and resolved of one alert
 * land on one Alertmanager alert.
 */
export function postableAlert(context: NotificationContext, now: number): PostableAlert {
  const { alert, integration } = context;
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(alert.labels)) if (value !== '') labels[labelName(name)] = value;
  labels.alertname = alert.rule;
  labels.integration = integration.id;
  labels.severity = alert.severity;
  const annotations: Record<string, string> = {
    summary: `${integrationName(context)}: ${alert.summary}`,
    description: plainTextLines(context, now).join('\n'),
    console_url: context.links.console,
    value: formatNumber(alert.value),
    threshold: formatNumber(alert.threshold),
    window: formatDuration(alert.windowMs),
  };
  if (context.links.runbook) annotations.runbook_url = context.links.runbook;
  if (integration.owner) annotations.owner = integration.owner;
  if (integration.escalation) annotations.escalation = integration.escalation;
  if (context.kind === 'resolved') annotations.duration = formatDuration(durationOf(context, now));
  const postable: PostableAlert = { labels, annotations, startsAt: new Date(alert.startedAt).toISOString() };
  if (context.kind === 'resolved') postable.endsAt = new Date(alert.resolvedAt ?? now).toISOString();
  if (/^https?:\/\//i.test(context.links.console)) postable.generatorURL = context.links.console;
  return postable;
}

/**
 * An existing Prometheus Alertmanager, through its v2 API. Firing alerts are posted without
 * endsAt, so Alertmanager keeps them active for its resolve_timeout (5 min by default) after the
 * last post: repeat notifications should come more often than that, or raise resolve_timeout.
 */
export class AlertmanagerChannel implements Channel {
  readonly type = 'alertmanager' as const;
  readonly name: string;

  constructor(private readonly config: AlertmanagerChannelConfig, private readonly options: ChannelOptions = {}) {
    this.name = config.name;
  }

  async send(context: NotificationContext): Promise<void> {
    const secrets = new SecretResolver(this.options.env ?? process.env);
    let base: string;
    const headers: Record<string, string> = {};
    try {
      base = secrets.resolve(this.config.url);
      for (const [name, value] of Object.entries(this.config.headers ?? {})) headers[name] = secrets.resolve(value);
    } catch (error) {
      throw new ChannelError({ channel: this.name, channelType: this.type, message: (error as Error).message, retryable: false });
    }
    const now = (this.options.clock ?? Date.now)();
    await postJson({
      channel: this.name,
      channelType: this.type,
      url: `${base.replace(/\/+$/, '')}/api/v2/alerts`,
      body: JSON.stringify([postableAlert(context, now)]),
      headers,
      timeoutMs: this.config.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets,
      secretUrl: this.config.url.includes('${'),
      fetch: this.options.fetch,
    });
  }
}
