import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditTrail } from '../access/audit.js';
import { InputError, NotFoundError, SwitchboardError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { acknowledgeAlert } from './alerts.js';

/** A PagerDuty v3 webhook is a few kilobytes; anything much larger is not one. */
export const PAGERDUTY_WEBHOOK_BODY_LIMIT = 64 * 1024;
export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

/**
 * PagerDuty's signature check: `X-PagerDuty-Signature` holds one or more `v1=<hex>` (comma
 * separated while a secret is rotated), each the HMAC-SHA256 of the raw body with the
 * subscription's secret. Compared in constant time.
 */
export function verifyPagerDutySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(body).digest('hex')}`);
  return header.split(',').some((part) => {
    const given = Buffer.from(part.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A webhook whose signature does not verify: 401, nothing done. */
export class SignatureError extends SwitchboardError {
  constructor(message: string) {
    super('bad_signature', message, 401);
    this.name = 'SignatureError';
  }
}

interface PagerDutyEvent {
  event?: {
    event_type?: unknown;
    agent?: { summary?: unknown } | null;
    data?: { id?: unknown; incident_key?: unknown } | null;
  };
}

export interface PagerDutyWebhookDependencies {
  db: Kysely<Database>;
  audit: AuditTrail;
  clock: () => number;
  /** The webhook subscription's signing secret (SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET); unset: the receiver answers 404. */
  secret: string | undefined;
  onChange?: () => void;
}

/**
 * Mirrors PagerDuty's acknowledgements: a PagerDuty v3 webhook subscription posts here, and an
 * `incident.acknowledged` event whose incident key is a firing alert's fingerprint (the
 * `dedup_key` the PagerDuty channel sends) acknowledges that alert, so its repeats stop on every
 * channel. Public, since PagerDuty holds no Switchboard token: the caller proves itself with the
 * signature. Audited as alert.acknowledge by `pagerduty:<who acknowledged>`.
 */
export function pagerDutyWebhookRoutes(deps: PagerDutyWebhookDependencies) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: PAGERDUTY_WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, String(body)));

    app.post('/api/v1/alerts/pagerduty', { config: { permission: 'public' } }, async (request) => {
      if (!deps.secret) throw new NotFoundError('no PagerDuty webhook is configured here: set SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET to the subscription\'s secret');
      const body = typeof request.body === 'string' ? request.body : '';
      const header = request.headers[PAGERDUTY_SIGNATURE_HEADER];
      if (!verifyPagerDutySignature(deps.secret, body, Array.isArray(header) ? header.join(',') : header)) {
        throw new SignatureError('the X-PagerDuty-Signature does not verify with the configured secret (SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET must be the subscription\'s secret)');
      }
      let parsed: PagerDutyEvent;
      try {
        parsed = JSON.parse(body) as PagerDutyEvent;
      } catch {
        throw new InputError('the body is not valid JSON', 'invalid_json');
      }
      const event = parsed?.event;
      if (!event || typeof event.event_type !== 'string') throw new InputError('not a PagerDuty v3 webhook: no event.event_type', 'invalid_event');
      // PagerDuty needs a 2xx for every event it sends, or it retries and finally disables the subscription.
      if (event.event_type !== 'incident.acknowledged') return { mirrored: false, reason: `${event.event_type} is not mirrored` };
      const key = event.data?.incident_key;
      if (typeof key !== 'string' || key === '') return { mirrored: false, reason: 'the incident has no incident_key' };
      const alert = await deps.db.selectFrom('alerts').select(['id', 'state', 'integration']).where('fingerprint', '=', key).executeTakeFirst();
      if (!alert) return { mirrored: false, reason: 'no alert has this incident key' };
      if (alert.state !== 'firing') return { mirrored: false, reason: `alert ${alert.id} is ${alert.state}` };
      const who = typeof event.agent?.summary === 'string' && event.agent.summary.trim() ? event.agent.summary.trim().slice(0, 100) : 'someone';
      const incident = typeof event.data?.id === 'string' ? event.data.id.slice(0, 40) : null;
      const now = deps.clock();
      const acknowledged = await acknowledgeAlert(deps.db, Number(alert.id), { by: `pagerduty:${who}`, note: `acknowledged in PagerDuty${incident ? ` (incident ${incident})` : ''}`, now });
      await deps.audit.append({
        ts: now,
        actor: `pagerduty:${who}`,
        actorKind: 'webhook',
        address: request.ip,
        action: 'alert.acknowledge',
        outcome: 'ok',
        integration: alert.integration,
        target: `alerts:${alert.id}`,
        after: acknowledged.acknowledgement,
      });
      deps.onChange?.();
      return { mirrored: true, alert: Number(alert.id) };
    });
  };
}
