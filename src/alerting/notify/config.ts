/**
 * Channel configuration as the alerting file declares it: `{ name, type, …fields }`. Fields that
 * are secrets (webhook secret, routing key, SMTP password, the Slack URL) hold `${ENV}` references
 * resolved from the environment at send time; they are never stored or shown resolved.
 */
export interface ChannelConfigBase {
  /** Unique among channels; routes and the outbox refer to channels by it. */
  name: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

export interface SlackChannelConfig extends ChannelConfigBase {
  type: 'slack';
  /** The incoming-webhook URL, best as `${SLACK_WEBHOOK_URL}` (its path is the secret). */
  url: string;
}

export interface WebhookChannelConfig extends ChannelConfigBase {
  type: 'webhook';
  url: string;
  /** HMAC-SHA256 key, as `${ENV}`. */
  secret: string;
  /** Extra headers; values may hold `${ENV}` references. */
  headers?: Record<string, string>;
}

export interface EmailChannelConfig extends ChannelConfigBase {
  type: 'email';
  smtp: {
    host: string;
    port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: boolean;
    user?: string;
    /** As `${ENV}`. */
    password?: string;
  };
  from: string;
  to: string[];
}

export interface PagerDutyChannelConfig extends ChannelConfigBase {
  type: 'pagerduty';
  /** The Events API v2 integration key, as `${ENV}`. */
  routingKey: string;
  /** Default https://events.pagerduty.com/v2/enqueue. */
  url?: string;
}

export interface AlertmanagerChannelConfig extends ChannelConfigBase {
  type: 'alertmanager';
  /** The Alertmanager's base URL, e.g. http://alertmanager:9093 (alerts go to /api/v2/alerts). */
  url: string;
  /** Extra headers (e.g. Authorization: Bearer ${AM_TOKEN}); values may hold `${ENV}` references. */
  headers?: Record<string, string>;
}

export type ChannelConfig =
  | SlackChannelConfig
  | WebhookChannelConfig
  | EmailChannelConfig
  | PagerDutyChannelConfig
  | AlertmanagerChannelConfig;

export type ChannelType = ChannelConfig['type'];

/** What every channel gets besides its config. */
export interface ChannelOptions {
  /** Where `${ENV}` references are looked up, at send time (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Default timeout when the config names none (default 10 s). */
  timeoutMs?: number;
  /** For texts that say "for 12 min so far" and the webhook timestamp (default Date.now). */
  clock?: () => number;
  fetch?: typeof fetch;
}

/** One route: all `match` labels must match (exact, or a full-match regex written "~regex"). */
export interface RouteConfig {
  match?: Record<string, string>;
  channels: string[];
  /** Keep evaluating later routes after this one matched. */
  continue?: boolean;
}
