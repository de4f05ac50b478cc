import nodemailer from 'nodemailer';
import { SecretResolver } from '../../../checks/env.js';
import type { Channel, NotificationContext } from '../../types.js';
import type { ChannelOptions, EmailChannelConfig } from '../config.js';
import { ChannelError } from '../errors.js';
import {
  contactsLine,
  durationOf,
  formatDuration,
  formatTime,
  isResolved,
  plainTextLines,
  recoverySentence,
  sampleLine,
  titleOf,
  trendNumbers,
  valueVsThreshold,
} from '../format.js';
import { DEFAULT_TIMEOUT_MS } from '../http.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Only http(s) links become anchors; anything else is shown as text. */
function link(url: string | null, label: string): string {
  if (url === null) return '';
  if (!/^https?:\/\//i.test(url)) return escapeHtml(url);
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Subject, plain text and HTML with the same content; every value escaped in the HTML. */
export function emailMessage(context: NotificationContext, now: number): EmailMessage {
  const { alert, integration } = context;
  const subject = titleOf(context, now).replace(/[\r\n]+/g, ' ');
  const text = `${plainTextLines(context, now).join('\n')}\n`;
  const rows: Array<[string, string]> = [
    ['Integration', `${integration.title} (${integration.id})${integration.partner ? `, partner ${integration.partner}` : ''}`],
    ['Rule', `${alert.rule} (${alert.ruleKind}), severity ${alert.severity}`],
    ...(alert.assignee ? [['Assigned to', alert.assignee] as [string, string]] : []),
    ['Value', valueVsThreshold(context)],
    ['Window', formatDuration(alert.windowMs)],
    ['Started', formatTime(alert.startedAt)],
    isResolved(context)
      ? ['Resolved', `${alert.resolvedAt !== null ? formatTime(alert.resolvedAt) : 'now'}; lasted ${formatDuration(durationOf(context, now))}`]
      : ['Duration so far', formatDuration(durationOf(context, now))],
  ];
  const recovery = recoverySentence(context);
  if (recovery) rows.push(['Recovery', recovery]);
  if (context.trend.values.length > 0) rows.push([`Trend (${formatDuration(context.trend.stepMs)} steps)`, `${context.trend.sparkline}  ${trendNumbers(context)}`]);
  const parts: string[] = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(subject)}</h2>`,
    '<table cellpadding="4" style="border-collapse: collapse">',
    ...rows.map(([name, value]) => `<tr><th align="left">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    `<p>${link(context.links.console, 'Open in console')}${context.links.runbook ? ` · ${link(context.links.runbook, 'Runbook')}` : ''}${context.links.acknowledge ? ` · ${link(context.links.acknowledge, 'Acknowledge')}` : ''}</p>`,
  ];
  if (context.firstSteps.length > 0) {
    parts.push('<h3>First steps</h3><ol>', ...context.firstSteps.map((step) => `<li>${escapeHtml(step)}</li>`), '</ol>');
  }
  if (context.samples.length > 0) {
    parts.push('<h3>Sample failures</h3><ul>', ...context.samples.map((sample) => `<li>${escapeHtml(sampleLine(sample))}</li>`), '</ul>');
  }
  if (context.grouped.length > 0) {
    parts.push('<h3>Also on this integration</h3><ul>', ...context.grouped.map((o) => `<li>[${escapeHtml(o.severity)}] ${escapeHtml(o.rule)}: ${escapeHtml(o.summary)}</li>`), '</ul>');
  }
  const contacts = contactsLine(context);
  if (contacts) parts.push(`<p>${escapeHtml(contacts)}</p>`);
  parts.push('</body></html>');
  return { subject, text, html: parts.join('\n') };
}

/** nodemailer error codes that another try cannot fix: bad credentials, a rejected envelope or message. */
const PERMANENT_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG']);

/** E-mail over SMTP with nodemailer. */
export class EmailChannel implements Channel {
  readonly type = 'email' as const;
  readonly name: string;

  constructor(private readonly config: EmailChannelConfig, private readonly options: ChannelOptions = {}) {
    this.name = config.name;
  }

  async send(context: NotificationContext): Promise<void> {
    const secrets = new SecretResolver(this.options.env ?? process.env);
    const { smtp } = this.config;
    let host: string;
    let user: string | undefined;
    let pass: string | undefined;
    try {
      host = secrets.resolve(smtp.host);
      user = smtp.user === undefined ? undefined : secrets.resolve(smtp.user);
      pass = smtp.password === undefined ? undefined : secrets.resolve(smtp.password);
    } catch (error) {
      throw new ChannelError({ channel: this.name, channelType: this.type, message: (error as Error).message, retryable: false });
    }
    const timeout = this.config.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const transport = nodemailer.createTransport({
      host,
      port: smtp.port,
      secure: smtp.secure,
      auth: user !== undefined ? { user, pass } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      logger: false,
      debug: false,
    });
    const message = emailMessage(context, (this.options.clock ?? Date.now)());
    try {
      await transport.sendMail({ from: this.config.from, to: this.config.to, subject: message.subject, text: message.text, html: message.html });
    } catch (error) {
      const err = error as Error & { code?: string; responseCode?: number };
      const code = err.responseCode ?? null;
      // SMTP 4xx replies are transient by definition, 5xx permanent; without a reply, the network failed.
      const retryable = code !== null ? code < 500 : !PERMANENT_CODES.has(err.code ?? '');
      throw new ChannelError({
        channel: this.name,
        channelType: this.type,
        message: secrets.scrub(`SMTP ${host}:${smtp.port}${code !== null ? ` answered ${code}` : ''}${err.code ? ` (${err.code})` : ''}: ${err.message}`),
        retryable,
        status: code,
      });
    } finally {
      transport.close();
    }
  }
}
