// Writes the served OpenAPI document to docs/openapi.json (npm run openapi): the app is built over an
// in-memory store and asked for it, so each operation's x-permission comes from its route's declaration.
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/server/app.js';
import { openDatabase } from '../src/store/open.js';

const store = await openDatabase(':memory:');
const server = await createApp({ config: loadConfig({ database: ':memory:', port: 0 }, {}), db: store.db, logLevel: 'silent', runJobs: false });
try {
  const answer = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  if (answer.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${answer.statusCode}: ${answer.body}`);
  writeFileSync('docs/openapi.json', `${JSON.stringify(answer.json(), null, 2)}\n`);
  console.log('docs/openapi.json written');
} finally {
  await server.close();
  await store.db.destroy();
}
