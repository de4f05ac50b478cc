import { SecretResolver } from '../../../checks/env.js';
import type { Channel, NotificationContext } from '../../types.js';
import type { ChannelOptions, SlackChannelConfig } from '../config.js';
import { ChannelError } from '../errors.js';
import {
  contactsLine,
  durationOf,
  formatDuration,
  formatTime,
  integrationName,
  isResolved,
  recoverySentence,
  sampleLine,
  severityMark,
  titleOf,
  trendNumbers,
  valueVsThreshold,
} from '../format.js';
import { DEFAULT_TIMEOUT_MS, postJson } from '../http.js';

type Text = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: Text; url: string; style?: 'primary' | 'danger'; action_id: string }> };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's mrkdwn treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function mrkdwn(text: string, max = 3000): Text {
  return { type: 'mrkdwn', text: clip(text, max) };
}

function isHttpUrl(url: string | null | undefined): url is string {
  return url !== null && url !== undefined && /^https?:\/\//i.test(url);
}

/** The Block Kit message for one notification. */
export function slackMessage(context: NotificationContext, now: number): SlackMessage {
  const { alert, integration } = context;
  const resolved = isResolved(context);
  const title = titleOf(context, now);
  const header = resolved
    ? `✅ RESOLVED · ${integrationName(context)}: ${alert.summary} — lasted ${formatDuration(durationOf(context, now))}`
    : `${severityMark(alert.severity)} ${alert.severity.toUpperCase()} · ${integrationName(context)}: ${alert.summary}`;
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clip(header, 150), emoji: true } }];

  const who = `*${escapeMrkdwn(integration.title)}*${integration.partner ? ` (partner ${escapeMrkdwn(integration.partner)})` : ''} — rule \`${escapeMrkdwn(alert.rule)}\` (${escapeMrkdwn(alert.ruleKind)})`;
  const fields: Text[] = [
    mrkdwn(`*Value*\n${escapeMrkdwn(valueVsThreshold(context))}`, 2000),
    mrkdwn(`*Window*\n${formatDuration(alert.windowMs)}`, 2000),
    mrkdwn(`*Started*\n${formatTime(alert.startedAt)}`, 2000),
    resolved
      ? mrkdwn(`*Lasted*\n${formatDuration(durationOf(context, now))}${alert.resolvedAt !== null ? ` (resolved ${formatTime(alert.resolvedAt)})` : ''}`, 2000)
      : mrkdwn(`*Duration*\n${formatDuration(durationOf(context, now))} so far`, 2000),
  ];
  if (alert.assignee) fields.push(mrkdwn(`*Assigned to*\n${escapeMrkdwn(alert.assignee)}`, 2000));
  blocks.push({ type: 'section', text: mrkdwn(who), fields });

  const recovery = recoverySentence(context);
  if (recovery) blocks.push({ type: 'section', text: mrkdwn(`*Recovery*\n${escapeMrkdwn(recovery)}`) });
  if (context.trend.values.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Trend* (${formatDuration(context.trend.stepMs)} steps, oldest first)\n\`${escapeMrkdwn(context.trend.sparkline)}\`  ${escapeMrkdwn(trendNumbers(context))}`),
    });
  }
  if (!resolved && context.firstSteps.length > 0) {
    const steps = context.firstSteps.slice(0, 8).map((step, index) => `${index + 1}. ${escapeMrkdwn(step)}`);
    blocks.push({ type: 'section', text: mrkdwn(`*First steps*\n${steps.join('\n')}`) });
  }
  if (!resolved && context.samples.length > 0) {
    const samples = context.samples.slice(0, 5).map((sample) => `• ${escapeMrkdwn(sampleLine(sample))}`);
    blocks.push({ type: 'section', text: mrkdwn(`*Sample failures*\n${samples.join('\n')}`) });
  }
  if (context.grouped.length > 0) {
    const others = context.grouped.slice(0, 10).map((other) => `• [${other.severity}] \`${escapeMrkdwn(other.rule)}\` ${escapeMrkdwn(other.summary)}`);
    blocks.push({ type: 'section', text: mrkdwn(`*Also on this integration*\n${others.join('\n')}`) });
  }
  const contacts = contactsLine(context);
  if (contacts) blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(contacts))] });

  const buttons: Extract<SlackBlock, { type: 'actions' }>['elements'] = [];
  if (isHttpUrl(context.links.console)) {
    buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Open in console' }, url: context.links.console, style: 'primary', action_id: 'console' });
  }
  if (isHttpUrl(context.links.runbook)) {
    buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Runbook' }, url: context.links.runbook, action_id: 'runbook' });
  }
  if (isHttpUrl(context.links.acknowledge)) {
    buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Acknowledge' }, url: context.links.acknowledge, action_id: 'acknowledge' });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  else blocks.push({ type: 'context', elements: [mrkdwn(`Console: ${escapeMrkdwn(context.links.console)}`)] });

  return { text: title, blocks };
}

/** Slack incoming webhook. */
export class SlackChannel implements Channel {
  readonly type = 'slack' as const;
  readonly name: string;

  constructor(private readonly config: SlackChannelConfig, private readonly options: ChannelOptions = {}) {
    this.name = config.name;
  }

  async send(context: NotificationContext): Promise<void> {
    const secrets = new SecretResolver(this.options.env ?? process.env);
    let url: string;
    try {
      url = secrets.resolve(this.config.url);
    } catch (error) {
      throw new ChannelError({ channel: this.name, channelType: this.type, message: (error as Error).message, retryable: false });
    }
    const now = (this.options.clock ?? Date.now)();
    await postJson({
      channel: this.name,
      channelType: this.type,
      url,
      body: JSON.stringify(slackMessage(context, now)),
      headers: {},
      timeoutMs: this.config.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets,
      secretUrl: true,
      fetch: this.options.fetch,
    });
  }
}
