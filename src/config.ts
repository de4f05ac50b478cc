import { DAY } from './rollup/tiers.js';
import { InputError } from './errors.js';
import { DEFAULT_LEAD_TIME_EVENTS, type LeadTimeEvents } from './flow/events.js';
import { parsePublicUrl } from './common/public-url.js';

/**
 * How long in-flight requests get to finish once a stop begins; then their connections are cut.
 * Well inside an orchestrator's usual 30 s grace period. Cutting is safe for ingest: a batch whose
 * answer was never sent was not acknowledged, and its sender retries it.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** The longest a Node timer waits; a longer one fires at once, so a grace past it would cut every request. */
const LONGEST_TIMER_MS = 2_147_483_647;

export interface RetentionConfig {
  /** How long raw records (traces, failure samples) are kept. */
  rawMs: number;
  /** How long each rollup tier is kept, by resolution in ms. */
  rollupMs: Record<number, number>;
  /** How long active check and heartbeat results are kept. */
  checksMs: number;
  /** How long raw log lines are kept (their rollups follow rollupMs). */
  logsMs: number;
  /**
   * How long the history of alerts and health is kept: alert state changes, delivered or dead
   * notifications, recovery runs, customer reports, health changes (each integration's newest kept),
   * ended silences. Incident reports read it, so it matches the hour rollups' year by default.
   */
  historyMs: number;
}

/**
 * How long each step of an order's flow may take after the one before it, before a trace calls
 * the step missing (0 turns that expectation off).
 */
export interface TraceExpectations {
  shipmentAfterOrderMs: number;
  labelAfterShipmentMs: number;
  confirmationAfterLabelMs: number;
  trackingAfterConfirmationMs: number;
  /** Until a tracking update says "delivered", the next one is due this long after the last. */
  trackingStaleMs: number;
  exceptionResolvedMs: number;
}

export interface CardinalityLimits {
  /** Distinct integrations (catalogued ones are always accepted). */
  integrations: number;
  /** Distinct call operations per integration, and distinct event names per integration. */
  operationsPerIntegration: number;
  /** Distinct values of each label (env, site, release) per integration. */
  labelValuesPerIntegration: number;
}

export interface Config {
  host: string;
  port: number;
  database: string;
  /** An ingest key accepted besides the stored ones (SWITCHBOARD_INGEST_KEY), for automation. */
  ingestKey: string | undefined;
  ingest: {
    maxBodyBytes: number;
    maxRecords: number;
    /** How far ahead of the server clock a record's ts may be. */
    maxClockSkewMs: number;
    /** Cardinality limits (docs/api.md, "Cardinality limits"); 0 turns one off. */
    limits: CardinalityLimits;
  };
  retention: RetentionConfig;
  /** How long a stop lets in-flight requests finish before it cuts their connections (SWITCHBOARD_SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** The events an order's lead time runs between (docs/flow.md). */
  leadTime: LeadTimeEvents;
  jobs: {
    compactEveryMs: number;
    /** How often the leader packs the rollup spans that settled (SWITCHBOARD_PACK_EVERY_MS; src/rollup/pack.ts). */
    packEveryMs: number;
    /** How often each instance reads the store figures /metrics shows (SWITCHBOARD_METRICS_STORE_EVERY_MS). */
    metricsStoreEveryMs: number;
    /** How often each instance renews what the admin overview keeps (SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS; 0: never; src/admin/overview-reads.ts). */
    overviewKeepEveryMs: number;
    /** How often each instance renews what the board keeps of the console's windows (SWITCHBOARD_BOARD_KEEP_EVERY_MS; 0: never; src/query/board-keeper.ts). */
    boardKeepEveryMs: number;
    retentionEveryMs: number;
  };
  /** Base URL the console is reached at (SWITCHBOARD_PUBLIC_URL, no trailing slash), for links in notifications. */
  publicUrl: string | undefined;
  /** The PagerDuty v3 webhook subscription's signing secret: acknowledgements there are mirrored here (docs/alerting.md). */
  pagerDutyWebhookSecret: string | undefined;
  /** GET /metrics without credentials (SWITCHBOARD_METRICS_PUBLIC=true), for a scraper on a trusted network. */
  metricsPublic: boolean;
  /** Series the integration metrics of GET /metrics may show in all (SWITCHBOARD_METRICS_MAX_SERIES); past it records are left out of them and counted. */
  metricsMaxSeries: number;
  /** The catalogue: a YAML file or a folder of them. */
  catalogue: string | undefined;
  /** A folder of the team's own runbooks (Markdown), added to and overriding the shipped ones. */
  runbooks: string | undefined;
  alerting: {
    /** The alerting file (rules, channels, routes); without one, only the default rules run and nothing is sent. */
    file: string | undefined;
    /** How often every rule is judged. */
    evaluateEveryMs: number;
    /** How often the outbox is checked for notifications due (retries); new ones go out at once. */
    dispatchEveryMs: number;
  };
  trace: TraceExpectations;
  access: AccessConfig;
  /** Bounds on every read (docs/configuration.md, "Reads"). */
  reads: ReadLimits;
  /** The longest silence and maintenance window an operator may set. */
  silences: { maxDurationMs: number; maintenanceMaxDurationMs: number };
}

/** What one read may cost: points per chart, expensive reads at once, time per read, parameter sizes. */
export interface ReadLimits {
  /** The most points a chart series answers; a finer step is raised to fit. */
  maxPoints: number;
  /** Expensive reads (charts, board, failures, traces, flow, jobs) running at once per instance. */
  concurrency: number;
  /**
   * SQLite: the worker threads those reads, health's and the alert rules' run on (each a read-only
   * connection); more than the machine's cores buys nothing but memory.
   */
  workers: number;
  /** SQLite: each read worker's page cache (MiB). */
  workerCacheMiB: number;
  /** Expensive reads waiting for a slot; one more is answered 503 at once. */
  queue: number;
  /** How long a waiting read waits for a slot before it is answered 503. */
  queueWaitMs: number;
  /** How long an expensive read may run (statement timeout on PostgreSQL, a deadline between statements on SQLite); 0: no limit. */
  timeoutMs: number;
  /** The longest value of one query parameter, in characters. */
  maxParameterChars: number;
  /** The most query parameters one request may carry. */
  maxParameters: number;
}

/** Single sign-on through one OpenID Connect provider (docs/sso.md). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button reads "Sign in with <name>". */
  name: string;
  /** The claim that lists the user's groups (default "groups"). */
  groupsClaim: string;
  /** Group → role; the highest role any of the user's groups maps to wins. No match: no access. */
  roleGroups: Record<string, string>;
  /** Group → tenant. Admins see every tenant; so does everyone when this is empty; otherwise a non-admin in none of these groups is refused (docs/sso.md). */
  tenantGroups: Record<string, string>;
  scopes: string;
}

export interface AccessConfig {
  /** A token with every scope (SWITCHBOARD_ADMIN_TOKEN), for automation. */
  adminToken: string | undefined;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Admin actions need a sign-in or step-up no older than this. */
  stepUpMs: number;
  /** Local admins need a TOTP second factor for admin actions. */
  adminTotpRequired: boolean;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDRs); none by default. */
  trustProxy: string[];
  /** Cookies marked Secure: on when the public URL is https, or SWITCHBOARD_COOKIE_SECURE=true. */
  secureCookies: boolean;
  auditRetentionMs: number;
  /** Requests per minute per address: sign-in attempts, writes, and the expensive reads. */
  rateLimits: { signInPerMinute: number; writesPerMinute: number; expensiveReadsPerMinute: number; badCredentialsPerMinute: number };
  oidc: OidcConfig | undefined;
}

function mapping(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  const raw = env[name];
  if (!raw) return {};
  const pairs = raw.split(',').map((pair) => pair.trim()).filter(Boolean);
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new InputError(`${name}: "${pair}" must be group=value (e.g. ops-admins=admin)`, 'invalid_config');
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.SWITCHBOARD_OIDC_ISSUER;
  if (!issuer) return undefined;
  const clientId = env.SWITCHBOARD_OIDC_CLIENT_ID;
  const clientSecret = env.SWITCHBOARD_OIDC_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new InputError('SWITCHBOARD_OIDC_ISSUER is set: set SWITCHBOARD_OIDC_CLIENT_ID and SWITCHBOARD_OIDC_CLIENT_SECRET too', 'invalid_config');
  }
  const roleGroups = mapping(env, 'SWITCHBOARD_OIDC_ROLE_GROUPS');
  for (const [group, role] of Object.entries(roleGroups)) {
    if (!['viewer', 'responder', 'admin'].includes(role)) throw new InputError(`SWITCHBOARD_OIDC_ROLE_GROUPS: group "${group}" maps to "${role}", not viewer, responder or admin`, 'invalid_config');
  }
  return {
    issuer,
    clientId,
    clientSecret,
    name: env.SWITCHBOARD_OIDC_NAME || 'single sign-on',
    groupsClaim: env.SWITCHBOARD_OIDC_GROUPS_CLAIM || 'groups',
    roleGroups,
    tenantGroups: mapping(env, 'SWITCHBOARD_OIDC_TENANT_GROUPS'),
    scopes: env.SWITCHBOARD_OIDC_SCOPES || 'openid profile email groups',
  };
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(`${name}=${raw} is not a non-negative number`, 'invalid_config');
  }
  return value;
}

/**
 * The longest interval of the overview's keeper that keeps anything from one pass to the next
 * (src/admin/overview-reads.ts): what it reads is kept five minutes, and each pass renews what would
 * expire before the next one, with a minute to spare. Longer, a pass would read the whole day each
 * time, and past five minutes the console would find it expired between passes.
 */
export const OVERVIEW_KEEP_MAX_EVERY_MS = 120_000;
/**
 * The longest interval of the board's keeper (src/query/board-keeper.ts): the marks of late calls
 * are kept ten minutes, and an instance that has not read them for eight forgets every part it
 * keeps, so a longer interval would make each pass read the console's windows whole.
 */
export const BOARD_KEEP_MAX_EVERY_MS = 300_000;

/** A keeper's interval from `name`: 0 turns it off; past `max`, refused with `why`. */
function keepEvery(env: NodeJS.ProcessEnv, name: string, max: number, why: string): number {
  const every = numberFrom(env, name, 60_000);
  if (every > max) {
    throw new InputError(`${name}=${env[name]} is too long: ${why}, so give at most ${max} (${max / 60_000} minutes), or 0 to turn the keeper off`, 'invalid_config');
  }
  return every;
}

function shutdownGrace(env: NodeJS.ProcessEnv): number {
  const graceMs = numberFrom(env, 'SWITCHBOARD_SHUTDOWN_GRACE_MS', DEFAULT_SHUTDOWN_GRACE_MS);
  if (graceMs > LONGEST_TIMER_MS) {
    throw new InputError(`SWITCHBOARD_SHUTDOWN_GRACE_MS=${env.SWITCHBOARD_SHUTDOWN_GRACE_MS} is longer than a stop can wait (at most ${LONGEST_TIMER_MS} ms, about 24 days)`, 'invalid_config');
  }
  return graceMs;
}

function leadTimeEvents(env: NodeJS.ProcessEnv): LeadTimeEvents {
  const start = env.SWITCHBOARD_FLOW_START_EVENT || DEFAULT_LEAD_TIME_EVENTS.start;
  const end = env.SWITCHBOARD_FLOW_END_EVENT || DEFAULT_LEAD_TIME_EVENTS.end;
  if (start === end) {
    throw new InputError(`SWITCHBOARD_FLOW_START_EVENT and SWITCHBOARD_FLOW_END_EVENT are both "${start}"; a lead time needs two different events`, 'invalid_config');
  }
  return { start, end };
}

export type ConfigOverrides = Partial<Pick<Config, 'host' | 'port' | 'database' | 'catalogue'>> & { alerting?: string };

export function loadConfig(overrides: ConfigOverrides = {}, env = process.env): Config {
  const days = (name: string, fallback: number) => numberFrom(env, name, fallback) * DAY;
  const minutes = (name: string, fallback: number) => numberFrom(env, name, fallback) * 60_000;
  return {
    host: overrides.host ?? env.SWITCHBOARD_HOST ?? '127.0.0.1',
    port: overrides.port ?? numberFrom(env, 'SWITCHBOARD_PORT', 7300),
    database: overrides.database ?? env.SWITCHBOARD_DATABASE ?? './switchboard.db',
    ingestKey: env.SWITCHBOARD_INGEST_KEY || undefined,
    ingest: {
      maxBodyBytes: numberFrom(env, 'SWITCHBOARD_INGEST_MAX_BODY_BYTES', 16 * 1024 * 1024),
      maxRecords: numberFrom(env, 'SWITCHBOARD_INGEST_MAX_RECORDS', 10_000),
      maxClockSkewMs: numberFrom(env, 'SWITCHBOARD_INGEST_MAX_CLOCK_SKEW_MS', 5 * 60_000),
      limits: {
        integrations: numberFrom(env, 'SWITCHBOARD_LIMIT_INTEGRATIONS', 2_000),
        operationsPerIntegration: numberFrom(env, 'SWITCHBOARD_LIMIT_OPERATIONS', 200),
        labelValuesPerIntegration: numberFrom(env, 'SWITCHBOARD_LIMIT_LABEL_VALUES', 100),
      },
    },
    retention: {
      rawMs: days('SWITCHBOARD_RETENTION_RAW_DAYS', 30),
      rollupMs: {
        60_000: days('SWITCHBOARD_RETENTION_MINUTE_DAYS', 8),
        600_000: days('SWITCHBOARD_RETENTION_TEN_MINUTE_DAYS', 35),
        3_600_000: days('SWITCHBOARD_RETENTION_HOUR_DAYS', 400),
        86_400_000: days('SWITCHBOARD_RETENTION_DAY_DAYS', 1830),
      },
      checksMs: days('SWITCHBOARD_RETENTION_CHECKS_DAYS', 30),
      logsMs: days('SWITCHBOARD_RETENTION_LOGS_DAYS', 30),
      historyMs: days('SWITCHBOARD_RETENTION_HISTORY_DAYS', 400),
    },
    leadTime: leadTimeEvents(env),
    jobs: {
      compactEveryMs: numberFrom(env, 'SWITCHBOARD_COMPACT_EVERY_MS', 1_000),
      packEveryMs: numberFrom(env, 'SWITCHBOARD_PACK_EVERY_MS', 60_000),
      metricsStoreEveryMs: numberFrom(env, 'SWITCHBOARD_METRICS_STORE_EVERY_MS', 5_000),
      overviewKeepEveryMs: keepEvery(env, 'SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS', OVERVIEW_KEEP_MAX_EVERY_MS, 'what the keeper reads is kept five minutes'),
      boardKeepEveryMs: keepEvery(env, 'SWITCHBOARD_BOARD_KEEP_EVERY_MS', BOARD_KEEP_MAX_EVERY_MS, 'an instance that has not read the marks of late calls for eight minutes forgets what its board keeps'),
      retentionEveryMs: numberFrom(env, 'SWITCHBOARD_RETENTION_EVERY_MS', 10 * 60_000),
    },
    shutdownGraceMs: shutdownGrace(env),
    publicUrl: parsePublicUrl(env.SWITCHBOARD_PUBLIC_URL),
    pagerDutyWebhookSecret: env.SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET || undefined,
    metricsPublic: env.SWITCHBOARD_METRICS_PUBLIC === 'true',
    metricsMaxSeries: numberFrom(env, 'SWITCHBOARD_METRICS_MAX_SERIES', 100_000),
    catalogue: overrides.catalogue ?? (env.SWITCHBOARD_CATALOGUE || undefined),
    runbooks: env.SWITCHBOARD_RUNBOOKS || undefined,
    alerting: {
      file: overrides.alerting ?? (env.SWITCHBOARD_ALERTING || undefined),
      evaluateEveryMs: numberFrom(env, 'SWITCHBOARD_ALERT_EVALUATE_EVERY_MS', 15_000),
      dispatchEveryMs: numberFrom(env, 'SWITCHBOARD_ALERT_DISPATCH_EVERY_MS', 2_000),
    },
    trace: {
      shipmentAfterOrderMs: minutes('SWITCHBOARD_TRACE_SHIPMENT_MINUTES', 120),
      labelAfterShipmentMs: minutes('SWITCHBOARD_TRACE_LABEL_MINUTES', 30),
      confirmationAfterLabelMs: minutes('SWITCHBOARD_TRACE_CONFIRMATION_MINUTES', 180),
      trackingAfterConfirmationMs: minutes('SWITCHBOARD_TRACE_TRACKING_MINUTES', 180),
      trackingStaleMs: minutes('SWITCHBOARD_TRACE_TRACKING_STALE_MINUTES', 720),
      exceptionResolvedMs: minutes('SWITCHBOARD_TRACE_EXCEPTION_MINUTES', 240),
    },
    access: {
      adminToken: env.SWITCHBOARD_ADMIN_TOKEN || undefined,
      sessionIdleMs: minutes('SWITCHBOARD_SESSION_IDLE_MINUTES', 12 * 60),
      sessionAbsoluteMs: days('SWITCHBOARD_SESSION_MAX_DAYS', 7),
      stepUpMs: minutes('SWITCHBOARD_STEP_UP_MINUTES', 10),
      adminTotpRequired: env.SWITCHBOARD_ADMIN_TOTP === 'required',
      trustProxy: (env.SWITCHBOARD_TRUST_PROXY ?? '').split(',').map((part) => part.trim()).filter(Boolean),
      secureCookies: env.SWITCHBOARD_COOKIE_SECURE ? env.SWITCHBOARD_COOKIE_SECURE === 'true' : (env.SWITCHBOARD_PUBLIC_URL ?? '').startsWith('https:'),
      auditRetentionMs: days('SWITCHBOARD_RETENTION_AUDIT_DAYS', 365),
      rateLimits: {
        signInPerMinute: numberFrom(env, 'SWITCHBOARD_RATE_SIGN_IN_PER_MINUTE', 10),
        writesPerMinute: numberFrom(env, 'SWITCHBOARD_RATE_WRITES_PER_MINUTE', 120),
        expensiveReadsPerMinute: numberFrom(env, 'SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE', 120),
        badCredentialsPerMinute: numberFrom(env, 'SWITCHBOARD_RATE_BAD_CREDENTIALS_PER_MINUTE', 20),
      },
      oidc: oidcConfig(env),
    },
    reads: {
      maxPoints: Math.max(10, numberFrom(env, 'SWITCHBOARD_READ_MAX_POINTS', 1_500)),
      concurrency: Math.max(1, numberFrom(env, 'SWITCHBOARD_READ_CONCURRENCY', 4)),
      workers: Math.max(1, numberFrom(env, 'SWITCHBOARD_READ_WORKERS', 2)),
      workerCacheMiB: Math.max(1, numberFrom(env, 'SWITCHBOARD_READ_WORKER_CACHE_MIB', 8)),
      queue: numberFrom(env, 'SWITCHBOARD_READ_QUEUE', 32),
      queueWaitMs: numberFrom(env, 'SWITCHBOARD_READ_QUEUE_WAIT_MS', 10_000),
      timeoutMs: numberFrom(env, 'SWITCHBOARD_READ_TIMEOUT_MS', 15_000),
      maxParameterChars: Math.max(64, numberFrom(env, 'SWITCHBOARD_MAX_PARAMETER_CHARS', 2_048)),
      maxParameters: Math.max(8, numberFrom(env, 'SWITCHBOARD_MAX_PARAMETERS', 64)),
    },
    silences: {
      maxDurationMs: days('SWITCHBOARD_SILENCE_MAX_DAYS', 90),
      maintenanceMaxDurationMs: days('SWITCHBOARD_MAINTENANCE_MAX_DAYS', 366),
    },
  };
}
