import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built single-page console (console/dist at the package root). */
export const CONSOLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console', 'dist');

/**
 * Serves the console, and its index.html for every other non-API GET so deep links
 * (/integrations/dhl-carrier?window=24h) open the right page. Files are looked up per request,
 * so a rebuilt console is served without restarting the server.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  // The console's files are public; what it shows comes from the API, which asks who is calling.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, permission: 'public' };
  });
  await app.register(fastifyStatic, { root: CONSOLE_DIR, wildcard: true });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}`, code: 'not_found' });
    }
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      return reply
        .code(503)
        .type('text/plain')
        .send('The console has not been built: run "npm run build" (or "npm install", which builds it).');
    }
    if (/\.\w+$/.test(request.url.split('?')[0]!)) {
      return reply.code(404).type('text/plain').send(`no such file: ${request.url.split('?')[0]}`);
    }
    return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
  });
}
