/**
 * The access benchmark's server (support/access-apps.ts) as a child process, on a core of its own,
 * from src/ through tsx:
 *
 *   node --import tsx bench/support/access-server.ts <database> <port> [<postgres schema>]
 */
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/store/open.js';
import { buildBenchApp } from './access-apps.js';

const [database, port, schema] = process.argv.slice(2);
if (!database || !port) {
  console.error('usage: access-server.ts <database> <port> [<postgres schema>]');
  process.exit(2);
}

const config = loadConfig({ database, port: Number(port) }, {});
// A PostgreSQL schema is passed as such (not in the URL's search_path), so the migrator looks for
// its lock table there and not in another benchmark's or test's schema.
const { db } = await openDatabase(database, schema ? { schema } : {});
const app = await buildBenchApp(config, db);
await app.listen({ host: '127.0.0.1', port: Number(port) });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app.close().then(() => db.destroy()).finally(() => process.exit(0));
  });
}
