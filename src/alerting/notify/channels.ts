import type { Channel } from '../types.js';
import { AlertmanagerChannel } from './alertmanager/alertmanager.js';
import type { ChannelConfig, ChannelOptions } from './config.js';
import { EmailChannel } from './email/email.js';
import { PagerDutyChannel } from './pagerduty/pagerduty.js';
import { SlackChannel } from './slack/slack.js';
import { WebhookChannel } from './webhook/webhook.js';

/** One channel from its (already schema-validated) config. Secrets stay references until send. */
export function createChannel(config: ChannelConfig, options: ChannelOptions = {}): Channel {
  switch (config.type) {
    case 'slack':
      return new SlackChannel(config, options);
    case 'webhook':
      return new WebhookChannel(config, options);
    case 'email':
      return new EmailChannel(config, options);
    case 'pagerduty':
      return new PagerDutyChannel(config, options);
    case 'alertmanager':
      return new AlertmanagerChannel(config, options);
    default: {
      const unknown: { type?: unknown; name?: unknown } = config;
      throw new Error(`channel ${String(unknown.name)}: unknown type ${String(unknown.type)}`);
    }
  }
}

/** All channels by name, for the Dispatcher; throws on a duplicate name. */
export function createChannels(configs: ChannelConfig[], options: ChannelOptions = {}): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  for (const config of configs) {
    if (channels.has(config.name)) throw new Error(`channel ${config.name} is declared twice`);
    channels.set(config.name, createChannel(config, options));
  }
  return channels;
}
