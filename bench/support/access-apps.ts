/**
 * The two servers the access benchmark compares, over the same store:
 *
 * `guarded` is the app exactly as `switchboard serve` builds it (createApp: cookie parser, security
 * headers, rate limits, the guard with its audit hook, and every route), background jobs off.
 * `open` is the baseline: the same ingest and query routes, with the same logger, correlation ids,
 * request log line and error answers as createApp, and nothing of the access layer, so a request
 * reaches the handler without being authenticated or authorised.
 */
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../src/config.js';
import { SwitchboardError } from '../../src/errors.js';
import { ingestRoutes } from '../../src/ingest/route.js';
import { queryRoutes } from '../../src/query/routes.js';
import { createApp } from '../../src/server/app.js';
import { correlationIdOf, loggerOptions, type LogLevel } from '../../src/server/logger.js';
import type { Database } from '../../src/store/schema.js';

export type Variant = 'guarded' | 'open';

async function openApp(config: Config, db: Kysely<Database>, logLevel: LogLevel): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(logLevel),
    genReqId: correlationIdOf,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'correlation_id', disableRequestLogging: true }),
    bodyLimit: config.ingest.maxBodyBytes,
    ajv: { customOptions: { removeAdditional: false } },
  });
  // createApp's own hooks, as it has them.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const integration = (request.params as { id?: string } | undefined)?.id;
    request.log.info(
      { operation: `${request.method} ${request.routeOptions.url ?? request.url}`, ...(integration ? { integration } : {}), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request finished',
    );
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error instanceof SwitchboardError ? error.httpStatus : (error.statusCode ?? 500);
    return reply.code(status).send({ error: error.message, code: error instanceof SwitchboardError ? error.code : (error.code ?? 'bad_request') });
  });
  await app.register(async (scope) => ingestRoutes(scope, { db, config, clock: Date.now, onCommitted: () => undefined }));
  await app.register(async (scope) => queryRoutes(scope, { db, config, clock: Date.now }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}

export async function buildApp(variant: Variant, config: Config, db: Kysely<Database>, logLevel: LogLevel = 'info'): Promise<FastifyInstance> {
  if (variant === 'guarded') return (await createApp({ config, db, logLevel, runJobs: false })).app;
  return openApp(config, db, logLevel);
}
