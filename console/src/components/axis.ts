/**
 * The y axis of every chart: nice steps (1, 2, 2.5 or 5 × 10ⁿ) in one unit per axis, every label
 * with the same number of decimals, and a top that fits the data rather than the largest value
 * the unit could take (an exception rate of 20 % is not drawn on a 0–100 % axis).
 */

export type AxisKind = 'count' | 'share' | 'duration';

const DURATION_UNITS: Array<[unit: string, ms: number]> = [
  ['ms', 1],
  ['s', 1_000],
  ['min', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
];

/** The smallest step of 1, 2, 2.5 or 5 × 10ⁿ that cuts `span` into at most `parts` parts. */
export function niceStep(span: number, parts = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const rough = span / parts;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

function decimalsOf(step: number): number {
  for (let digits = 0; digits < 6; digits++) if (Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) < 1e-9) return digits;
  return 6;
}

/** The one unit a duration axis reaching `maxMs` is labelled in: the largest that `maxMs` fills twice (100 min, not 1.7 h). */
export function durationUnit(maxMs: number): [unit: string, ms: number] {
  let chosen = DURATION_UNITS[0]!;
  for (const unit of DURATION_UNITS) if (maxMs >= 2 * unit[1]) chosen = unit;
  return chosen;
}

export interface AxisScale {
  /** The axis's top, in the data's own units (ms, a 0–1 share, a count). */
  max: number;
  splits: number[];
  labels: string[];
}

/** A zero-based axis that holds `maxValue`, its ticks and their labels. */
export function axisScale(maxValue: number, kind: AxisKind): AxisScale {
  const top = Number.isFinite(maxValue) && maxValue > 0 ? maxValue : 0;
  const [unit, size] = kind === 'duration' ? durationUnit(top) : kind === 'share' ? ['%', 0.01] : ['', 1];
  const inUnits = top / size;
  // An empty or tiny axis still spans one unit; counts step by whole numbers.
  let step = inUnits < 1 ? 1 : niceStep(inUnits);
  if (kind === 'count') step = Math.max(1, step);
  let max = Math.max(step, Math.ceil(inUnits / step - 1e-9) * step);
  if (kind === 'share') max = Math.min(100, max);
  const digits = decimalsOf(step);
  const splits: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i * step <= max + 1e-9; i++) {
    const value = i * step;
    splits.push(value * size);
    const number = value.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    labels.push(unit ? `${number} ${unit}` : number);
  }
  return { max: max * size, splits, labels };
}

/** Labels of a logarithmic duration axis (uPlot's splits, 1-2-5 × 10ⁿ), all in the unit its top calls for. */
export function logDurationLabels(splits: number[], maxMs: number): string[] {
  const [unit, size] = durationUnit(maxMs);
  return splits.map((ms) => `${(ms / size).toLocaleString(undefined, { maximumFractionDigits: 3 })} ${unit}`);
}

/** Ticks of a logarithmic axis from `min` to `max`: 1, 2 and 5 × 10ⁿ, or only the powers of ten over more than two decades. */
export function logSplits(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const low = Math.floor(Math.log10(min));
  const high = Math.ceil(Math.log10(max));
  const factors = high - low > 2 ? [1] : [1, 2, 5];
  const splits: number[] = [];
  for (let power = low; power <= high; power++) {
    for (const factor of factors) {
      const value = factor * 10 ** power;
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) splits.push(value);
    }
  }
  return splits;
}
