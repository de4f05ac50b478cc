import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { actorOf } from '../access/principal.js';
import type { TenantDirectory } from '../access/tenants.js';
import { InputError, NotFoundError } from '../errors.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, shown, type QueryParams } from '../query/params.js';
import type { Database } from '../store/schema.js';
import { presentAction } from './present.js';
import { fitsAny } from './problems.js';
import { listRuns } from './runs.js';
import type { RecoveryService } from './service.js';

export interface RecoveryRouteDependencies {
  db: Kysely<Database>;
  recovery: RecoveryService;
  tenants: TenantDirectory;
}

export const RUN_BODY = {
  // No body at all is fine: a run for no alert.
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { alert_id: { type: 'integer', minimum: 1, description: 'The alert the action is run for: the run goes on its timeline.' } },
} as const;

const RUNS_LIMIT = 20;
const RUNS_MAX_LIMIT = 500;

function alertIdOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError(`alert=${shown(raw)} is not an alert id (a positive whole number)`, 'invalid_id');
  return id;
}

/** One-click recovery: the actions that fit an integration's problems, their runs, and running one. */
export function recoveryRoutes({ db, recovery, tenants }: RecoveryRouteDependencies) {
  return async (app: FastifyInstance): Promise<void> => {
    const notFound = (id: string) => `no integration "${id}" in the catalogue or in the data`;
    /** The alert named for this integration; another integration's (or another tenant's) answers 404. */
    const alertOf = async (integration: string, alertId: number | undefined) => {
      if (alertId === undefined) return undefined;
      const row = await db.selectFrom('alerts').select('integration').where('id', '=', alertId).executeTakeFirst();
      if (row?.integration !== integration) throw new NotFoundError(`no alert ${alertId} of integration "${integration}"`);
      return alertId;
    };

    app.get<{ Params: { id: string }; Querystring: QueryParams }>(
      '/api/v1/integrations/:id/recovery',
      { config: { permission: 'read', audit: { action: 'recovery.read' } } },
      async (request) => {
        const id = integrationId(request.params.id, 'the integration id');
        await tenants.assertVisible(request.principal, id, notFound(id));
        const alertId = await alertOf(id, alertIdOf(request.query.alert));
        const limit = parseLimit(request.query.limit, RUNS_LIMIT, RUNS_MAX_LIMIT);
        const before = decodeCursor(request.query.cursor, ['number'] as const)?.[0];
        const { problems, advice } = await recovery.situation(id, alertId);
        const actions = recovery
          .actions(id)
          .map((action) => ({ ...presentAction(action), fits: fitsAny(action, problems) }))
          // The fitting ones first: they are what the page offers.
          .sort((a, b) => Number(b.fits) - Number(a.fits));
        const runs = await listRuns(db, { integration: id, ...(alertId !== undefined ? { alertId } : {}), ...(before !== undefined ? { before } : {}), limit: limit + 1 });
        const page = pageOf(runs, limit, (run) => [run.id]);
        return { integration: id, problems: [...problems].sort(), advice, actions, runs: page.items, next: page.next };
      },
    );

    app.post<{ Params: { id: string; action: string }; Body: { alert_id?: number } | undefined }>(
      '/api/v1/integrations/:id/recovery/:action/run',
      { config: { permission: 'respond', audit: { action: 'recovery.run' } }, schema: { body: RUN_BODY } },
      async (request, reply) => {
        const id = integrationId(request.params.id, 'the integration id');
        await tenants.assertVisible(request.principal, id, notFound(id));
        const alertId = await alertOf(id, request.body?.alert_id);
        const run = await recovery.run(id, request.params.action, { trigger: 'manual', actor: actorOf(request.principal!), alertId: alertId ?? null });
        request.auditNote = { integration: id, target: `recovery:${id}/${run.action}`, after: { outcome: run.outcome, http_status: run.http_status, ms: run.ms, alert_id: run.alert_id } };
        return reply.code(201).send(run);
      },
    );
  };
}
