/** Calls as a live integration sends them: stamped now, spread over integrations and operations. */
const OPERATIONS = ['orders.list', 'orders.get', 'order.ack', 'inventory.push', 'price.push', 'label.create', 'label.void', 'tracking.get', 'webhook.order', 'token.refresh'];

export interface LiveCallOptions {
  /** Share of calls answered 503. */
  failing?: number;
}

/** One ingest body of `size` calls ending now, as JSON. */
export function liveCallBatch(ids: readonly string[], random: () => number, size: number, options: LiveCallOptions = {}): Buffer {
  const now = Date.now();
  const failing = options.failing ?? 0.02;
  const records = Array.from({ length: size }, (_, i) => ({
    kind: 'call',
    ts: now - (size - i),
    integration: ids[Math.floor(random() * ids.length)],
    direction: 'outbound',
    operation: OPERATIONS[Math.floor(random() * OPERATIONS.length)],
    status: random() < failing ? 503 : 200,
    latency_ms: Math.round(40 + random() * random() * 900),
  }));
  return Buffer.from(JSON.stringify(records));
}
