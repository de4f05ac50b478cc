import type { Type } from 'protobufjs';
import { ExportLogsServiceResponse, ExportTraceServiceResponse, RpcStatus } from './proto.js';
import type { OtlpEncoding } from './content.js';

/** An answer body in the request's encoding: a Buffer of protobuf, or an object Fastify serialises as JSON. */
export type OtlpBody = Buffer | Record<string, unknown>;

function encode(type: Type, message: Record<string, unknown>): Buffer {
  return Buffer.from(type.encode(type.fromObject(message)).finish());
}

/**
 * ExportTraceServiceResponse (or ExportLogsServiceResponse). On full success partialSuccess stays unset, as OTLP requires;
 * with rejections it carries their count (int64, so a decimal string in JSON) and the reasons.
 */
export function exportResponse(encoding: OtlpEncoding, rejected: number, errorMessage: string, signal: 'traces' | 'logs' = 'traces'): OtlpBody {
  // ExportLogsServiceResponse has the same shape, its count named for log records.
  const counted = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords';
  if (encoding === 'json') return rejected > 0 ? { partialSuccess: { [counted]: String(rejected), errorMessage } } : {};
  return encode(signal === 'traces' ? ExportTraceServiceResponse : ExportLogsServiceResponse, rejected > 0 ? { partialSuccess: { [counted]: rejected, errorMessage } } : {});
}

/** gRPC codes of google.rpc.Status by HTTP status, as OTLP/HTTP error bodies carry them. */
function grpcCode(httpStatus: number): number {
  if (httpStatus === 401) return 16; // UNAUTHENTICATED
  if (httpStatus === 413 || httpStatus === 429) return 8; // RESOURCE_EXHAUSTED
  if (httpStatus === 503) return 14; // UNAVAILABLE
  if (httpStatus >= 500) return 13; // INTERNAL
  return 3; // INVALID_ARGUMENT
}

/** A 4xx or 5xx body: google.rpc.Status with the reason in `message`. */
export function statusResponse(encoding: OtlpEncoding, httpStatus: number, message: string): OtlpBody {
  const status = { code: grpcCode(httpStatus), message };
  return encoding === 'json' ? status : encode(RpcStatus, status);
}
