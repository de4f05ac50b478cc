import { SecretResolver } from '../../../checks/env.js';
import type { Channel, NotificationContext, Severity } from '../../types.js';
import type { ChannelOptions, PagerDutyChannelConfig } from '../config.js';
import { ChannelError } from '../errors.js';
import { durationOf, formatDuration, formatNumber, recoverySentence, sampleLine, titleOf } from '../format.js';
import { DEFAULT_TIMEOUT_MS, postJson } from '../http.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** Our severities onto PagerDuty's four; anything unknown pages as error. */
export function pagerDutySeverity(severity: Severity | string): PagerDutySeverity {
  switch (severity) {
    case 'critical':
      return 'critical';
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
      return 'info';
    default:
      return 'error';
  }
}

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links: Array<{ href: string; text: string }>;
  client: string;
  client_url?: string;
}

/** The Events API v2 event, without the routing key (it is added at send time and never kept). */
export function pagerDutyEvent(context: NotificationContext, now: number): Omit<PagerDutyEvent, 'routing_key'> {
  const { alert, integration } = context;
  const links = [{ href: context.links.console, text: 'Switchboard console' }];
  if (context.links.runbook) links.push({ href: context.links.runbook, text: 'Runbook' });
  if (context.links.acknowledge) links.push({ href: context.links.acknowledge, text: 'Acknowledge in Switchboard' });
  return {
    event_action: context.kind === 'resolved' ? 'resolve' : 'trigger',
    dedup_key: alert.fingerprint,
    payload: {
      summary: titleOf(context, now).slice(0, 1024),
      source: integration.id,
      severity: pagerDutySeverity(alert.severity),
      timestamp: new Date(alert.startedAt).toISOString(),
      component: alert.labels.operation ?? integration.id,
      group: alert.labels.team ?? integration.owner ?? integration.id,
      class: alert.ruleKind,
      custom_details: {
        integration: integration.title,
        partner: integration.partner,
        rule: alert.rule,
        assignee: alert.assignee ?? null,
        value: alert.value,
        threshold: alert.threshold,
        value_vs_threshold: `${formatNumber(alert.value)} vs ${formatNumber(alert.threshold)}`,
        window: formatDuration(alert.windowMs),
        started: new Date(alert.startedAt).toISOString(),
        duration: formatDuration(durationOf(context, now)),
        trend: `${context.trend.sparkline} ${context.trend.values.map((v) => formatNumber(v)).join(', ')}`,
        first_steps: context.firstSteps,
        sample_failures: context.samples.map(sampleLine),
        recovery: recoverySentence(context),
        owner: integration.owner,
        escalation: integration.escalation,
        labels: alert.labels,
        grouped: context.grouped,
      },
    },
    links,
    client: 'Switchboard',
    client_url: context.links.console,
  };
}

/** PagerDuty Events API v2: trigger on firing / repeat, resolve on resolution, deduplicated by fingerprint. */
export class PagerDutyChannel implements Channel {
  readonly type = 'pagerduty' as const;
  readonly name: string;

  constructor(private readonly config: PagerDutyChannelConfig, private readonly options: ChannelOptions = {}) {
    this.name = config.name;
  }

  async send(context: NotificationContext): Promise<void> {
    const secrets = new SecretResolver(this.options.env ?? process.env);
    let routingKey: string;
    let url: string;
    try {
      routingKey = secrets.resolve(this.config.routingKey);
      url = secrets.resolve(this.config.url ?? PAGERDUTY_EVENTS_URL);
    } catch (error) {
      throw new ChannelError({ channel: this.name, channelType: this.type, message: (error as Error).message, retryable: false });
    }
    const now = (this.options.clock ?? Date.now)();
    const event: PagerDutyEvent = { routing_key: routingKey, ...pagerDutyEvent(context, now) };
    await postJson({
      channel: this.name,
      channelType: this.type,
      url,
      body: JSON.stringify(event),
      headers: {},
      timeoutMs: this.config.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets,
      secretUrl: (this.config.url ?? '').includes('${'),
      fetch: this.options.fetch,
    });
  }
}
