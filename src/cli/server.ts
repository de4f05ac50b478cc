import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { createApp, type SwitchboardApp } from '../server/app.js';
import type { LogLevel } from '../server/logger.js';
import { openDatabase, type OpenedDatabase } from '../store/open.js';
import { Catalogue } from '../catalogue/catalogue.js';
import { AlertRules } from '../alerting/rules/rules.js';
import { ensureFirstAdmin } from '../access/bootstrap.js';

export interface RunningServer {
  url: string;
  database: OpenedDatabase;
  server: SwitchboardApp;
  stop: () => Promise<void>;
  /** Work to finish before the server stops (the demo's feeder). */
  beforeStop: (task: () => Promise<void>) => void;
}

/** Opens the store, starts the HTTP server and stops both in order on SIGINT / SIGTERM. */
export async function startServer(
  config: Config,
  logLevel: LogLevel = 'info',
  plugins: Array<(app: FastifyInstance) => Promise<void>> = [],
  options: {
    bootstrapAdmin?: boolean;
    /** Work on the opened store before the server and its background jobs start (the demo's seeded history). */
    beforeServe?: (database: OpenedDatabase, catalogue: Catalogue, alertRules: AlertRules) => Promise<void>;
  } = {},
): Promise<RunningServer> {
  const catalogue = new Catalogue(config.catalogue);
  catalogue.load();
  const alertRules = new AlertRules(config.alerting.file, catalogue);
  alertRules.load();
  const database = await openDatabase(config.database);
  await options.beforeServe?.(database, catalogue, alertRules);
  const firstAdmin = options.bootstrapAdmin === false ? undefined : await ensureFirstAdmin(database.db);
  if (firstAdmin) {
    console.error(
      `\n  First start: created the administrator "${firstAdmin.username}" with the one-time password ${firstAdmin.password}\n` +
        '  Sign in to the console with it and choose your own; it is not shown again.\n',
    );
  }
  const server = await createApp({ config, db: database.db, logLevel, plugins, catalogue, alertRules });
  // Configuration reloads are changes like any other: they go into the audit trail.
  const auditReload = (action: string, path: string | undefined, ok: boolean, detail: unknown) =>
    server.access.audit
      .append({ ts: Date.now(), actor: 'system', actorKind: 'system', address: null, action, outcome: ok ? 'ok' : 'failed', target: path ?? null, detail })
      .catch((error: unknown) => server.app.log.error({ operation: action, err: error }, 'could not write the audit entry'));
  catalogue.watch((outcome) => {
    if (outcome.ok) server.app.log.info({ operation: 'catalogue.reload', integrations: outcome.count }, 'catalogue reloaded');
    else server.app.log.error({ operation: 'catalogue.reload', problems: outcome.error.problems }, 'catalogue change not applied: the last good catalogue stays in force');
    void auditReload('config.catalogue.reload', config.catalogue, outcome.ok, outcome.ok ? { integrations: outcome.count } : { problems: outcome.error.problems.length });
  });
  alertRules.watch((outcome) => {
    if (outcome.ok) server.app.log.info({ operation: 'alerting.reload', rules: outcome.count }, 'alerting file reloaded');
    else server.app.log.error({ operation: 'alerting.reload', problems: outcome.error.problems }, 'alerting file change not applied: the last good rules stay in force');
    void auditReload('config.alerting.reload', config.alerting.file, outcome.ok, outcome.ok ? { rules: outcome.count } : { problems: outcome.error.problems.length });
  });
  const address = await server.app.listen({ host: config.host, port: config.port });
  const url = address.replace('://127.0.0.1', '://localhost');
  server.app.log.info({ operation: 'serve', url, engine: database.engine, database: database.location }, 'switchboard is serving');

  const tasks: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const task of tasks) await task().catch(() => undefined);
      server.app.log.info({ operation: 'shutdown' }, 'finishing in-flight requests, then stopping');
      catalogue.close();
      alertRules.close();
      await server.close();
      // No compaction here: the dirty rows are stored, the next leader folds them, and reads merge
      // them meanwhile; a full pass over a busy store took longer than an orchestrator's grace period.
      await database.db.destroy();
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return { url, database, server, stop, beforeStop: (task) => tasks.push(task) };
}
