import type { FastifyInstance } from 'fastify';
import { InputError, NotFoundError, messageOf } from '../errors.js';
import { INCIDENT_KINDS, incidentKindInfo, type IncidentKind } from '../simulator/incidents.js';
import type { Simulator } from '../simulator/simulator.js';

interface IncidentRequest {
  kind?: string;
  integration?: string;
  duration_minutes?: number;
}

/** Demo-only API: play a scripted incident on the simulator, list and stop them. */
export function incidentRoutes(simulator: Simulator, clock: () => number = Date.now) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/demo/incidents', { config: { permission: 'read' } }, async () => ({
      kinds: INCIDENT_KINDS.map(({ kind, description, defaultIntegration }) => ({ kind, description, default_integration: defaultIntegration })),
      active: simulator.activeIncidents(clock()),
    }));

    app.post<{ Body: IncidentRequest }>('/api/v1/demo/incidents', { config: { permission: 'respond', audit: { action: 'demo.incident.start' } } }, async (request, reply) => {
      const body = request.body ?? {};
      const info = body.kind ? incidentKindInfo(body.kind) : undefined;
      if (!info) {
        throw new InputError(`kind must be one of ${INCIDENT_KINDS.map((k) => k.kind).join(', ')}`);
      }
      if (body.integration !== undefined && !simulator.integrations.some((i) => i.id === body.integration)) {
        throw new InputError(`integration must be one of the demo integrations: ${simulator.integrations.map((i) => i.id).join(', ')}`);
      }
      const minutes = body.duration_minutes;
      if (minutes !== undefined && !(typeof minutes === 'number' && minutes > 0 && minutes <= 24 * 60)) {
        throw new InputError('duration_minutes must be a number from 1 to 1440');
      }
      try {
        const incident = simulator.startIncident(info.kind as IncidentKind, {
          ...(body.integration ? { integration: body.integration } : {}),
          startMs: clock(),
          ...(minutes ? { durationMs: minutes * 60_000 } : {}),
        });
        return reply.code(201).send(incident);
      } catch (error) {
        // The simulator refuses an incident its target cannot have (a count drop at a carrier).
        throw new InputError(messageOf(error));
      }
    });

    app.delete<{ Params: { id: string } }>('/api/v1/demo/incidents/:id', { config: { permission: 'respond', audit: { action: 'demo.incident.stop' } } }, async (request) => {
      if (!simulator.stopIncident(request.params.id)) throw new NotFoundError(`no active incident ${request.params.id}`);
      return { stopped: request.params.id };
    });
  };
}
