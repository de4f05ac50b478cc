import { InputError, messageOf } from '../../errors.js';
import {
  anyValue, attributes, enumInt, get, hexId, readOtlpJson, string, unixNano, type JsonObject, type OtlpJsonShape,
} from '../../ingest/otlp/decode-json.js';
import { attributesFrom, hex, plainOf, uint64, type AnyValueMessage, type KeyValueMessage, type Long } from '../../ingest/otlp/decode-protobuf.js';
import { ExportLogsServiceRequest } from '../../ingest/otlp/proto.js';
import type { LogRecordItem, OtlpLogRecord } from './types.js';

function recordOfJson(object: JsonObject): OtlpLogRecord {
  return {
    timeNs: unixNano(object, 'timeUnixNano'),
    observedNs: unixNano(object, 'observedTimeUnixNano'),
    severityNumber: enumInt(object, 'severityNumber', '17 for SEVERITY_NUMBER_ERROR'),
    severityText: string(object, 'severityText'),
    body: anyValue(get(object, 'body'), 'body'),
    attributes: attributes(object),
    traceId: hexId(object, 'traceId'),
    spanId: hexId(object, 'spanId'),
    eventName: string(object, 'eventName'),
  };
}

const LOGS: OtlpJsonShape = { request: 'ExportLogsServiceRequest', resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' };

/** An ExportLogsServiceRequest in the OTLP/JSON encoding, read as the traces one is. */
export function readJsonLogs(body: Buffer): LogRecordItem[] {
  return readOtlpJson(body, LOGS, recordOfJson).map((item) => ('error' in item ? item : { where: item.where, resource: item.resource, record: item.value }));
}

interface LogRecordMessage {
  timeUnixNano: Long | number;
  observedTimeUnixNano: Long | number;
  severityNumber: number;
  severityText: string;
  body: AnyValueMessage | null;
  attributes: KeyValueMessage[];
  traceId: Uint8Array;
  spanId: Uint8Array;
  eventName: string;
}
interface LogsRequestMessage {
  resourceLogs: Array<{ resource: { attributes: KeyValueMessage[] } | null; scopeLogs: Array<{ logRecords: LogRecordMessage[] }> }>;
}

/** An ExportLogsServiceRequest in the binary encoding; bytes that do not decode reject the whole request. */
export function readProtobufLogs(body: Buffer): LogRecordItem[] {
  let request: LogsRequestMessage;
  try {
    request = ExportLogsServiceRequest.decode(body) as unknown as LogsRequestMessage;
  } catch (error) {
    throw new InputError(`the body is not a protobuf ExportLogsServiceRequest: ${messageOf(error)}`, 'invalid_protobuf');
  }
  const items: LogRecordItem[] = [];
  request.resourceLogs.forEach((resourceLogs, r) => {
    const resource = attributesFrom(resourceLogs.resource?.attributes ?? []);
    resourceLogs.scopeLogs.forEach((scopeLogs, s) => {
      scopeLogs.logRecords.forEach((message, i) => {
        items.push({
          where: `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`,
          resource,
          record: {
            timeNs: uint64(message.timeUnixNano),
            observedNs: uint64(message.observedTimeUnixNano),
            severityNumber: message.severityNumber,
            severityText: message.severityText,
            body: plainOf(message.body),
            attributes: attributesFrom(message.attributes),
            traceId: hex(message.traceId),
            spanId: hex(message.spanId),
            eventName: message.eventName,
          },
        });
      });
    });
  });
  return items;
}
