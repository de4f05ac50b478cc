import { plan, type QueryContext } from './context.js';
import type { SeriesFilters, Window } from './params.js';
import { readRollups, SignalAccumulator, type GoldenSignals } from './rollups.js';

export type Summary = { from: number; to: number } & GoldenSignals;

/** The contract's summary: exact counts and sketch quantiles of one integration over a window. */
export async function summarize(context: QueryContext, integration: string, window: Window, filters: SeriesFilters): Promise<Summary> {
  const { window: used, segments } = plan(context, window);
  const accumulator = new SignalAccumulator();
  for (const row of await readRollups(context.db, segments, { integration, filters })) accumulator.add(row);
  return { from: used.from, to: used.to, ...accumulator.signals() };
}

export interface OperationSummary extends GoldenSignals {
  operation: string;
  direction: string;
}

/** The same signals broken down by operation and direction, busiest first. */
export async function summarizeOperations(
  context: QueryContext,
  integration: string,
  window: Window,
  filters: SeriesFilters,
): Promise<{ from: number; to: number; operations: OperationSummary[] }> {
  const { window: used, segments } = plan(context, window);
  const byOperation = new Map<string, { operation: string; direction: string; accumulator: SignalAccumulator }>();
  for (const row of await readRollups(context.db, segments, { integration, filters })) {
    const id = `${row.direction} ${row.operation}`;
    let entry = byOperation.get(id);
    if (!entry) {
      entry = { operation: row.operation, direction: row.direction, accumulator: new SignalAccumulator() };
      byOperation.set(id, entry);
    }
    entry.accumulator.add(row);
  }
  const operations = [...byOperation.values()]
    .map(({ operation, direction, accumulator }) => ({ operation, direction, ...accumulator.signals() }))
    .sort((a, b) => b.volume - a.volume || a.operation.localeCompare(b.operation));
  return { from: used.from, to: used.to, operations };
}
