import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Simulator } from '../simulator/simulator.js';

/** URL path prefix per demo integration, as the demo catalogue's check URLs use them. */
const PATHS: Record<string, string> = {
  dhl: 'dhl-carrier',
  ups: 'ups-carrier',
  shopify: 'shopify-connector',
  amazon: 'amazon-marketplace',
};

/**
 * The CRM connection service's re-authorization, as the demo catalogue's recovery action calls
 * it: with a bearer credential it renews the connection, which ends an auth-expired incident.
 */
function reauthorize(simulator: Simulator, clock: () => number, request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const answer = (status: number, body: object): void => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (!/^Bearer \S+/.test(request.headers.authorization ?? '')) return answer(401, { error: 'a bearer credential is required' });
  const expired = simulator.activeIncidents(clock()).filter((incident) => incident.integration === 'salesforce-sync' && incident.kind === 'auth-expired');
  for (const incident of expired) simulator.stopIncident(incident.id);
  return answer(200, { reauthorized: true, connection: 'salesforce-eu', ended_incidents: expired.map((incident) => incident.id) });
}

/**
 * Stand-ins for the partners' health endpoints, on loopback, so the demo's active checks have
 * something real to probe. They answer as the simulated partner fares: 503 during a server-error
 * incident, slowly during a latency spike, 401 when credentials expired.
 */
export async function startPartnerSandbox(simulator: Simulator, clock: () => number = Date.now): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/salesforce/reauthorize') return reauthorize(simulator, clock, request, response);
    const prefix = request.url?.split('/')[1] ?? '';
    const integration = PATHS[prefix];
    if (!integration || !request.url?.endsWith('/health')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"unknown endpoint"}');
      return;
    }
    const kinds = new Set(simulator.activeIncidents(clock()).filter((i) => i.integration === integration).map((i) => i.kind));
    const answer = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (kinds.has('server-errors')) return answer(503, { status: 'unavailable' });
    if (kinds.has('auth-expired')) return answer(401, { status: 'unauthorized' });
    if (kinds.has('latency-spike')) {
      setTimeout(() => answer(200, { status: 'ok' }), 2_500);
      return;
    }
    return answer(200, { status: 'ok' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
