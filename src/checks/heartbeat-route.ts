import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../access/tenants.js';
import { InputError, NotFoundError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { parsePing, recordPing } from './ping.js';
import type { CheckScheduler } from './scheduler.js';
import { findEntry, type CatalogueSource } from './types.js';
import { shown } from '../query/params.js';

export interface HeartbeatRouteDependencies {
  db: Kysely<Database>;
  catalogue: CatalogueSource;
  scheduler?: Pick<CheckScheduler, 'notePing'>;
  /** A key bound to tenants pings only their integrations' heartbeats. */
  tenants: TenantDirectory;
  clock?: () => number;
  onPing?: (integration: string, check: string) => void;
}

type PingRequest = FastifyRequest<{ Params: { id: string; check: string }; Querystring: Record<string, unknown>; Body: unknown }>;

/**
 * `POST /api/v1/heartbeats/:integration/:check` (GET too, for cron one-liners): a job reports
 * that it ran, optionally with its status, record counts, duration and error. Answers 200 only
 * once the ping is committed, as a check result and as a run record.
 */
export function heartbeatRoute(deps: HeartbeatRouteDependencies) {
  const clock = deps.clock ?? Date.now;
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      method: ['GET', 'POST'],
      url: '/api/v1/heartbeats/:id/:check',
      // A HEAD from an uptime checker must not count as a ping.
      exposeHeadRoute: false,
      // Authorised like ingest; a key in the query string is refused (URLs end up in logs).
      config: { permission: 'ingest' },
      handler: async (request: PingRequest) => {
        const { id, check: name } = request.params;
        await deps.tenants.assertVisible(request.principal, id, `no integration ${shown(id)} in the catalogue`);
        const entry = findEntry(deps.catalogue, id);
        if (!entry) throw new NotFoundError(`no integration ${shown(id)} in the catalogue`);
        const check = entry.checks.find((candidate) => candidate.name === name);
        if (!check) {
          const heartbeats = entry.checks.filter((candidate) => candidate.type === 'heartbeat').map((candidate) => `"${candidate.name}"`);
          throw new NotFoundError(
            `integration "${id}" has no check ${shown(name)}${heartbeats.length > 0 ? `; its heartbeat checks are ${heartbeats.join(', ')}` : ' and declares no heartbeat checks'}`,
          );
        }
        if (check.type !== 'heartbeat') throw new InputError(`check "${name}" of ${id} is an ${check.type} check, not a heartbeat`, 'not_a_heartbeat');
        const form = typeof request.body === 'string' ? Object.fromEntries(new URLSearchParams(request.body)) : undefined;
        const ping = form ? parsePing({ ...request.query, ...form }, undefined) : parsePing(request.query, request.body);
        const now = clock();
        const stored = await recordPing(deps.db, check, ping, now);
        deps.scheduler?.notePing(id, name, now, stored.status);
        deps.onPing?.(id, name);
        request.log.info({ operation: 'heartbeat', integration: id, check: name, status: ping.status }, 'heartbeat recorded');
        return { recorded: true };
      },
    });
  };
}
