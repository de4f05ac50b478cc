/** The shapes of the read API's answers (see the server's OpenAPI document). */

export const OUTCOMES = ['ok', 'client_error', 'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'idle';

export type Signals = Record<Outcome, number> & {
  volume: number;
  success_rate: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
};

export interface Tile extends Signals {
  id: string;
  status: HealthStatus;
  status_reason: string;
  last_seen: number | null;
  trend: { step_ms: number; start: number; volume: number[]; success_rate: Array<number | null> };
}

export interface BoardAnswer {
  from: number;
  to: number;
  integrations: Tile[];
}

export interface SummaryAnswer extends Signals {
  from: number;
  to: number;
}

export interface TimeSeriesAnswer {
  from: number;
  to: number;
  step_ms: number;
  series: Record<Outcome, number[]> & {
    t: number[];
    volume: number[];
    success_rate: Array<number | null>;
    p50_ms: Array<number | null>;
    p95_ms: Array<number | null>;
  };
}

export interface OperationRow extends Signals {
  operation: string;
  direction: 'inbound' | 'outbound';
}

export interface OperationsAnswer {
  from: number;
  to: number;
  operations: OperationRow[];
}

export interface Failure {
  ts: number;
  operation: string;
  direction: 'inbound' | 'outbound';
  status: number | null;
  error: string | null;
  outcome: Outcome;
  latency_ms: number;
  attempt: number;
  correlation_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  env: string;
  site: string | null;
  release: string | null;
}

export interface FailuresAnswer {
  from: number;
  to: number;
  failures: Failure[];
}

export interface DimensionsAnswer {
  from: number;
  to: number;
  envs: string[];
  sites: string[];
  releases: string[];
  operations: string[];
}
