import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, ServiceUnavailableError, SwitchboardError, TooManyRequestsError } from '../../errors.js';
import { normalizeRecord } from '../normalize.js';
import type { NormalizedRecord } from '../../store/record.js';
import { cardinalityOf, committerOf, withinLimits, type IngestDependencies } from '../route.js';
import { confineToTenants } from '../../access/tenants.js';
import { callFromSpan } from './call-from-span.js';
import { CONTENT_TYPES, decodedBody, encodingOf, type OtlpEncoding } from './content.js';
import { readJsonRequest } from './decode-json.js';
import { readProtobufRequest } from './decode-protobuf.js';
import { exportResponse, statusResponse, type OtlpBody } from './response.js';
import type { SpanItem } from './types.js';

const UNSUPPORTED_MEDIA_TYPE = `unsupported Content-Type: send ${CONTENT_TYPES.protobuf} or ${CONTENT_TYPES.json} (OTLP/HTTP)`;
/** Reasons listed in a partial success; the count covers the rest. */
const MAX_LISTED_REJECTIONS = 10;

export function send(reply: FastifyReply, encoding: OtlpEncoding, status: number, body: OtlpBody): FastifyReply {
  return reply.code(status).type(CONTENT_TYPES[encoding]).send(body);
}

function rejectionMessage(rejections: string[], total: number, skipped: number): string {
  const listed = rejections.slice(0, MAX_LISTED_REJECTIONS).join('; ');
  const more = rejections.length > MAX_LISTED_REJECTIONS ? `; and ${rejections.length - MAX_LISTED_REJECTIONS} more` : '';
  const skips = skipped > 0 ? `; besides, ${skipped} skipped as not HTTP client or server spans (not an error)` : '';
  return `${rejections.length} of ${total} spans rejected: ${listed}${more}${skips}`;
}

function failure(error: FastifyError, limit: number): { status: number; message: string } {
  if (error instanceof SwitchboardError) return { status: error.httpStatus, message: error.message };
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, message: `the body is larger than the limit of ${limit} bytes; send smaller batches` };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, message: UNSUPPORTED_MEDIA_TYPE };
  const status = error.statusCode ?? 500;
  return { status, message: status >= 500 ? 'internal error; see the server log for its correlation id' : error.message };
}

/**
 * What every OTLP/HTTP route of a scope shares: bodies in either encoding (decompressed within the
 * limit), and errors answered as google.rpc.Status in the request's encoding.
 */
export function installOtlpHandling(app: FastifyInstance, limit: number, operation: string): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    [CONTENT_TYPES.json, CONTENT_TYPES.protobuf],
    { parseAs: 'buffer', bodyLimit: limit },
    async (request: FastifyRequest, body: Buffer) => decodedBody(body, request.headers['content-encoding'], limit),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, message } = failure(error, limit);
    if (status >= 500) request.log.error({ err: error, operation }, 'request failed');
    const encoding = encodingOf(request.headers['content-type']) ?? 'json';
    // OTLP exporters wait this long before they retry a 429 or 503 (the specification's throttling).
    if (error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError) reply.header('retry-after', String(error.retryAfterSeconds));
    return send(reply, encoding, status, statusResponse(encoding, status, message));
  });
}

/** The request's encoding; a body-less request without Content-Type reaches the handler unparsed. */
export function otlpEncodingOf(request: FastifyRequest): OtlpEncoding {
  const encoding = encodingOf(request.headers['content-type']);
  if (!encoding) throw new InputError(UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type', 415);
  return encoding;
}

/**
 * `POST /v1/traces`, the OTLP/HTTP traces endpoint: an OpenTelemetry SDK or Collector pointed at
 * Switchboard sends its spans here, and each HTTP client or server span becomes a call record,
 * validated, redacted and committed exactly as `POST /api/v1/ingest` would. Answers follow the
 * OTLP/HTTP specification: 200 with ExportTraceServiceResponse after the commit (rejected spans
 * counted and explained in partialSuccess), or a google.rpc.Status with 400, 401, 413 or 415.
 */
export async function otlpRoutes(app: FastifyInstance, deps: IngestDependencies): Promise<void> {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const limit = config.ingest.maxBodyBytes;
  const cardinality = cardinalityOf(deps);
  const commit = committerOf(deps);

  installOtlpHandling(app, limit, 'otlp.traces');

  app.post<{ Body: Buffer }>('/v1/traces', { bodyLimit: limit, config: { permission: 'ingest' } }, async (request, reply) => {
    const started = performance.now();
    const encoding = otlpEncodingOf(request);
    const items: SpanItem[] = encoding === 'json' ? readJsonRequest(request.body) : readProtobufRequest(request.body);
    const now = clock();
    const bounds = { notBefore: now - config.retention.rawMs, notAfter: now + config.ingest.maxClockSkewMs };
    const owners = await deps.tenants.ownersFor(request.principal);
    const valid: NormalizedRecord[] = [];
    const places: string[] = [];
    const rejections: string[] = [];
    let skipped = 0;
    for (const item of items) {
      if ('error' in item) {
        rejections.push(`${item.where}: ${item.error}`);
        continue;
      }
      const mapped = callFromSpan(item.resource, item.span);
      if ('skipped' in mapped) {
        skipped++;
        continue;
      }
      const result = 'error' in mapped ? { ok: false as const, error: mapped.error } : confineToTenants(request.principal, normalizeRecord(mapped.call, bounds), owners);
      const place = `${item.where} (span ${item.span.spanId || 'without id'})`;
      if (result.ok) {
        valid.push(result.record);
        places.push(place);
      } else rejections.push(`${place}: ${result.error}`);
    }
    const calls = items.length - skipped;
    if (calls > config.ingest.maxRecords) {
      throw new InputError(
        `the request holds ${calls} HTTP client and server spans, more than the limit of ${config.ingest.maxRecords}; lower the exporter's batch size`,
        'too_many_records',
        413,
      );
    }
    const invalid = rejections.length;
    const { kept: accepted, series } = await withinLimits(cardinality, valid, now, (position, error) => rejections.push(`${places[position]!}: ${error}`));
    await commit({ records: accepted, receivedAt: now, series });
    if (accepted.length > 0) deps.onCommitted(new Set(accepted.map((record) => record.integration)));
    deps.observer?.committed(accepted, {
      route: 'otlp',
      accepted: accepted.length,
      rejected: { invalid, over_limit: rejections.length - invalid },
      seconds: (performance.now() - started) / 1000,
    });
    request.log.info(
      { operation: 'otlp.traces', accepted: accepted.length, rejected: rejections.length, skipped },
      'otlp traces committed',
    );
    reply.header('switchboard-spans', `accepted=${accepted.length}, rejected=${rejections.length}, skipped=${skipped}`);
    const message = rejections.length > 0 ? rejectionMessage(rejections, items.length, skipped) : '';
    return send(reply, encoding, 200, exportResponse(encoding, rejections.length, message));
  });
}
