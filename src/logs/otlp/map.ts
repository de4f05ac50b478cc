import type { PlainValue } from '../../ingest/otlp/attributes.js';
import type { Attributes } from '../../ingest/otlp/types.js';
import type { LogLevel } from '../record.js';
import type { OtlpLogRecord } from './types.js';

/** Attribute names (of the record, else its resource) that carry a line's fields (docs/logs.md, "OTLP"). */
const INTEGRATION_KEYS = ['switchboard.integration', 'integration.id', 'integrationId', 'integration_id'];
const TENANT_KEYS = ['switchboard.tenant', 'tenant.id', 'tenantId', 'tenant_id'];
const OPERATION_KEYS = ['operation', 'log.operation', 'event.name'];
const TAKEN = new Set([...INTEGRATION_KEYS, ...TENANT_KEYS, ...OPERATION_KEYS]);

/** SeverityNumber ranges of the OpenTelemetry log data model. */
function levelOf(severityNumber: number, severityText: string): LogLevel | string {
  if (severityNumber >= 21) return 'fatal';
  if (severityNumber >= 17) return 'error';
  if (severityNumber >= 13) return 'warn';
  if (severityNumber >= 9) return 'info';
  if (severityNumber >= 5) return 'debug';
  if (severityNumber >= 1) return 'trace';
  // Unspecified: the text, as the line's own level (refused with its reason if it is none), else info.
  return severityText || 'info';
}

function first(keys: readonly string[], ...sources: Attributes[]): string | undefined {
  for (const source of sources) {
    for (const key of keys) {
      const value = source.get(key);
      if (value !== undefined) return String(value);
    }
  }
  return undefined;
}

/**
 * An OTLP log record as a line of POST /api/v1/logs, to be validated like one: the integration,
 * tenant and operation from attributes of the record or its resource, the level from the severity,
 * the message from a string body (or the `message` / `msg` of a map body), `service.name` as the
 * service, the other attributes, a map body's other keys and the trace and span ids as metadata.
 */
export function lineOfLogRecord(resource: Attributes, record: OtlpLogRecord): Record<string, unknown> | { error: string } {
  const integration = first(INTEGRATION_KEYS, record.attributes, resource);
  if (integration === undefined) return { error: 'no integration: set the attribute switchboard.integration on the record or its resource (docs/logs.md, "OTLP")' };
  const ns = record.timeNs > 0n ? record.timeNs : record.observedNs;
  if (ns === 0n) return { error: 'neither timeUnixNano nor observedTimeUnixNano is set' };
  const metadata: Record<string, PlainValue> = {};
  let message: string | undefined;
  if (typeof record.body === 'string') message = record.body;
  else if (record.body !== null && typeof record.body === 'object' && !Array.isArray(record.body)) {
    for (const [key, value] of Object.entries(record.body)) {
      if ((key === 'message' || key === 'msg') && typeof value === 'string') message = value;
      else metadata[key] = value;
    }
  } else if (record.body !== null) message = JSON.stringify(record.body);
  for (const [key, value] of record.attributes) if (!TAKEN.has(key)) metadata[key] = value;
  if (record.traceId) metadata.traceId = record.traceId;
  if (record.spanId) metadata.spanId = record.spanId;
  const tenant = first(TENANT_KEYS, record.attributes, resource);
  const operation = first(OPERATION_KEYS, record.attributes) ?? (record.eventName || undefined);
  const service = resource.get('service.name');
  return {
    timestamp: Number(ns / 1_000_000n),
    level: levelOf(record.severityNumber, record.severityText),
    integrationId: integration,
    ...(tenant !== undefined ? { tenantId: tenant } : {}),
    ...(operation !== undefined ? { operation } : {}),
    ...(service !== undefined ? { service: String(service) } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}
