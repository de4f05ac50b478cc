import type { FastifyInstance } from 'fastify';
import { InputError } from '../../errors.js';
import { exportResponse } from '../../ingest/otlp/response.js';
import { installOtlpHandling, otlpEncodingOf, send } from '../../ingest/otlp/route.js';
import type { IngestDependencies, Rejection } from '../../ingest/route.js';
import { admitAndCommitLogs, confineLog } from '../ingest-route.js';
import { normalizeLog, type NormalizedLog } from '../record.js';
import { readJsonLogs, readProtobufLogs } from './decode.js';
import { lineOfLogRecord } from './map.js';

/** Reasons listed in a partial success; the count covers the rest. */
const MAX_LISTED_REJECTIONS = 10;

/**
 * `POST /v1/logs`, the OTLP/HTTP logs endpoint: each log record becomes a line of
 * `POST /api/v1/logs` (src/logs/otlp/map.ts), validated, redacted, limited and committed the same
 * way, with what it derives. Answers follow OTLP/HTTP: 200 with ExportLogsServiceResponse after
 * the commit (rejections counted and explained in partialSuccess), or a google.rpc.Status.
 */
export async function otlpLogRoutes(app: FastifyInstance, deps: IngestDependencies): Promise<void> {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  installOtlpHandling(app, config.ingest.maxBodyBytes, 'otlp.logs');

  app.post<{ Body: Buffer }>('/v1/logs', { bodyLimit: config.ingest.maxBodyBytes, config: { permission: 'ingest' } }, async (request, reply) => {
    const started = performance.now();
    const encoding = otlpEncodingOf(request);
    const items = encoding === 'json' ? readJsonLogs(request.body) : readProtobufLogs(request.body);
    if (items.length > config.ingest.maxRecords) {
      throw new InputError(`the request holds ${items.length} log records, more than the limit of ${config.ingest.maxRecords}; lower the exporter's batch size`, 'too_many_records', 413);
    }
    const now = clock();
    const bounds = { notBefore: now - config.retention.logsMs, notAfter: now + config.ingest.maxClockSkewMs };
    const owners = await deps.tenants.ownersFor(request.principal);
    const lines: NormalizedLog[] = [];
    const indexes: number[] = [];
    const rejected: Rejection[] = [];
    items.forEach((item, index) => {
      const mapped = 'error' in item ? item : lineOfLogRecord(item.resource, item.record);
      const result = 'error' in mapped && typeof mapped.error === 'string' ? { ok: false as const, error: mapped.error } : confineLog(request.principal, normalizeLog(mapped, bounds), owners);
      if (result.ok) {
        lines.push(result.log);
        indexes.push(index);
      } else rejected.push({ index, error: result.error });
    });
    const answer = await admitAndCommitLogs(deps, lines, indexes, rejected, now, started);
    request.log.info({ operation: 'otlp.logs', accepted: answer.accepted, rejected: answer.rejected.length }, 'otlp logs committed');
    reply.header('switchboard-logs', `accepted=${answer.accepted}, rejected=${answer.rejected.length}, derived_runs=${answer.derived.runs}, derived_calls=${answer.derived.calls}`);
    const reasons = answer.rejected.map((r) => `${items[r.index]!.where}: ${r.error}`);
    const more = reasons.length > MAX_LISTED_REJECTIONS ? `; and ${reasons.length - MAX_LISTED_REJECTIONS} more` : '';
    const message = reasons.length > 0 ? `${reasons.length} of ${items.length} log records rejected: ${reasons.slice(0, MAX_LISTED_REJECTIONS).join('; ')}${more}` : '';
    return send(reply, encoding, 200, exportResponse(encoding, reasons.length, message, 'logs'));
  });
}
