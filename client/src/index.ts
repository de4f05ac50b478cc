export { SwitchboardClient, createClient } from './client.js';
export type { ClientOptions } from './options.js';
export { DEFAULTS } from './options.js';
export type { ClientStats, DeliveryError, DropReason, DropReport } from './reports.js';
export type {
  AttrValue,
  CallInput,
  EventInput,
  GaugeInput,
  LogInput,
  LogLevel,
  RecordContext,
  RecordKind,
  RunInput,
  Timestamp,
  WireCall,
  WireEvent,
  WireGauge,
  WireLog,
  WireRecord,
  WireRun,
} from './records.js';
export { CORRELATION_HEADER, defaultOperation } from './instrument-fetch.js';
export type { CallContext, InstrumentFetchOptions, InstrumentedFetch, InstrumentedInit } from './instrument-fetch.js';
export { callErrorClass, type CallErrorClass } from './network-errors.js';
