import type { Kysely } from 'kysely';
import type { CheckDefinition } from '../catalogue/types.js';
import { bulkInsert, ROWS_PER_STATEMENT } from '../store/bulk-insert.js';
import type { Database } from '../store/schema.js';
import type { CheckResult, CheckStatus, Logger, StoredCheckResult } from './types.js';

export const RESULT_COLUMNS = [
  'integration', 'check_name', 'check_type', 'ts', 'status', 'latency_ms', 'http_status', 'error', 'detail',
] as const;

export type ResultRow = [string, string, string, number, CheckStatus, number | null, number | null, string | null, string | null];

type CheckKey = Pick<CheckDefinition, 'integration' | 'name' | 'type'>;

/**
 * Where a heartbeat row came from: the first key of its detail, so the scheduler can find the
 * newest ping (or late verdict) of a check with an indexed prefix match.
 */
export type HeartbeatSource = 'ping' | 'late';

export function resultRow(check: CheckKey, ts: number, result: Omit<CheckResult, 'latency_ms'> & { latency_ms: number | null }): ResultRow {
  return [
    check.integration,
    check.name,
    check.type,
    ts,
    result.status,
    result.latency_ms,
    result.http_status ?? null,
    result.error ?? null,
    result.detail === undefined ? null : JSON.stringify(result.detail),
  ];
}

export function storedOf(row: ResultRow): StoredCheckResult {
  return { ts: row[3], status: row[4], latency_ms: row[5], http_status: row[6], error: row[7], detail: row[8] === null ? null : JSON.parse(row[8]) };
}

interface SelectedRow {
  ts: number;
  status: string;
  latency_ms: number | null;
  http_status: number | null;
  error: string | null;
  detail: string | null;
}

function present(row: SelectedRow): StoredCheckResult {
  return {
    ts: Number(row.ts),
    status: row.status as CheckStatus,
    latency_ms: row.latency_ms === null ? null : Number(row.latency_ms),
    http_status: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  };
}

export async function insertResults(db: Kysely<Database>, rows: readonly ResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length <= ROWS_PER_STATEMENT) await bulkInsert(db, 'check_results', RESULT_COLUMNS, rows);
  else await db.transaction().execute((tx) => bulkInsert(tx, 'check_results', RESULT_COLUMNS, rows));
}

/**
 * Batches result rows into few transactions: at 10,000 checks an hour a row each would be fine,
 * at a million the per-commit fsync is what costs. A caller waiting on its row (a manual run, a
 * heartbeat) asks for an urgent write and gets it in the next batch at once.
 */
export class ResultWriter {
  private queue: Array<{ row: ResultRow; done: (error?: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log?: Logger,
    private readonly maxBatch = 500,
    private readonly maxDelayMs = 100,
  ) {}

  write(row: ResultRow, urgent = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (urgent || this.queue.length >= this.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued so far; resolves when it is committed (or has failed and been logged). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.running;
    this.running = this.running.then(async () => {
      try {
        await insertResults(this.db, batch.map((item) => item.row));
        for (const item of batch) item.done();
      } catch (error) {
        this.log?.error({ operation: 'checks.store', err: error, rows: batch.length }, 'storing check results failed');
        for (const item of batch) item.done(error);
      }
    });
    return this.running;
  }
}

export async function recentResults(db: Kysely<Database>, integration: string, name: string, limit: number): Promise<StoredCheckResult[]> {
  const rows = await db
    .selectFrom('check_results')
    .select(['ts', 'status', 'latency_ms', 'http_status', 'error', 'detail'])
    .where('integration', '=', integration)
    .where('check_name', '=', name)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(present);
}

/** Down results since the newest result that was not down. */
export async function consecutiveFailures(db: Kysely<Database>, integration: string, name: string): Promise<number> {
  const base = db.selectFrom('check_results').where('integration', '=', integration).where('check_name', '=', name);
  const lastGood = await base
    .select(['ts', 'id'])
    .where('status', '<>', 'down')
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let query = base.select((eb) => eb.fn.countAll<number>().as('n'));
  if (lastGood) {
    const ts = Number(lastGood.ts);
    const id = Number(lastGood.id);
    query = query.where((eb) => eb.or([eb('ts', '>', ts), eb.and([eb('ts', '=', ts), eb('id', '>', id)])]));
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest heartbeat row of one source (ping or late verdict) for a check. */
export async function latestHeartbeatRow(
  db: Kysely<Database>,
  integration: string,
  name: string,
  source: HeartbeatSource,
): Promise<StoredCheckResult | undefined> {
  const row = await db
    .selectFrom('check_results')
    .select(['ts', 'status', 'latency_ms', 'http_status', 'error', 'detail'])
    .where('integration', '=', integration)
    .where('check_name', '=', name)
    .where('detail', 'like', `{"source":"${source}"%`)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? present(row) : undefined;
}

/** Rows deleted per statement, so a large backlog never holds the write lock for long. */
const DELETE_CHUNK = 5_000;

/** Retention: deletes check results older than `olderThanMs` before `now`; returns how many. */
export async function deleteOldCheckResults(db: Kysely<Database>, olderThanMs: number, now = Date.now()): Promise<number> {
  const cutoff = now - olderThanMs;
  let total = 0;
  for (;;) {
    const victims = db.selectFrom('check_results').select('id').where('ts', '<', cutoff).limit(DELETE_CHUNK);
    const result = await db.deleteFrom('check_results').where('id', 'in', victims).executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < DELETE_CHUNK) return total;
  }
}

/**
 * The newest run record of a job, however it arrived: a job that already reports its runs
 * through ingest (or an SDK) keeps its heartbeat alive without pinging as well.
 */
export async function latestRunAt(db: Kysely<Database>, integration: string, job: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.max('ts').as('ts'))
    .where('kind', '=', 'run')
    .where('integration', '=', integration)
    .where('job', '=', job)
    .executeTakeFirst();
  return row?.ts === null || row?.ts === undefined ? undefined : Number(row.ts);
}
