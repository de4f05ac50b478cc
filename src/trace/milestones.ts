import type { TraceRecord } from '../query/trace.js';
import { FAILURE_EVENTS, textAttr } from './records.js';

/** The flow signals of the contract a trace is read by, in the order a flow reaches them. */
export const MILESTONES = [
  { name: 'order.received', label: 'Order received' },
  { name: 'shipment.created', label: 'Shipment created' },
  { name: 'label.failed', label: 'Label failed' },
  { name: 'label.created', label: 'Label created' },
  { name: 'carrier.confirmed', label: 'Carrier confirmed' },
  { name: 'tracking.updated', label: 'Tracking updated' },
  { name: 'exception.raised', label: 'Exception raised' },
  { name: 'exception.resolved', label: 'Exception resolved' },
] as const;

export type MilestoneName = (typeof MILESTONES)[number]['name'];

const NAMES = new Set<string>(MILESTONES.map((m) => m.name));

export function milestoneOf(record: TraceRecord): MilestoneName | null {
  if (record.kind !== 'event') return null;
  const name = (record as { name?: string | null }).name ?? '';
  return NAMES.has(name) ? (name as MilestoneName) : null;
}

export function labelOf(name: MilestoneName): string {
  return MILESTONES.find((m) => m.name === name)!.label;
}

/** What the last occurrence of a milestone said, where the flow puts it in attributes. */
export function detailOf(record: TraceRecord): string | null {
  const status = textAttr(record, 'status');
  const reason = textAttr(record, 'reason');
  const detail = textAttr(record, 'detail');
  const resolution = textAttr(record, 'resolution');
  if (reason && detail) return `${reason}: ${detail}`;
  return status ?? reason ?? resolution ?? null;
}

export interface MilestoneSummary {
  name: MilestoneName;
  label: string;
  /** Reached, or not reached though expected: overdue (missing) or still in time (waiting). */
  state: 'reached' | 'missing' | 'waiting';
  /** A milestone that says something went wrong (a label failed, an exception). */
  failure: boolean;
  count: number;
  first_ts: number | null;
  last_ts: number | null;
  /** The last occurrence's status or reason ("delivered", "label_rejected: …"). */
  detail: string | null;
  integrations: string[];
}

/**
 * The milestones a trace reached, and those it was expected to reach and has not, in flow order.
 * `expected` is what the expectations said of each step.
 */
export function summarizeMilestones(records: readonly TraceRecord[], expected: ReadonlyArray<{ step: MilestoneName; state: string }>): MilestoneSummary[] {
  const reached = new Map<MilestoneName, MilestoneSummary>();
  for (const record of records) {
    const name = milestoneOf(record);
    if (name === null) continue;
    const summary = reached.get(name);
    if (!summary) {
      reached.set(name, {
        name,
        label: labelOf(name),
        state: 'reached',
        failure: FAILURE_EVENTS.has(name),
        count: 1,
        first_ts: record.ts,
        last_ts: record.ts,
        detail: detailOf(record),
        integrations: [record.integration],
      });
      continue;
    }
    summary.count += 1;
    summary.last_ts = record.ts;
    summary.detail = detailOf(record) ?? summary.detail;
    if (!summary.integrations.includes(record.integration)) summary.integrations.push(record.integration);
  }
  return MILESTONES.flatMap(({ name, label }): MilestoneSummary[] => {
    const found = reached.get(name);
    if (found) return [found];
    const states = expected.filter((e) => e.step === name).map((e) => e.state);
    const state = states.includes('missing') ? 'missing' : states.includes('waiting') ? 'waiting' : undefined;
    if (!state) return [];
    return [{ name, label, state, failure: false, count: 0, first_ts: null, last_ts: null, detail: null, integrations: [] }];
  });
}
