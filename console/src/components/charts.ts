import type uPlot from 'uplot';
import { formatCount } from '../format';
import type { Outcome } from '../types';

/** One colour per outcome class, the same in every chart and legend. */
export const OUTCOME_COLOURS: Record<Outcome, { stroke: string; fill: string }> = {
  ok: { stroke: '#4f9a6b', fill: 'rgba(79, 154, 107, 0.30)' },
  client_error: { stroke: '#8a7fc4', fill: 'rgba(138, 127, 196, 0.55)' },
  auth_error: { stroke: '#b0569f', fill: 'rgba(176, 86, 159, 0.65)' },
  rate_limited: { stroke: '#d98a1c', fill: 'rgba(217, 138, 28, 0.70)' },
  server_error: { stroke: '#c93a3a', fill: 'rgba(201, 58, 58, 0.75)' },
  timeout: { stroke: '#7a3e1d', fill: 'rgba(122, 62, 29, 0.75)' },
  network_error: { stroke: '#4d5d70', fill: 'rgba(77, 93, 112, 0.75)' },
};

export const AXIS_STYLE: Partial<uPlot.Axis> = {
  stroke: '#5b6675',
  grid: { stroke: '#e7eaee', width: 1 },
  ticks: { stroke: '#d5dae0', width: 1 },
  font: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

export function countAxisValues(_u: uPlot, splits: number[]): string[] {
  return splits.map((v) => formatCount(v));
}
