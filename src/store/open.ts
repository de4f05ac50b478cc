import { Kysely, Migrator, sql, type Migration, type PostgresDialect } from 'kysely';
import pg from 'pg';
import { engineOf, type Engine } from './engine.js';
import { CurrentSchemaPostgresDialect } from './postgres-schema.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { initial } from './migrations/001_initial.js';
import { checksAndHealth } from './migrations/002_checks_and_health.js';
import { alerting } from './migrations/003_alerting.js';
import { flow } from './migrations/004_flow.js';
import { access } from './migrations/005_access.js';
import { ingestSeries } from './migrations/006_ingest_series.js';
import { partialRollups } from './migrations/007_partial_rollups.js';
import { integrationRollups } from './migrations/008_integration_rollups.js';
import { compactStore } from './migrations/009_compact_store.js';
import { alertAcknowledgement } from './migrations/010_alert_acknowledgement.js';
import { recentCallsIndex } from './migrations/011_recent_calls_index.js';
import { runAndGaugeRollups } from './migrations/014_run_and_gauge_rollups.js';
import { recovery } from './migrations/015_recovery.js';
import { logs } from './migrations/016_logs.js';
import { alertAssignment } from './migrations/017_alert_assignment.js';
import { logPartitions } from './migrations/019_log_partitions.js';
import { rollupSpans } from './migrations/020_rollup_spans.js';
import { spanSketches } from './migrations/021_span_sketches.js';
import { lateCalls } from './migrations/022_late_calls.js';
import { spanTotals } from './migrations/023_span_totals.js';
import { shorterSpans } from './migrations/024_shorter_spans.js';
import type { Database } from './schema.js';
import { StoreError } from './errors.js';

// PostgreSQL sends 64-bit integers and numerics as strings to keep precision; every one we store
// (epoch ms, counters) fits a double exactly, and both engines must answer with numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** A printable location with any password removed. */
  location: string;
}

export interface OpenOptions {
  /** PostgreSQL only: the schema to create and use (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
  /** Upgrade tests only: stop after this migration, as an older version left the store. */
  migrateTo?: string;
}

function migrations(engine: Engine): Record<string, Migration> {
  return { '001_initial': initial(engine), '002_checks_and_health': checksAndHealth(engine), '003_alerting': alerting(engine), '004_flow': flow(engine), '005_access': access(engine), '006_ingest_series': ingestSeries(engine), '007_partial_rollups': partialRollups(), '008_integration_rollups': integrationRollups(engine), '009_compact_store': compactStore(engine), '010_alert_acknowledgement': alertAcknowledgement(), '011_recent_calls_index': recentCallsIndex(), '014_run_and_gauge_rollups': runAndGaugeRollups(engine), '015_recovery': recovery(engine), '016_logs': logs(engine), '017_alert_assignment': alertAssignment(), '019_log_partitions': logPartitions(engine), '020_rollup_spans': rollupSpans(engine), '021_span_sketches': spanSketches(engine), '022_late_calls': lateCalls(engine), '023_span_totals': spanTotals(engine), '024_shorter_spans': shorterSpans() };
}

function hidePassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/**
 * Planner settings for every connection the server opens, set as each connects (a client runs its
 * statements in order, so these before any other; an `options` in the URL would replace one given
 * beside it). Our reads are many short statements over indexed ranges whose row estimates can be
 * far off: a tier's bucket range mixes with every other tier's buckets in one column (492,000 rows
 * estimated for 23,000). With such an estimate PostgreSQL compiled the board's count of a day at
 * 1,000 integrations to machine code for 692 ms to run it for 393 ms (JIT off), and read a week
 * of hourly trend points by scanning the whole table, 3.3 s, instead of the index, 0.5 s
 * (random_page_cost at what solid-state storage costs, the default being for spinning disks).
 */
const SESSION_SETTINGS = 'set jit = off; set random_page_cost = 1.1';

/** A pool on `url` (its connections in `options.schema` when given), without migrating: the store's own, or a worker's beside it. */
export function postgresDialect(url: string, options: Pick<OpenOptions, 'schema' | 'poolSize'>): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A connection PostgreSQL drops (a restart, a failover, an idle timeout) emits 'error'; with no
  // listener that would end the process. The queries on it fail and say why; the pool replaces it.
  const ignore = () => undefined;
  pool.on('error', ignore);
  pool.on('connect', (client) => {
    client.on('error', ignore);
    client.query(SESSION_SETTINGS).catch(ignore);
  });
  return new CurrentSchemaPostgresDialect({ pool });
}

export async function openDatabase(database: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const engine = engineOf(database);
  const location = engine === 'postgres' ? hidePassword(database) : database;
  if (engine === 'postgres' && options.schema) {
    const setup = new pg.Client({ connectionString: database });
    try {
      await setup.connect();
      await setup.query(`create schema if not exists "${options.schema.replace(/"/g, '')}"`);
    } catch (error) {
      throw StoreError.unreachable(location, error);
    } finally {
      await setup.end().catch(() => undefined);
    }
  }
  const db = new Kysely<Database>({
    dialect: engine === 'postgres' ? postgresDialect(database, options) : sqliteDialect(database),
  });
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations(engine) },
      // Without this, Kysely looks for its lock table in every schema and may find another's.
      ...(engine === 'postgres' && options.schema ? { migrationTableSchema: options.schema } : {}),
    });
    // Kysely runs SQLite's DDL outside a transaction, one durable commit per statement: a new
    // store's hundred-odd statements waited on as many fsyncs. NORMAL syncs the WAL at checkpoints
    // only; a crash then loses a suffix of those commits, as a crash under FULL would a little
    // earlier, and the migrations left are run again at the next start. Commits are durable
    // again from here: the first one under FULL syncs the WAL with everything before it.
    if (engine === 'sqlite') await sql`pragma synchronous = NORMAL`.execute(db);
    const { error } = options.migrateTo ? await migrator.migrateTo(options.migrateTo) : await migrator.migrateToLatest();
    if (engine === 'sqlite') await sql`pragma synchronous = FULL`.execute(db);
    if (error) throw error;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw StoreError.unreachable(location, error);
  }
  return { db, engine, location };
}
