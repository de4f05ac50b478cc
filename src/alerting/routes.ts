import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { ForbiddenError } from '../access/guard.js';
import type { TenantDirectory, TenantScope } from '../access/tenants.js';
import { durationMs } from '../catalogue/duration.js';
import { InputError, NotFoundError } from '../errors.js';
import { parseLimit, parseTime, parseWindow, type QueryParams } from '../query/params.js';
import { DAY } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import { alertEpisodes, alertHistory, listAlerts, type AlertStateFilter } from './alerts.js';
import type { SilenceMatcher } from './lifecycle.js';
import { integrationOfNotification, listDeadNotifications, listDeliveries, requeueNotification } from './notify/outbox.js';
import type { AlertRules } from './rules/rules.js';
import { confinedTo, createSilence, expireSilence, getSilence, integrationsNamedBy, listSilences } from './silences.js';

export interface AlertRouteDependencies {
  db: Kysely<Database>;
  rules: AlertRules;
  /** Who may see which integration: a caller bound to tenants sees and touches only theirs. */
  tenants: TenantDirectory;
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

/**
 * A caller bound to tenants silences only its own integrations: every matcher on `integration`
 * must be an equality naming one of them (a pattern could reach another tenant's), and there must
 * be one (without, a silence reaches every integration).
 */
function checkSilenceConfined(scope: TenantScope, body: SilenceBody): void {
  if (scope.seesAll) return;
  const matchers = [...(body.matchers ?? []), ...(body.integration ? [{ label: 'integration', value: body.integration }] : [])];
  const yours = "your tenants' integrations";
  if (matchers.some((m) => m.label === 'integration' && m.regex)) {
    throw new ForbiddenError(`a silence of yours cannot match integration by a pattern (it could reach other tenants' integrations): name one of ${yours} with an equality matcher or "integration"`, 'silence_not_confined');
  }
  const named = integrationsNamedBy(matchers);
  if (named === null) {
    throw new ForbiddenError(`a silence of yours must name the integration it silences ("integration", or an integration equality matcher): one of ${yours}`, 'silence_not_confined');
  }
  const foreign = named.filter((id) => !scope.sees(id));
  if (foreign.length > 0) {
    throw new ForbiddenError(`you may silence only ${yours}; "${foreign.join('", "')}" is not one of them`, 'silence_not_confined');
  }
}

/** The alerting API: alerts and their history, deliveries, rules in force, silences and the dead letters. */
export function alertRoutes(deps: AlertRouteDependencies) {
  const { db, rules, tenants, clock } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: QueryParams }>('/api/v1/alerts', { config: { permission: 'read' } }, async (request) => {
      const { integration, limit } = request.query;
      const state = stateOf(request.query.state);
      const integrations = (await tenants.scopeOf(request.principal)).narrow(integration || undefined);
      return {
        alerts: await listAlerts(db, {
          ...(state ? { state } : {}),
          ...(integration ? { integration } : {}),
          ...(integrations ? { integrations } : {}),
          limit: parseLimit(limit, 500, 5_000),
        }),
      };
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/alerts/history', { config: { permission: 'read' } }, async (request) => {
      const window = parseWindow(request.query, clock(), 7 * DAY);
      const { integration, limit } = request.query;
      const integrations = (await tenants.scopeOf(request.principal)).narrow(integration || undefined);
      return {
        from: window.from,
        to: window.to,
        episodes: await alertEpisodes(db, window, { ...(integration ? { integration } : {}), ...(integrations ? { integrations } : {}), limit: parseLimit(limit, 200, 2_000) }),
      };
    });

    app.get('/api/v1/alerts/rules', { config: { permission: 'read' } }, async (request) => {
      const scope = await tenants.scopeOf(request.principal);
      return {
        file: rules.path ?? null,
        problems: rules.problems(),
        rules: rules.rules().filter((rule) => rule.integration === '*' || scope.sees(rule.integration)),
        channels: rules.channels().map((channel) => ({ name: channel.name, type: channel.type })),
        routes: rules.routes(),
      };
    });

    app.get<{ Params: { id: string } }>('/api/v1/alerts/:id', { config: { permission: 'read', audit: { action: 'alert.read' } } }, async (request) => {
      const id = idOf(request.params.id, 'an alert');
      const history = await alertHistory(db, id);
      await tenants.assertVisible(request.principal, history.alert.integration, `no alert ${id}`);
      return { ...history, deliveries: await listDeliveries(db, id) };
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/silences', { config: { permission: 'read' } }, async (request) => {
      const active = request.query.active;
      if (active !== undefined && active !== 'true' && active !== 'false') throw new InputError(`active=${active} must be true or false`);
      const { integrations } = await tenants.scopeOf(request.principal);
      return {
        silences: await listSilences(db, { now: clock(), activeOnly: active === 'true', limit: parseLimit(request.query.limit, 200, 2_000), ...(integrations ? { integrations } : {}) }),
      };
    });

    app.post<{ Body: SilenceBody }>('/api/v1/silences', { config: { permission: 'respond', audit: { action: 'silence.create' } }, schema: { body: SILENCE_BODY } }, async (request, reply) => {
      const now = clock();
      const body = request.body;
      checkSilenceConfined(await tenants.scopeOf(request.principal), body);
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
      const id = idOf(request.params.id, 'a silence');
      const scope = await tenants.scopeOf(request.principal);
      if (!scope.seesAll && !confinedTo((await getSilence(db, id, clock())).matchers, (integration) => scope.sees(integration))) throw new NotFoundError(`no silence ${id}`);
      const silence = await expireSilence(db, id, clock());
      deps.onChange?.();
      request.auditNote = { target: `silences:${silence.id}`, after: silence };
      return silence;
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/notifications/dead', { config: { permission: 'read' } }, async (request) => ({
      notifications: await listDeadNotifications(db, parseLimit(request.query.limit, 100, 1_000), (await tenants.scopeOf(request.principal)).integrations),
    }));

    app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/retry', { config: { permission: 'respond', audit: { action: 'notification.retry' } } }, async (request) => {
      const id = idOf(request.params.id, 'a notification');
      const notFound = `no dead-lettered notification ${id}; only dead ones can be retried`;
      const scope = await tenants.scopeOf(request.principal);
      if (!scope.seesAll && !scope.sees((await integrationOfNotification(db, id)) ?? '')) throw new NotFoundError(notFound);
      if (!(await requeueNotification(db, id, clock()))) throw new NotFoundError(notFound);
      deps.onChange?.();
      return { id, status: 'pending' };
    });
  };
}
