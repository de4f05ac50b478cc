import { LatencySketch } from '../rollup/sketch.js';
import { CARRIER_CONFIRMED, EXCEPTION_RAISED, LABEL_CREATED, LABEL_FAILED, ORDER_RECEIVED, SHIPMENT_CREATED, TRACKING_UPDATED, type LeadTimeEvents } from './events.js';
import type { EventRow, LeadTimeRow } from './read.js';

/** The event names a flow view reads (the lead-time pair may add two of its own). */
export function flowEventNames(leadTime: LeadTimeEvents): string[] {
  return [...new Set([ORDER_RECEIVED, EXCEPTION_RAISED, LABEL_CREATED, LABEL_FAILED, SHIPMENT_CREATED, TRACKING_UPDATED, CARRIER_CONFIRMED, leadTime.start, leadTime.end])];
}

/** Events a carrier sends about the shipments it handles. */
const CARRIER_EVENTS = [SHIPMENT_CREATED, LABEL_CREATED, LABEL_FAILED, CARRIER_CONFIRMED, TRACKING_UPDATED];

export interface LeadTimeFigures {
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export function share(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1e6) / 1e6;
}

/** Lead times merged over any set of rows (the sketch holds seconds; figures are in ms). */
export class LeadTimeTally {
  private readonly sketch = new LatencySketch();
  count = 0;

  add(row: LeadTimeRow): void {
    this.count += Number(row.lead_times);
    this.sketch.mergeEncoded(row.lead_time_sketch);
  }

  quantileMs(q: number): number | null {
    const seconds = this.sketch.quantile(q);
    return seconds === null ? null : Math.round(seconds * 1000);
  }

  figures(): LeadTimeFigures {
    return { count: this.count, p50_ms: this.quantileMs(0.5), p95_ms: this.quantileMs(0.95) };
  }
}

/** Event counts by name, and the newest tracking update, over any set of rows. */
export class EventTally {
  private readonly counts = new Map<string, number>();
  lastTracking: number | null = null;

  add(row: EventRow): void {
    this.counts.set(row.name, (this.counts.get(row.name) ?? 0) + row.events);
    if (row.name === TRACKING_UPDATED) this.noteTracking(row.last_ts);
  }

  noteTracking(ts: number): void {
    if (this.lastTracking === null || ts > this.lastTracking) this.lastTracking = ts;
  }

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  get orders(): number {
    return this.count(ORDER_RECEIVED);
  }

  get exceptions(): number {
    return this.count(EXCEPTION_RAISED);
  }

  get labelsCreated(): number {
    return this.count(LABEL_CREATED);
  }

  get labelsFailed(): number {
    return this.count(LABEL_FAILED);
  }

  labelSuccessRate(): number | null {
    return share(this.labelsCreated, this.labelsCreated + this.labelsFailed);
  }

  sendsCarrierEvents(): boolean {
    return CARRIER_EVENTS.some((name) => this.count(name) > 0);
  }
}

/** Age of the newest update at `at` (never negative: a record may be ahead of the server clock). */
export function ageAt(last: number | null, at: number): number | null {
  return last === null ? null : Math.max(0, at - last);
}
