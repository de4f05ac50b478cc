import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { durationMs } from '../catalogue/duration.js';
import { InputError, NotFoundError } from '../errors.js';
import { parseLimit, parseTime, parseWindow, type QueryParams } from '../query/params.js';
import { DAY } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import { alertEpisodes, alertHistory, listAlerts, type AlertStateFilter } from './alerts.js';
import type { SilenceMatcher } from './lifecycle.js';
import { listDeadNotifications, listDeliveries, requeueNotification } from './notify/outbox.js';
import type { AlertRules } from './rules/rules.js';
import { createSilence, expireSilence, listSilences } from './silences.js';

export interface AlertRouteDependencies {
  db: Kysely<Database>;
  rules: AlertRules;
  clock: () => number;
  /** Told when an operator changed what is silenced or queued, so the console refreshes. */
  onChange?: () => void;
}

const STATES: AlertStateFilter[] = ['firing', 'pending', 'resolved', 'active'];

function stateOf(raw: string | undefined): AlertStateFilter | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!(STATES as string[]).includes(raw)) throw new InputError(`state=${raw} must be one of ${STATES.join(', ')}`);
  return raw as AlertStateFilter;
}

function idOf(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError(`"${raw}" is not ${what} id (a positive whole number)`);
  return id;
}

interface SilenceBody {
  kind?: 'silence' | 'maintenance';
  matchers?: SilenceMatcher[];
  integration?: string;
  starts_at?: string | number;
  ends_at?: string | number;
  duration?: string;
  author: string;
  reason: string;
}

const time = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer' }] };
export const SILENCE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['author', 'reason'],
  properties: {
    kind: { enum: ['silence', 'maintenance'] },
    matchers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'value'],
        properties: { label: { type: 'string' }, value: { type: 'string' }, regex: { type: 'boolean' } },
      },
    },
    integration: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
    starts_at: time,
    ends_at: time,
    duration: { type: 'string', pattern: '^\\d+(m|h|d)$' },
    author: { type: 'string' },
    reason: { type: 'string' },
  },
} as const;

function silenceTimes(body: SilenceBody, now: number): { startsAt: number; endsAt: number } {
  const startsAt = body.starts_at === undefined ? now : parseTime('starts_at', String(body.starts_at));
  if (body.ends_at !== undefined && body.duration !== undefined) throw new InputError('give either ends_at or duration, not both');
  if (body.ends_at !== undefined) return { startsAt, endsAt: parseTime('ends_at', String(body.ends_at)) };
  if (body.duration !== undefined) return { startsAt, endsAt: startsAt + durationMs(body.duration) };
  throw new InputError('a silence needs ends_at or a duration such as "2h"');
}

/** The alerting API: alerts and their history, deliveries, rules in force, silences and the dead letters. */
export function alertRoutes(deps: AlertRouteDependencies) {
  const { db, rules, clock } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: QueryParams }>('/api/v1/alerts', { config: { permission: 'read' } }, async (request) => {
      const { integration, limit } = request.query;
      const state = stateOf(request.query.state);
      return {
        alerts: await listAlerts(db, {
          ...(state ? { state } : {}),
          ...(integration ? { integration } : {}),
          limit: parseLimit(limit, 500, 5_000),
        }),
      };
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/alerts/history', { config: { permission: 'read' } }, async (request) => {
      const window = parseWindow(request.query, clock(), 7 * DAY);
      const { integration, limit } = request.query;
      return { from: window.from, to: window.to, episodes: await alertEpisodes(db, window, { ...(integration ? { integration } : {}), limit: parseLimit(limit, 200, 2_000) }) };
    });

    app.get('/api/v1/alerts/rules', { config: { permission: 'read' } }, async () => ({
      file: rules.path ?? null,
      problems: rules.problems(),
      rules: rules.rules(),
      channels: rules.channels().map((channel) => ({ name: channel.name, type: channel.type })),
      routes: rules.routes(),
    }));

    app.get<{ Params: { id: string } }>('/api/v1/alerts/:id', { config: { permission: 'read', audit: { action: 'alert.read' } } }, async (request) => {
      const id = idOf(request.params.id, 'an alert');
      const history = await alertHistory(db, id);
      return { ...history, deliveries: await listDeliveries(db, id) };
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/silences', { config: { permission: 'read' } }, async (request) => {
      const active = request.query.active;
      if (active !== undefined && active !== 'true' && active !== 'false') throw new InputError(`active=${active} must be true or false`);
      return { silences: await listSilences(db, { now: clock(), activeOnly: active === 'true', limit: parseLimit(request.query.limit, 200, 2_000) }) };
    });

    app.post<{ Body: SilenceBody }>('/api/v1/silences', { config: { permission: 'respond', audit: { action: 'silence.create' } }, schema: { body: SILENCE_BODY } }, async (request, reply) => {
      const now = clock();
      const body = request.body;
      const silence = await createSilence(db, {
        ...silenceTimes(body, now),
        ...(body.kind ? { kind: body.kind } : {}),
        ...(body.matchers ? { matchers: body.matchers } : {}),
        ...(body.integration ? { integration: body.integration } : {}),
        author: body.author,
        reason: body.reason,
        now,
      });
      deps.onChange?.();
      request.auditNote = { target: `silences:${silence.id}`, after: silence };
      return reply.code(201).send(silence);
    });

    app.delete<{ Params: { id: string } }>('/api/v1/silences/:id', { config: { permission: 'respond', audit: { action: 'silence.expire' } } }, async (request) => {
      const silence = await expireSilence(db, idOf(request.params.id, 'a silence'), clock());
      deps.onChange?.();
      request.auditNote = { target: `silences:${silence.id}`, after: silence };
      return silence;
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/notifications/dead', { config: { permission: 'read' } }, async (request) => ({
      notifications: await listDeadNotifications(db, parseLimit(request.query.limit, 100, 1_000)),
    }));

    app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/retry', { config: { permission: 'respond', audit: { action: 'notification.retry' } } }, async (request) => {
      const id = idOf(request.params.id, 'a notification');
      if (!(await requeueNotification(db, id, clock()))) throw new NotFoundError(`no dead-lettered notification ${id}; only dead ones can be retried`);
      deps.onChange?.();
      return { id, status: 'pending' };
    });
  };
}
