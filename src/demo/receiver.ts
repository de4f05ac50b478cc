import type { FastifyInstance } from 'fastify';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../alerting/notify/webhook/webhook.js';
import type { NotificationContext } from '../alerting/types.js';

interface Received {
  received_at: number;
  signature_valid: boolean;
  kind: string;
  rule: string;
  integration: string;
  severity: string;
  summary: string;
  console_link: string;
}

const KEEP = 100;

/**
 * Demo-only: a webhook receiver on the demo server itself, so the demo's alerts have somewhere real
 * to be delivered. It checks each notification's signature as a user's receiver would, and lists
 * the last ones at GET /api/v1/demo/notifications.
 */
export function notificationReceiver(secret: string, clock: () => number = Date.now) {
  const received: Received[] = [];
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, String(body)));

    // Public: the caller proves itself with the webhook signature, as any receiver's caller would.
    app.post('/api/v1/demo/receiver', { config: { permission: 'public' } }, async (request, reply) => {
      const body = String(request.body ?? '');
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const valid = verifyWebhookSignature({ secret, body, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER), nowMs: clock() });
      if (!valid) return reply.code(401).send({ error: 'the signature does not verify', code: 'bad_signature' });
      const context = JSON.parse(body) as NotificationContext;
      received.unshift({
        received_at: clock(),
        signature_valid: valid,
        kind: context.kind,
        rule: context.alert.rule,
        integration: context.integration.id,
        severity: context.alert.severity,
        summary: context.alert.summary,
        console_link: context.links.console,
      });
      received.length = Math.min(received.length, KEEP);
      return { received: true };
    });

    app.get('/api/v1/demo/notifications', { config: { permission: 'read' } }, async () => ({ notifications: received }));
  };
}
