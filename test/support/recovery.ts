import { createServer, type Server } from 'node:http';

/** The secret the team service expects; the tests look for it everywhere it must not be. */
export const SECRET = 'crm-connection-secret-7f3a9c';
process.env.RECOVERY_TEST_CRM_TOKEN = SECRET;

/** The team's own service, on loopback: it echoes the secret back, as careless services do. */
export async function teamService(): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    const authorized = request.headers.authorization === `Bearer ${SECRET}`;
    if (request.url === '/refresh') {
      response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ refreshed: authorized, connection: 'crm-eu', used: SECRET }));
    } else if (request.url === '/refresh-flaky') {
      // Fails the first time, as a connection service does while the partner is still settling.
      const first = !seen.slice(0, -1).some((line) => line.includes('/refresh-flaky'));
      response.writeHead(first ? 500 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ refreshed: !first }));
    } else if (request.url === '/restart') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`sync worker crashed; token ${SECRET} rejected`);
    } else if (request.url === '/slow') {
      setTimeout(() => response.writeHead(200).end('late'), 2_000);
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, seen };
}

/**
 * A catalogue record of team-crm's CRM integration `crm-sync` with these recovery actions (each
 * one YAML flow mapping) and, after them, any more of its spec (indented as spec keys).
 */
export function crmSyncRecord(actions: readonly string[], more = ''): string {
  return `apiVersion: switchboard/v1
kind: Integration
metadata: { name: crm-sync }
spec:
  type: saas
  partner: CRM
  owner: team-crm
  recovery:
${actions.map((action) => `    - ${action}\n`).join('')}${more}`;
}

export function recoveryCatalogue(base: string): string {
  const record = (name: string, tenant: string, recovery: string) => `apiVersion: switchboard/v1
kind: Integration
metadata: { name: ${name} }
spec:
  type: saas
  partner: CRM
  owner: team-crm
  tenant: ${tenant}
  recovery:
${recovery}`;
  return [
    record(
      'crm-sync',
      'acme',
      `    - { name: refresh-token, type: http, url: "${base}/refresh", headers: { Authorization: "Bearer \${RECOVERY_TEST_CRM_TOKEN}" }, fixes: [auth_error] }
    - { name: restart-sync, type: http, url: "${base}/restart", headers: { Authorization: "Bearer \${RECOVERY_TEST_CRM_TOKEN}" }, fixes: [server_error, timeout] }
    - { name: slow, type: http, url: "${base}/slow", timeout: 300ms, fixes: [timeout] }
    - { name: reauthorize, type: link, url: "https://login.crm.example/oauth/authorize?connection=crm-eu", fixes: [auth_error] }
    - { name: missing-env, type: http, url: "${base}/refresh", headers: { Authorization: "Bearer \${RECOVERY_TEST_UNSET}" } }
`,
    ),
    record('other-sync', 'globex', `    - { name: refresh-token, type: http, url: "${base}/refresh" }\n`),
  ].join('\n---\n');
}

