import type { Kysely } from 'kysely';
import type { HeartbeatCheck } from '../catalogue/types.js';
import { InputError } from '../errors.js';
import { writeRecords } from '../ingest/commit.js';
import { normalizeRecord } from '../ingest/normalize.js';
import type { Database } from '../store/schema.js';
import { insertResults, resultRow, storedOf } from './store.js';
import type { CheckStatus, StoredCheckResult } from './types.js';

export const PING_STATUSES = ['success', 'failed', 'partial'] as const;
export type PingStatus = (typeof PING_STATUSES)[number];

/** What a job may report with a ping. */
export interface PingInput {
  status: PingStatus;
  counts?: Record<string, number>;
  duration_ms?: number;
  error?: string;
}

const FIELDS = ['status', 'counts', 'duration_ms', 'error'];
const MAX_ERROR = 1_000;
const MAX_COUNTS = 32;

const STATUS_OF: Record<PingStatus, CheckStatus> = { success: 'up', partial: 'degraded', failed: 'down' };

function count(name: string, value: unknown): number {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new InputError(`counts.${name} must be a whole number ≥ 0, got ${JSON.stringify(value)}`, 'invalid_counts');
  }
  return number;
}

function single(name: string, value: unknown): unknown {
  if (Array.isArray(value)) throw new InputError(`"${name}" is given more than once`);
  return value;
}

/**
 * Reads a ping from its JSON body and / or query string (`?status=failed&counts.skus=5120`), the
 * body winning where both say something. Unknown fields are refused, so a typo is not silently lost.
 */
export function parsePing(query: Record<string, unknown>, body: unknown): PingInput {
  const fields: Record<string, unknown> = {};
  const counts: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    const value = single(name, raw);
    if (name.startsWith('counts.') && name.length > 7) counts[name.slice(7)] = value;
    else if (FIELDS.includes(name) && name !== 'counts') fields[name] = value;
    else throw new InputError(`unknown query parameter "${name}"; a ping takes status, counts.<name>, duration_ms and error`);
  }
  if (body !== undefined && body !== null && body !== '') {
    if (typeof body !== 'object' || Array.isArray(body)) throw new InputError('the ping body must be a JSON object like {"status": "success", "counts": {"skus": 5120}}');
    for (const [name, value] of Object.entries(body)) {
      if (!FIELDS.includes(name)) throw new InputError(`unknown field "${name}"; a ping takes status, counts, duration_ms and error`);
      if (name !== 'counts') fields[name] = value;
      else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InputError('counts must be an object of name → whole number, e.g. {"skus": 5120}', 'invalid_counts');
      } else Object.assign(counts, value);
    }
  }

  const status = fields.status ?? 'success';
  if (!PING_STATUSES.includes(status as PingStatus)) {
    throw new InputError(`status must be one of ${PING_STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
  }
  const ping: PingInput = { status: status as PingStatus };
  const names = Object.keys(counts);
  if (names.length > MAX_COUNTS) throw new InputError(`a ping carries at most ${MAX_COUNTS} counts, got ${names.length}`, 'invalid_counts');
  if (names.length > 0) ping.counts = Object.fromEntries(names.map((name) => [name, count(name, counts[name])]));
  if (fields.duration_ms !== undefined) {
    const duration = typeof fields.duration_ms === 'string' && fields.duration_ms.trim() !== '' ? Number(fields.duration_ms) : fields.duration_ms;
    if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) {
      throw new InputError(`duration_ms must be a number of milliseconds ≥ 0, got ${JSON.stringify(fields.duration_ms)}`);
    }
    ping.duration_ms = duration;
  }
  if (fields.error !== undefined && fields.error !== '') {
    if (typeof fields.error !== 'string') throw new InputError('error must be a string');
    // A failing job's long stack trace must not cost it its ping: keep the head of it.
    ping.error = fields.error.length > MAX_ERROR ? `${fields.error.slice(0, MAX_ERROR - 1)}…` : fields.error;
  }
  return ping;
}

/**
 * Stores a ping as a heartbeat result (up; degraded for partial; down for failed) and as a run
 * record of the check's job, in one transaction: a ping doubles as a run record. It is validated,
 * bounded and redacted as a run sent to /api/v1/ingest is (a value past a bound answers 400).
 */
export async function recordPing(db: Kysely<Database>, check: HeartbeatCheck, ping: PingInput, now: number): Promise<StoredCheckResult> {
  const normalized = normalizeRecord(
    {
      kind: 'run',
      ts: now,
      integration: check.integration,
      job: check.job,
      status: ping.status,
      ...(ping.counts ? { counts: ping.counts } : {}),
      ...(ping.duration_ms !== undefined ? { duration_ms: ping.duration_ms } : {}),
      ...(ping.error !== undefined ? { error: ping.error } : {}),
    },
    { notBefore: now - 1, notAfter: now + 1 },
  );
  if (!normalized.ok) throw new InputError(normalized.error);
  const run = normalized.record;
  const row = resultRow(check, now, {
    status: STATUS_OF[ping.status],
    latency_ms: null,
    // The run record's error is already redacted by normalisation.
    ...(run.error !== null ? { error: run.error } : {}),
    detail: {
      source: 'ping',
      job: check.job,
      run_status: ping.status,
      // As the run record stores them: names redacted like every stored string.
      ...(run.counts !== null ? { counts: JSON.parse(run.counts) as Record<string, number> } : {}),
      ...(ping.duration_ms !== undefined ? { duration_ms: ping.duration_ms } : {}),
    },
  });
  await db.transaction().execute(async (tx) => {
    await insertResults(tx, [row]);
    await writeRecords(tx, [run], now);
  });
  return storedOf(row);
}
