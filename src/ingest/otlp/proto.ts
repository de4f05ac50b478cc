import protobuf from 'protobufjs';

/**
 * The OTLP trace and log messages Switchboard reads and writes, in the field numbers of the published
 * opentelemetry-proto v1 definitions (collector/trace/v1, trace/v1, common/v1, resource/v1) and
 * google.rpc.Status for error answers. Only the fields the mapping reads are declared: protobuf
 * decoders skip unknown fields, so a full message from any SDK or Collector decodes the same.
 * Declared as text here rather than loaded from .proto files so the build needs no asset step.
 */
const SCHEMA = `
syntax = "proto3";
package switchboard.otlp;

// A oneof in the published schema. Each member declared \`optional\` instead has the same wire
// form and keeps presence (so "" and 0 are told from absent), and spares protobufjs clearing
// the six other members on every value: it was most of the time spent decoding attributes.
message AnyValue {
  optional string string_value = 1;
  optional bool bool_value = 2;
  optional int64 int_value = 3;
  optional double double_value = 4;
  optional ArrayValue array_value = 5;
  optional KeyValueList kvlist_value = 6;
  optional bytes bytes_value = 7;
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}

message Resource { repeated KeyValue attributes = 1; }

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
}
message ScopeSpans { repeated Span spans = 2; }

message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  message Event {
    string name = 2;
    repeated KeyValue attributes = 3;
  }
  repeated Event events = 11;
  SpanStatus status = 15;
}
message SpanStatus {
  string message = 2;
  int32 code = 3;
}

message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}

// Logs (collector/logs/v1, logs/v1): what src/logs/otlp reads and answers.
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs {
  Resource resource = 1;
  repeated ScopeLogs scope_logs = 2;
}
message ScopeLogs { repeated LogRecord log_records = 2; }
message LogRecord {
  fixed64 time_unix_nano = 1;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  bytes trace_id = 9;
  bytes span_id = 10;
  fixed64 observed_time_unix_nano = 11;
  string event_name = 12;
}
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message ExportLogsPartialSuccess {
  int64 rejected_log_records = 1;
  string error_message = 2;
}

message RpcStatus {
  int32 code = 1;
  string message = 2;
}
`;

const root = protobuf.parse(SCHEMA).root;
const type = (name: string) => root.lookupType(`switchboard.otlp.${name}`);

export const ExportTraceServiceRequest = type('ExportTraceServiceRequest');
export const ExportTraceServiceResponse = type('ExportTraceServiceResponse');
export const RpcStatus = type('RpcStatus');
export const ExportLogsServiceRequest = type('ExportLogsServiceRequest');
export const ExportLogsServiceResponse = type('ExportLogsServiceResponse');
