import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { ForbiddenError } from '../access/guard.js';
import type { TenantDirectory, TenantScope } from '../access/tenants.js';
import { durationMs } from '../catalogue/duration.js';
import { InputError, NotFoundError } from '../errors.js';
import { decodeCursor, encodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseBoolean, parseEnum, parseLimit, parseTime, parseWindow, shown, type QueryParams } from '../query/params.js';
import { DAY } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import { actorOf } from '../access/principal.js';
import { acknowledgeAlert, alertEpisodes, alertHistory, alertOrderKey, assignAlert, listAlerts, unacknowledgeAlert, unassignAlert, type AlertStateFilter } from './alerts.js';
import type { SilenceMatcher } from './lifecycle.js';
import { integrationOfNotification, listDeadNotifications, listDeliveries, requeueNotification } from './notify/outbox.js';
import type { AlertRules } from './rules/rules.js';
import { confinedTo, createSilence, expireSilence, getSilence, integrationsNamedBy, listSilencePage, type SilenceLimits } from './silences.js';

export interface AlertRouteDependencies {
  db: Kysely<Database>;
  /** The longest silence and maintenance window (config.silences); 90 days and a year by default. */
  silenceLimits?: SilenceLimits;
  /** How far ahead of the server clock a record may be: the alert history's window ends there at the latest. */
  skewMs?: number;
  rules: AlertRules;
  /** Who may see which integration: a caller bound to tenants sees and touches only theirs. */
  tenants: TenantDirectory;
  clock: () => number;
  /** Told when an operator changed what is silenced or queued, so the console refreshes. */
  onChange?: () => void;
}

const STATES: AlertStateFilter[] = ['firing', 'pending', 'resolved', 'active'];

function stateOf(raw: string | undefined): AlertStateFilter | undefined {
  return parseEnum('state', raw, STATES);
}

function idOf(raw: string, what: string): number {
  const id = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError(`${shown(raw)} is not ${what} id (a positive whole number)`, 'invalid_id');
  return id;
}

/** `integration=` of a list: an integration id, or nothing. */
function integrationOf(raw: string | undefined): string | undefined {
  return raw === undefined || raw === '' ? undefined : integrationId(raw);
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

const time = { anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'integer' }] };
export const SILENCE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['author', 'reason'],
  properties: {
    kind: { enum: ['silence', 'maintenance'] },
    matchers: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'value'],
        properties: { label: { type: 'string', maxLength: 100 }, value: { type: 'string', maxLength: 500 }, regex: { type: 'boolean' } },
      },
    },
    integration: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
    starts_at: time,
    ends_at: time,
    duration: { type: 'string', maxLength: 12, pattern: '^\\d+(m|h|d)$' },
    author: { type: 'string', maxLength: 500 },
    reason: { type: 'string', maxLength: 500 },
  },
} as const;

function silenceTimes(body: SilenceBody, now: number): { startsAt: number; endsAt: number } {
  const startsAt = body.starts_at === undefined ? now : parseTime('starts_at', String(body.starts_at));
  if (body.ends_at !== undefined && body.duration !== undefined) throw new InputError('give either ends_at or duration, not both');
  if (body.ends_at !== undefined) return { startsAt, endsAt: parseTime('ends_at', String(body.ends_at)) };
  if (body.duration !== undefined) {
    const length = durationMs(body.duration);
    if (!Number.isSafeInteger(length)) throw new InputError(`duration ${shown(body.duration)} is far too long`, 'silence_too_long');
    return { startsAt, endsAt: startsAt + length };
  }
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

export const ACK_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { note: { type: 'string', maxLength: 500 } },
} as const;

/** Whom to assign an alert to: a person's name or handle, as on-call writes it. */
export const ASSIGN_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['assignee'],
  properties: { assignee: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]*\\S[^\\u0000-\\u001f\\u007f]*$', description: 'must be a name of 1 to 100 characters, without control characters' } },
} as const;

/** The alerting API: alerts and their history, deliveries, rules in force, silences and the dead letters. */
export function alertRoutes(deps: AlertRouteDependencies) {
  const { db, rules, tenants, clock } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: QueryParams }>('/api/v1/alerts', { config: { permission: 'read' } }, async (request) => {
      const integration = integrationOf(request.query.integration);
      const state = stateOf(request.query.state);
      const limit = parseLimit(request.query.limit, 500, 5_000);
      const after = decodeCursor(request.query.cursor, ['number', 'number', 'number'] as const);
      const integrations = (await tenants.scopeOf(request.principal)).narrow(integration);
      const alerts = await listAlerts(db, {
        ...(state ? { state } : {}),
        ...(integration ? { integration } : {}),
        ...(integrations ? { integrations } : {}),
        ...(after ? { after } : {}),
        limit: limit + 1,
      });
      const page = pageOf(alerts, limit, alertOrderKey);
      return { alerts: page.items, next: page.next };
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/alerts/history', { config: { permission: 'read' } }, async (request) => {
      const window = parseWindow(request.query, clock(), { defaultSpan: 7 * DAY, ...(deps.skewMs !== undefined ? { skewMs: deps.skewMs } : {}) });
      const integration = integrationOf(request.query.integration);
      const limit = parseLimit(request.query.limit, 200, 2_000);
      const before = decodeCursor(request.query.cursor, ['number', 'number'] as const);
      const integrations = (await tenants.scopeOf(request.principal)).narrow(integration);
      const episodes = await alertEpisodes(db, window, { ...(integration ? { integration } : {}), ...(integrations ? { integrations } : {}), ...(before ? { before } : {}), limit: limit + 1 });
      const page = pageOf(episodes, limit, (episode) => [episode.fired_at, episode.event_id]);
      return {
        from: window.from,
        to: window.to,
        episodes: page.items.map(({ event_id: _eventId, ...episode }) => episode),
        next: page.next,
      };
    });

    app.get('/api/v1/alerts/rules', { config: { permission: 'read' } }, async (request) => {
      const scope = await tenants.scopeOf(request.principal);
      // A caller bound to tenants sees what concerns its integrations: the file's path and its load
      // problems (which quote other tenants' rules) are for those who see everything.
      return {
        file: scope.seesAll ? (rules.path ?? null) : null,
        problems: scope.seesAll ? rules.problems() : [],
        rules: rules.rules().filter((rule) => rule.integration === '*' || scope.sees(rule.integration)),
        channels: rules.channels().map((channel) => ({ name: channel.name, type: channel.type })),
        routes: rules.routes().filter((route) => route.match?.integration === undefined || scope.sees(route.match.integration)),
      };
    });

    app.get<{ Params: { id: string } }>('/api/v1/alerts/:id', { config: { permission: 'read', audit: { action: 'alert.read' } } }, async (request) => {
      const id = idOf(request.params.id, 'an alert');
      const history = await alertHistory(db, id);
      await tenants.assertVisible(request.principal, history.alert.integration, `no alert ${id}`);
      return { ...history, deliveries: await listDeliveries(db, id) };
    });

    /** The alert `id` names, if the caller may see it; another tenant's answers as if it did not exist. */
    const visibleAlert = async (request: { principal?: Parameters<TenantDirectory['assertVisible']>[0] }, id: number) => {
      const row = await db.selectFrom('alerts').select(['integration']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError(`no alert ${id}`);
      await tenants.assertVisible(request.principal, row.integration, `no alert ${id}`);
      return row.integration;
    };

    app.post<{ Params: { id: string }; Body: { note?: string } | undefined }>(
      '/api/v1/alerts/:id/ack',
      { config: { permission: 'respond', audit: { action: 'alert.acknowledge' } }, schema: { body: ACK_BODY } },
      async (request) => {
        const id = idOf(request.params.id, 'an alert');
        const integration = await visibleAlert(request, id);
        const note = request.body?.note?.trim() || null;
        const alert = await acknowledgeAlert(db, id, { by: actorOf(request.principal!), note, now: clock() });
        deps.onChange?.();
        request.auditNote = { integration, target: `alerts:${id}`, after: alert.acknowledgement };
        return alert;
      },
    );

    app.delete<{ Params: { id: string } }>('/api/v1/alerts/:id/ack', { config: { permission: 'respond', audit: { action: 'alert.unacknowledge' } } }, async (request) => {
      const id = idOf(request.params.id, 'an alert');
      const integration = await visibleAlert(request, id);
      const alert = await unacknowledgeAlert(db, id, { by: actorOf(request.principal!), now: clock() });
      deps.onChange?.();
      request.auditNote = { integration, target: `alerts:${id}` };
      return alert;
    });

    app.put<{ Params: { id: string }; Body: { assignee: string } }>(
      '/api/v1/alerts/:id/assignee',
      { config: { permission: 'respond', audit: { action: 'alert.assign' } }, schema: { body: ASSIGN_BODY } },
      async (request) => {
        const id = idOf(request.params.id, 'an alert');
        const integration = await visibleAlert(request, id);
        const alert = await assignAlert(db, id, { to: request.body.assignee.trim(), by: actorOf(request.principal!), now: clock() });
        deps.onChange?.();
        request.auditNote = { integration, target: `alerts:${id}`, after: alert.assignment };
        return alert;
      },
    );

    app.delete<{ Params: { id: string } }>('/api/v1/alerts/:id/assignee', { config: { permission: 'respond', audit: { action: 'alert.unassign' } } }, async (request) => {
      const id = idOf(request.params.id, 'an alert');
      const integration = await visibleAlert(request, id);
      const alert = await unassignAlert(db, id, { by: actorOf(request.principal!), now: clock() });
      deps.onChange?.();
      request.auditNote = { integration, target: `alerts:${id}` };
      return alert;
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/silences', { config: { permission: 'read' } }, async (request) => {
      const active = parseBoolean('active', request.query.active);
      const limit = parseLimit(request.query.limit, 200, 2_000);
      const before = decodeCursor(request.query.cursor, ['number', 'number'] as const);
      const { integrations } = await tenants.scopeOf(request.principal);
      const page = await listSilencePage(db, { now: clock(), activeOnly: active === true, limit, ...(before ? { before } : {}), ...(integrations ? { integrations } : {}) });
      return { silences: page.silences, next: page.next ? encodeCursor(page.next) : null };
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
        ...(deps.silenceLimits ? { limits: deps.silenceLimits } : {}),
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

    app.get<{ Querystring: QueryParams }>('/api/v1/notifications/dead', { config: { permission: 'read' } }, async (request) => {
      const limit = parseLimit(request.query.limit, 100, 1_000);
      const before = decodeCursor(request.query.cursor, ['number', 'number'] as const);
      const dead = await listDeadNotifications(db, limit + 1, (await tenants.scopeOf(request.principal)).integrations, before);
      const page = pageOf(dead, limit, (delivery) => [delivery.createdAt, delivery.id]);
      return { notifications: page.items, next: page.next };
    });

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
