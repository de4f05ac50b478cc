import { createHmac, timingSafeEqual } from 'node:crypto';
import { SecretResolver } from '../../../checks/env.js';
import type { Channel, NotificationContext } from '../../types.js';
import type { ChannelOptions, WebhookChannelConfig } from '../config.js';
import { ChannelError } from '../errors.js';
import { titleOf } from '../format.js';
import { DEFAULT_TIMEOUT_MS, postJson } from '../http.js';

/**
 * Generic webhook: a JSON POST of the notification context, signed.
 *
 * Body: `{ "version": 1, "title": "[FIRING critical] DHL Parcel API: …", ...NotificationContext }`.
 * Headers:
 *   X-Switchboard-Timestamp: <unix seconds when sent>
 *   X-Switchboard-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${raw body}`)>
 *   X-Switchboard-Event: firing | repeat | resolved
 *
 * How a receiver verifies (see verifyWebhookSignature):
 *   1. Read the raw request body as bytes/text, before any JSON parsing.
 *   2. Compute HMAC-SHA256 with the shared secret over `${X-Switchboard-Timestamp}.${raw body}`,
 *      hex-encode it, and compare it with the value after `v1=` in a constant-time comparison.
 *   3. Reject timestamps more than 5 minutes from your clock (replay protection).
 * A retried notification is signed again with a fresh timestamp; the body is the same.
 */
export const SIGNATURE_HEADER = 'x-switchboard-signature';
export const TIMESTAMP_HEADER = 'x-switchboard-timestamp';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check: true when the signature matches and the timestamp is recent. */
export function verifyWebhookSignature(options: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Seconds of clock difference accepted (default 300). */
  toleranceSeconds?: number;
  nowMs?: number;
}): boolean {
  const { secret, body, timestamp, signature } = options;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const age = Math.abs((options.nowMs ?? Date.now()) / 1000 - Number(timestamp));
  if (age > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The body: the context, with the title every other channel shows (led by the integration's
 * name). Computed at the alert's own times, so a retry sends the same bytes.
 */
export function webhookBody(context: NotificationContext): string {
  const title = titleOf(context, context.alert.resolvedAt ?? context.alert.startedAt);
  return JSON.stringify({ version: 1, title, ...context });
}

export class WebhookChannel implements Channel {
  readonly type = 'webhook' as const;
  readonly name: string;

  constructor(private readonly config: WebhookChannelConfig, private readonly options: ChannelOptions = {}) {
    this.name = config.name;
  }

  async send(context: NotificationContext): Promise<void> {
    const secrets = new SecretResolver(this.options.env ?? process.env);
    let url: string;
    let secret: string;
    const headers: Record<string, string> = {};
    try {
      url = secrets.resolve(this.config.url);
      secret = secrets.resolve(this.config.secret);
      for (const [name, value] of Object.entries(this.config.headers ?? {})) headers[name] = secrets.resolve(value);
    } catch (error) {
      throw new ChannelError({ channel: this.name, channelType: this.type, message: (error as Error).message, retryable: false });
    }
    const body = webhookBody(context);
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = signWebhook(secret, timestamp, body);
    headers['x-switchboard-event'] = context.kind;
    await postJson({
      channel: this.name,
      channelType: this.type,
      url,
      body,
      headers,
      timeoutMs: this.config.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets,
      secretUrl: this.config.url.includes('${'),
      fetch: this.options.fetch,
    });
  }
}
