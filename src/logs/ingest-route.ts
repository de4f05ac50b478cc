import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { confineToTenants, type IntegrationOwners } from '../access/tenants.js';
import { InputError } from '../errors.js';
import { parseJsonBody, parseNdjsonBody, type BodyItem } from '../ingest/body.js';
import type { NormalizedRecord } from '../store/record.js';
import { cardinalityOf, withinLimits, type IngestDependencies, type Rejection } from '../ingest/route.js';
import { commitLogs } from './commit.js';
import { deriveRecord, SKIPPED } from './derive.js';
import { judgedAsRecord } from './limits.js';
import { normalizeLog, type LogValidation, type NormalizedLog } from './record.js';

/** A line of a key bound to tenants: the same confinement as a record's (access/tenants.ts). */
export function confineLog(principal: FastifyRequest['principal'], validation: LogValidation, owners: IntegrationOwners | undefined): LogValidation {
  if (!validation.ok) return validation;
  const { log } = validation;
  const judged = confineToTenants(principal, { ok: true, record: { integration: log.integration, tenant: log.tenant } as NormalizedRecord }, owners);
  return judged.ok ? { ok: true, log: { ...log, tenant: judged.record.tenant } } : judged;
}

/** A batch of lines, each judged: the kept ones in order with their body index, and the rejections. */
export interface JudgedLogs {
  kept: NormalizedLog[];
  indexes: number[];
  rejected: Rejection[];
}

/**
 * Validates, confines and limits a batch of lines, then commits the kept ones with what they
 * derive; what POST /api/v1/logs and POST /v1/logs share once each has decoded its body. The
 * derived records feed the metrics as records sent to /api/v1/ingest do (route `logs`), their
 * skipped ones counted as rejected; `started` is when the route began (performance.now()).
 */
export async function admitAndCommitLogs(deps: IngestDependencies, lines: readonly NormalizedLog[], indexes: readonly number[], rejected: Rejection[], now: number, started: number) {
  const invalid = rejected.length;
  const guard = cardinalityOf(deps);
  const { kept, series } = await withinLimits(guard, [...lines], now, (position, error) => rejected.push({ index: indexes[position]!, error }), judgedAsRecord);
  if (rejected.length > invalid) rejected.sort((a, b) => a.index - b.index);
  const derived = deriveRecords(deps, kept, now);
  // A derived record past a limit is left out; its line is kept all the same.
  let overLimit = 0;
  const admitted = await withinLimits(guard, derived.records, now, () => (overLimit += 1));
  await yieldToEventLoop();
  await commitLogs(deps.db, { logs: kept, derived: admitted.kept, receivedAt: now, steps: deps.commitSteps ?? [], series: [...series, ...admitted.series] });
  const integrations = new Set([...kept, ...admitted.kept].map((item) => item.integration));
  if (integrations.size > 0) deps.onCommitted(integrations);
  deps.observer?.committed(admitted.kept, {
    route: 'logs',
    accepted: admitted.kept.length,
    rejected: { invalid: derived.skipped, over_limit: overLimit },
    seconds: (performance.now() - started) / 1000,
  });
  const runs = admitted.kept.filter((record) => record.kind === 'run').length;
  return { accepted: kept.length, rejected, derived: { runs, calls: admitted.kept.length - runs, skipped: derived.skipped + overLimit } };
}

/**
 * The runs and calls the lines stand for (src/logs/derive.ts), built from the validated lines;
 * one a record's bounds refuse (a duration past a run's bound) is skipped.
 */
function deriveRecords(deps: IngestDependencies, lines: readonly NormalizedLog[], now: number): { records: NormalizedRecord[]; skipped: number } {
  const rawBounds = { notBefore: now - deps.config.retention.rawMs, notAfter: now + deps.config.ingest.maxClockSkewMs };
  const records: NormalizedRecord[] = [];
  let skipped = 0;
  for (const line of lines) {
    const record = deriveRecord(line, deps.catalogue?.get(line.integration)?.logSignals ?? [], rawBounds);
    if (record === SKIPPED) skipped += 1;
    else if (record) records.push(record);
  }
  return { records, skipped };
}

/**
 * `POST /api/v1/logs`: the integrations' structured log lines (docs/logs.md), as a JSON array or
 * NDJSON, with the keys, limits, per-line rejections, redaction and durability of
 * `POST /api/v1/ingest`: the answer goes out after the commit.
 */
export async function logIngestRoutes(app: FastifyInstance, deps: IngestDependencies): Promise<void> {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  app.removeAllContentTypeParsers();
  for (const type of ['application/json', 'application/x-ndjson']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: config.ingest.maxBodyBytes }, (_request, body, done) => done(null, body));
  }

  app.post<{ Body: string }>('/api/v1/logs', { bodyLimit: config.ingest.maxBodyBytes, config: { permission: 'ingest' } }, async (request) => {
    const started = performance.now();
    const ndjson = request.headers['content-type']?.includes('ndjson') ?? false;
    const items: Array<BodyItem & { index?: number }> = ndjson ? parseNdjsonBody(request.body) : parseJsonBody(request.body);
    if (items.length > config.ingest.maxRecords) {
      throw new InputError(`the body holds ${items.length} log lines, more than the limit of ${config.ingest.maxRecords}; split it into smaller batches`, 'too_many_records', 413);
    }
    const now = clock();
    const bounds = { notBefore: now - config.retention.logsMs, notAfter: now + config.ingest.maxClockSkewMs };
    const owners = await deps.tenants.ownersFor(request.principal);
    const lines: NormalizedLog[] = [];
    const indexes: number[] = [];
    const rejected: Rejection[] = [];
    items.forEach((item, position) => {
      const index = item.index ?? position;
      if ('error' in item) return void rejected.push({ index, error: item.error });
      const result = confineLog(request.principal, normalizeLog(item.value, bounds), owners);
      if (!result.ok) return void rejected.push({ index, error: result.error });
      lines.push(result.log);
      indexes.push(index);
    });
    const answer = await admitAndCommitLogs(deps, lines, indexes, rejected, now, started);
    request.log.info({ operation: 'logs.ingest', accepted: answer.accepted, rejected: answer.rejected.length }, 'log batch committed');
    return answer;
  });
}
