import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built single-page console (console/dist at the package root). */
export const CONSOLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console', 'dist');

/**
 * Serves the console, and its index.html for every other non-API GET so deep links
 * (/integrations/dhl-carrier?window=24h) open the right page.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const built = existsSync(join(CONSOLE_DIR, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: CONSOLE_DIR, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}`, code: 'not_found' });
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/plain')
        .send('The console has not been built: run "npm run build" (or "npm install", which builds it).');
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
