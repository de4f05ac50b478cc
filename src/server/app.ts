import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.js';
import { firingAlertsByIntegration } from '../alerting/alerts.js';
import type { ChannelOptions } from '../alerting/notify/config.js';
import { alertRoutes } from '../alerting/routes.js';
import { AlertRules } from '../alerting/rules/rules.js';
import { AlertingService } from '../alerting/service.js';
import { Catalogue } from '../catalogue/catalogue.js';
import { catalogueRoutes } from '../catalogue/routes.js';
import { budgetRoutes } from '../budget/routes.js';
import { loadRunbooks, SHIPPED_RUNBOOKS } from '../runbooks/library.js';
import { runbookRoutes } from '../runbooks/routes.js';
import { HealthMonitor } from '../health/monitor.js';
import { CheckScheduler, checkRoutes, deleteOldCheckResults } from '../checks/index.js';
import { checkStatesByIntegration } from '../health/checks.js';
import { healthRoutes } from '../health/routes.js';
import { adminRoutes } from '../admin/routes.js';
import { OVERVIEW_KEPT_AFTER_START_MS, OverviewReads } from '../admin/overview-reads.js';
import { consoleRoutes } from '../console/static.js';
import { ServiceUnavailableError, SwitchboardError, TooManyRequestsError } from '../errors.js';
import { installAccess, type Access } from '../access/index.js';
import { pruneAudit } from '../access/audit.js';
import { pagerDutyWebhookRoutes } from '../alerting/pagerduty-webhook.js';
import { deleteExpiredSessions } from '../access/sessions.js';
import { ingestRoutes } from '../ingest/route.js';
import { otlpRoutes } from '../ingest/otlp/route.js';
import { logIngestRoutes } from '../logs/ingest-route.js';
import { logRoutes } from '../logs/routes.js';
import { otlpLogRoutes } from '../logs/otlp/route.js';
import { CardinalityGuard } from '../ingest/cardinality.js';
import { BoardParts } from '../query/board-parts.js';
import { BOARD_KEPT_AFTER_START_MS, keepBoards } from '../query/board-keeper.js';
import { queryRoutes } from '../query/routes.js';
import { RecoveryService } from '../recovery/service.js';
import { recoveryRoutes } from '../recovery/routes.js';
import { AutomaticRecovery } from '../recovery/automatic.js';
import { incidentRoutes } from '../incidents/routes.js';
import { reportRoutes } from '../reports/routes.js';
import { flowRoutes } from '../flow/routes.js';
import { THREAD_SLICE_MS, compactForAWhile } from '../rollup/compact.js';
import { CompactorThread } from '../rollup/compactor-thread.js';
import { packSettled } from '../rollup/pack.js';
import { IngestWriter } from './ingest-writer.js';
import { SIDE_WRITER_CACHE_MIB } from '../store/sqlite-dialect.js';
import { commitSteps } from './commit-steps.js';
import type { Database } from '../store/schema.js';
import { engineOf } from '../store/engine.js';
import { LeaderElection } from '../store/leader.js';
import { enforceRetention } from '../store/retention.js';
import { JobRunner, type Job } from '../common/jobs.js';
import { LiveFeed } from './live.js';
import { StoreHeartbeat } from './store-heartbeat.js';
import { correlationIdOf, loggerOptions, type LogLevel } from './logger.js';
import { servedOpenApiDocument } from './openapi.js';
import { installQueryHygiene } from './query-hygiene.js';
import { ReadGate } from '../query/gate.js';
import { Metrics, metricsRoutes } from '../metrics/index.js';
import { sqliteReads } from '../store/sqlite-reads.js';
import { SqliteCheckpointer } from '../store/checkpointer.js';
import { WAL_CHECKPOINT_EVERY_MS, checkpointWal } from '../store/wal.js';
import { closeWithinGrace, loggedWhenSlow, trackInFlight } from './shutdown.js';
import { consoleBase, unsetPublicUrlWarning } from '../common/public-url.js';

export interface AppOptions {
  config: Config;
  db: Kysely<Database>;
  logLevel?: LogLevel;
  clock?: () => number;
  /** Background compaction and retention (tests drive them by hand). */
  runJobs?: boolean;
  /**
   * Commit ingest's batches on a writer thread (server/ingest-writer.ts). On by default where the
   * jobs run (every real server) on a file or PostgreSQL; in-process test servers, which start by
   * the hundred, commit on their own connection unless they ask, the same commitRecords either way.
   */
  ingestWriter?: boolean;
  /** The catalogue in force (empty when none is configured). */
  catalogue?: Catalogue;
  /** A scheduler of the caller's (tests drive one by hand); by default the app makes its own. */
  checkScheduler?: CheckScheduler;
  /** The alert rules in force (loaded by the caller); by default the catalogue's default rules only. */
  alertRules?: AlertRules;
  /** How notification channels reach out (tests: their env for `${ENV}` secrets). */
  channelOptions?: ChannelOptions;
  /** Extra routes, e.g. the demo's incident controls. */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

export interface SwitchboardApp {
  app: FastifyInstance;
  access: Access;
  jobs: JobRunner;
  alerting: AlertingService;
  /** The slots and deadline of this instance's expensive reads. */
  reads: ReadGate;
  /** The admin overview's reads and what its keeper holds current. */
  overview: OverviewReads;
  /** Stops taking requests, lets in-flight ingest commit, stops the jobs. */
  close: () => Promise<void>;
}

function errorBody(error: FastifyError | SwitchboardError): { status: number; body: { error: string; code: string } } {
  if (error instanceof SwitchboardError) return { status: error.httpStatus, body: { error: error.message, code: error.code } };
  if (error.statusCode === 429) return { status: 429, body: { error: `too many requests; ${error.message}`, code: 'rate_limited' } };
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode <= 599 ? error.statusCode : 500;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { error: `the body is larger than the limit; split it into smaller batches (${error.message})`, code: 'body_too_large' } };
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: { error: 'unsupported Content-Type: send application/json (an array of records) or application/x-ndjson (one record per line)', code: 'unsupported_media_type' } };
  }
  // Never an engine's or a library's words in a 5xx: they say nothing to the caller and too much to anyone else.
  if (status >= 500) return { status, body: { error: 'internal error; see the server log for its correlation id', code: 'internal' } };
  if (error.code === 'FST_ERR_VALIDATION') return { status, body: { error: `invalid request: ${error.message}`, code: 'invalid_request' } };
  return { status, body: { error: error.message, code: error.code ?? 'bad_request' } };
}

export async function createApp(options: AppOptions): Promise<SwitchboardApp> {
  const { config, db } = options;
  const clock = options.clock ?? Date.now;
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info'),
    genReqId: correlationIdOf,
    requestIdHeader: false,
    // Our own onResponse line replaces Fastify's two per request, with operation and integration.
    logController: new LogController({ requestIdLogLabel: 'correlation_id', disableRequestLogging: true }),
    bodyLimit: config.ingest.maxBodyBytes,
    // Only the named proxies may say who the caller is: rate limits, lockouts and the audit trail
    // go by request.ip.
    ...(config.access.trustProxy.length > 0 ? { trustProxy: config.access.trustProxy } : {}),
    // A field the API does not know is an error the caller should hear of, not something to drop.
    ajv: { customOptions: { removeAdditional: false } },
    // What Node's HTTP parser refuses (a URL or headers over 16 kB, a malformed request) is a JSON 4xx too.
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? 431 : 400;
      const body = JSON.stringify(
        tooLarge
          ? { error: 'the URL and headers together are larger than 16 kB; send fewer or shorter query parameters', code: 'request_too_large' }
          : { error: 'the request is not valid HTTP', code: 'bad_request' },
      );
      socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // A URL that cannot be decoded (`/api/v1/integrations/%E0%A4%A`) is answered like every other 4xx.
    frameworkErrors: (error, _request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const badUrl = error.code === 'FST_ERR_BAD_URL';
      const body = { error: badUrl ? 'the URL is not valid: a percent-encoded part of it does not decode' : error.message, code: badUrl ? 'bad_url' : 'bad_request' };
      void (reply as unknown as FastifyReply).code(status).send(body);
    },
  });

  const inFlight = trackInFlight(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/api/v1/stream')) return;
    const integration = (request.params as { id?: string } | undefined)?.id;
    request.log.info(
      {
        operation: `${request.method} ${request.routeOptions.url ?? request.url}`,
        ...(integration ? { integration } : {}),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request finished',
    );
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = errorBody(error);
    if (error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof ServiceUnavailableError) request.log.warn({ code: error.code, operation: request.routeOptions.url }, error.message);
    else if (status >= 500) request.log.error({ err: error, operation: request.routeOptions.url }, 'request failed');
    return reply.code(status).send(body);
  });

  // Every query string, before any route reads it: each parameter once, none overlong.
  installQueryHygiene(app, config.reads);

  const catalogue = options.catalogue ?? Catalogue.empty();
  // Before any other route: every route after this is authenticated and authorised.
  const access = await installAccess(app, { db, config, catalogue, clock });
  const { tenants } = access;
  const live = new LiveFeed(tenants);
  const heartbeat = new StoreHeartbeat(db);
  const boardParts = new BoardParts();
  const committed = (ids: Set<string>) => {
    heartbeat.answered();
    tenants.noteCommitted(ids);
    live.noteCommitted(ids);
  };
  // One set of cardinality limits for every way records come in.
  const cardinality = new CardinalityGuard({
    db,
    limits: config.ingest.limits,
    isCatalogued: (id) => catalogue.get(id) !== undefined,
    clock,
    expireMs: config.retention.rawMs,
    log: app.log,
  });
  // The known values are loaded before the server listens, so the first batch does not wait for them.
  app.addHook('onReady', async () => cardinality.refresh());
  // Work that must run once per store, however many instances share it.
  const leader = new LeaderElection(db, engineOf(config.database), app.log);
  const engine = engineOf(config.database);
  // On SQLite the expensive reads, health's, the alert rules' and the metrics' store figures, run on worker threads, so that no read holds the event loop.
  const readers =
    engine === 'sqlite' && config.database !== ':memory:'
      ? sqliteReads({ file: config.database, workers: config.reads.workers, cacheKiB: config.reads.workerCacheMiB * 1024, statementTimeoutMs: config.reads.timeoutMs })
      : undefined;
  const readDb = readers?.db;
  const metrics = new Metrics({
    db: readDb ?? db,
    storeEveryMs: config.jobs.metricsStoreEveryMs,
    // Tenant and adapter come from the catalogue, one value per integration, so they add no series.
    labelsOf: (id) => {
      const entry = catalogue.get(id);
      return { tenant_id: entry?.tenant ?? '', adapter_type: entry?.partner ?? '' };
    },
    entitiesPerIntegration: Math.min(config.ingest.limits.operationsPerIntegration || 200, 200),
    maxSeries: config.metricsMaxSeries,
    isLeader: () => leader.isLeader(),
    clock,
  });
  // Flow keeps its lead times in every commit of records; ingest only runs the steps it is given.
  // Batches of records commit on a writer thread, so that neither their rollups, statements, inserts nor fsync hold the event loop.
  // A SQLite file whose jobs run here: its checkpoints and compaction passes run on workers too.
  const sqliteJobs = readers !== undefined && (options.runJobs ?? true);
  const writable = engine === 'postgres' || readers !== undefined;
  const writer = writable && (options.ingestWriter ?? options.runJobs ?? true) ? await IngestWriter.of(db, config.database, { leadTime: config.leadTime, checkpointed: sqliteJobs }) : undefined;
  // With records written by the writer thread, the server's connection writes little: it needs no writer's cache.
  if (writer && readers) await sql.raw(`pragma cache_size = -${SIDE_WRITER_CACHE_MIB * 1024}`).execute(db);
  const ingestDeps = {
    db, config, clock, cardinality, tenants, onCommitted: committed, observer: metrics, catalogue,
    commitSteps: commitSteps(config.leadTime),
    ...(writer ? { commit: writer.commit } : {}),
  };
  await app.register(async (scope) => ingestRoutes(scope, ingestDeps));
  await app.register(async (scope) => otlpRoutes(scope, ingestDeps));
  await app.register(async (scope) => logIngestRoutes(scope, ingestDeps));
  await app.register(async (scope) => otlpLogRoutes(scope, ingestDeps));
  const changed = (integration: string) => live.noteCommitted(new Set([integration]));
  const checks =
    options.checkScheduler ??
    new CheckScheduler({
      db,
      catalogue,
      log: app.log,
      clock,
      onResult: (integration, check, result) => {
        metrics.health.probed(integration, check, result.status);
        changed(integration);
      },
    });
  await app.register(checkRoutes({ db, catalogue, scheduler: checks, tenants, clock, onPing: changed }));
  const onLeader = (job: Job): Job => ({ ...job, run: () => (leader.isLeader() ? job.run() : Promise.resolve('not the leader')) });
  const health = new HealthMonitor({
    db,
    ...(readDb ? { readDb } : {}),
    catalogue,
    clock,
    recordsChanges: () => leader.isLeader() || !(options.runJobs ?? true),
    checkStates: () => checkStatesByIntegration(db, catalogue),
    firingAlerts: () => firingAlertsByIntegration(db),
    onChange: (ids) => live.noteCommitted(ids),
    onRefreshAheadFailed: (error) => app.log.warn({ operation: 'health.evaluate', err: error }, 'refreshing health ahead of readers failed; the next reader or run tries again'),
  });
  const alertRules = options.alertRules ?? new AlertRules(undefined, catalogue);
  const linkBase = consoleBase(config);
  if (!linkBase.configured) app.log.warn({ operation: 'config', setting: 'SWITCHBOARD_PUBLIC_URL' }, unsetPublicUrlWarning(linkBase));
  const runbooks = loadRunbooks([SHIPPED_RUNBOOKS, ...(config.runbooks ? [config.runbooks] : [])]);
  const alerting = new AlertingService({
    db,
    ...(readDb ? { readDb } : {}),
    catalogue,
    rules: alertRules,
    clock,
    log: app.log,
    consoleBase: linkBase.url,
    runbooks,
    rollupRetentionMs: config.retention.rollupMs,
    ...(options.channelOptions ? { channelOptions: options.channelOptions } : {}),
    onAlertsChanged: (ids) => {
      live.noteCommitted(ids);
      health.refresh().catch((error: unknown) => app.log.warn({ operation: 'health.evaluate', err: error }, 'evaluating health after an alert change failed; the next run tries again'));
    },
  });
  await app.register(
    alertRoutes({ db, rules: alertRules, tenants, clock, silenceLimits: config.silences, skewMs: config.ingest.maxClockSkewMs, onChange: () => live.noteCommitted(new Set()) }),
  );
  const recovery = new RecoveryService({ db, catalogue, rules: alertRules, clock, env: process.env, log: app.log, onRun: changed });
  await app.register(recoveryRoutes({ db, recovery, tenants }));
  const automaticRecovery = new AutomaticRecovery({ db, catalogue, rules: alertRules, recovery, clock, log: app.log });
  await app.register(incidentRoutes({ db, tenants, clock }));
  await app.register(pagerDutyWebhookRoutes({ db, audit: access.audit, clock, secret: config.pagerDutyWebhookSecret, onChange: () => live.noteCommitted(new Set()) }));
  // The expensive reads of this instance share a few slots and a deadline (docs/api.md).
  const reads = new ReadGate(config.reads, engine, readDb);
  await app.register(async (scope) => queryRoutes(scope, { db, config, clock, catalogue, health, tenants, reads, boardParts }));
  await app.register(async (scope) => logRoutes(scope, { db, config, clock, catalogue, health, tenants, reads }));
  await app.register(async (scope) => flowRoutes(scope, { db, config, clock, tenants, reads }));
  await app.register(healthRoutes({ db, monitor: health, tenants, catalogue, checks }));
  await app.register(budgetRoutes({ db, config, clock, catalogue, tenants, reads }));
  await app.register(reportRoutes({ db, config, clock, catalogue, tenants, reads }));
  const overview = new OverviewReads({ db, config, clock, catalogue, health, reads });
  await app.register(async (scope) => adminRoutes(scope, { db, config, clock, catalogue, health, tenants, reads, overview }));
  await app.register(catalogueRoutes(db, catalogue, tenants, engineOf(config.database)));
  await app.register(runbookRoutes(runbooks, catalogue, tenants, config.publicUrl));
  await app.register(metricsRoutes(metrics, config.metricsPublic));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  live.register(app);
  // Built once the app is ready: each operation's x-permission is read from its route's declaration.
  let document: ReturnType<typeof servedOpenApiDocument> | undefined;
  app.get('/api/v1/openapi.json', { config: { permission: 'public' } }, async () => (document ??= servedOpenApiDocument(access.routes.list())));
  app.get('/healthz', { config: { permission: 'public' } }, async () => {
    await heartbeat.check();
    return { status: 'ok' };
  });
  await app.register(consoleRoutes);

  const jobs = new JobRunner(app.log);
  // With the store.wal job checkpointing on its worker, none runs on the event loop inside a commit.
  const checkpointer = sqliteJobs ? new SqliteCheckpointer(config.database) : undefined;
  if (checkpointer) await sql`pragma wal_autocheckpoint = 0`.execute(db);
  // Likewise the compactor's passes run on a worker of their own, the same code on both engines.
  const compactor = writable && (options.runJobs ?? true) ? await CompactorThread.of(db, config.database) : undefined;
  const walJob = readers && checkpointer ? { name: 'store.wal', everyMs: WAL_CHECKPOINT_EVERY_MS, run: () => checkpointWal(db, config.database, readers.pool, checkpointer) } : undefined;
  if (options.runJobs ?? true) {
    // Probes start with the first leadership and keep running: a second prober for a moment is
    // harmless, a gap in probing is not.
    leader.onChange((leading) => {
      if (leading) checks.start();
    });
    leader.start();
    const [evaluate, dispatch] = alerting.jobs(config.alerting);
    jobs.start([
      { name: 'checks.retention', everyMs: config.jobs.retentionEveryMs, run: () => deleteOldCheckResults(db, config.retention.checksMs, clock()) },
      { name: 'rollup.compact', everyMs: config.jobs.compactEveryMs, run: () => (compactor ? compactForAWhile(compactor.pass, THREAD_SLICE_MS) : compactForAWhile(db)) },
      // Settled spans of the call and per-integration rollups become packed rows (rollup/spans.ts):
      // a span settles an hour after it ends, so a minute's round keeps up; races are harmless
      // (rows and spans are taken by DELETE … RETURNING) but one packer is enough.
      onLeader({ name: 'rollup.pack', everyMs: config.jobs.packEveryMs, run: () => packSettled(compactor ? compactor.pack : db, clock(), THREAD_SLICE_MS) }),
      onLeader({ name: 'health.evaluate', everyMs: 15_000, run: () => health.refresh().then((all) => all.size) }),
      // On the leader: on PostgreSQL it also makes the coming days' partitions and drops old
      // ones, DDL that one instance at a time is enough for.
      onLeader({ name: 'store.retention', everyMs: config.jobs.retentionEveryMs, run: () => enforceRetention(db, config.retention, clock(), walJob?.run) }),
      { name: 'access.sessions', everyMs: config.jobs.retentionEveryMs, run: () => deleteExpiredSessions(db, access.sessions, clock()) },
      onLeader({ name: 'audit.retention', everyMs: config.jobs.retentionEveryMs, run: () => pruneAudit(db, config.access.auditRetentionMs, clock()) }),
      onLeader({ ...evaluate, run: metrics.health.timedEvaluation(evaluate.run) }),
      onLeader({
        name: 'recovery.automatic',
        everyMs: config.alerting.evaluateEveryMs,
        run: async () => {
          const runs = await automaticRecovery.runDue();
          // Each run queued an update for the alert's channels: send it now, not on the next dispatch.
          if (runs > 0) void alerting.dispatch();
          return runs;
        },
      }),
      dispatch,
      metrics.storeJob(),
      // On every instance: each keeps its own, and a load balancer may send the console to any.
      {
        name: 'admin.overview.keep',
        everyMs: config.jobs.overviewKeepEveryMs,
        firstAfterMs: Math.min(OVERVIEW_KEPT_AFTER_START_MS, config.jobs.overviewKeepEveryMs),
        run: () => overview.keep(config.jobs.overviewKeepEveryMs),
      },
      {
        name: 'board.keep',
        everyMs: config.jobs.boardKeepEveryMs,
        firstAfterMs: Math.min(BOARD_KEPT_AFTER_START_MS, config.jobs.boardKeepEveryMs),
        run: () => keepBoards({ db, config, clock, catalogue, health, reads }, boardParts, config.jobs.boardKeepEveryMs),
      },
      ...(walJob ? [walJob] : []),
    ]);
  }

  return {
    app,
    access,
    jobs,
    alerting,
    reads,
    overview,
    close: async () => {
      const steps: Array<[() => string, () => Promise<void>]> = [
        [() => `in-flight requests: ${inFlight.list().slice(0, 5).join(', ') || 'none left'}`, () => closeWithinGrace(app, inFlight, config.shutdownGraceMs)],
        [() => 'running checks', () => checks.stop()],
        [() => 'the running job', () => jobs.stop()],
        [() => 'the ingest writer', async () => writer?.close()],
        [() => 'the WAL checkpointer', async () => checkpointer?.close()],
        [() => 'the compactor worker', async () => compactor?.close()],
        [() => 'alert evaluation and delivery', () => alerting.close()],
        // Last: a change of alerts (even during their close) starts one, and it reads the store.
        [() => 'health evaluation', () => health.settle()],
        // After everything that reads: checks, jobs, alerting and health read through them.
        [() => 'the read connections', async () => readDb?.destroy()],
        [() => 'leadership', () => leader.stop()],
      ];
      for (const [what, step] of steps) await loggedWhenSlow(app.log, what, step);
    },
  };
}

