import { formatAverage, formatChange, formatCount } from '../format';
import type { CountTrend as Trend } from '../types';

/** How many earlier successful runs the trailing average covers (the server's TRAILING_RUNS). */
const TRAILING = 10;

const WIDTH = 240;
const HEIGHT = 64;
const PAD = 4;
/** Room on the right for the scale's labels. */
const LABELS = 40;

/** For every point, the mean of up to TRAILING points before it (null for the first). */
function trailingAverages(values: number[]): Array<number | null> {
  return values.map((_, i) => {
    const before = values.slice(Math.max(0, i - TRAILING), i);
    return before.length ? before.reduce((a, b) => a + b, 0) / before.length : null;
  });
}

function pathOf(values: Array<number | null>, x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}


/**
 * One record count over the runs as a small line chart, with the trailing average it is judged
 * against drawn dashed, and the last value against that average in words.
 */
export function CountTrend({ name, trend }: { name: string; trend: Trend }) {
  const values = trend.points.map((p) => p.value);
  const averages = trailingAverages(values);
  const all = [...values, ...averages.filter((v): v is number => v !== null)];
  // The scale spans the values (not zero-based, so the run-to-run swing shows); its ends are labelled.
  const high = Math.max(...all, 0);
  const low = Math.min(...all, high);
  const pad = Math.max((high - low) * 0.1, high * 0.02, 1);
  const max = high + pad;
  const min = Math.max(0, low - pad);
  const x = (i: number) => (values.length <= 1 ? (WIDTH - LABELS) / 2 : PAD + (i / (values.length - 1)) * (WIDTH - LABELS - 2 * PAD));
  const y = (v: number) => HEIGHT - PAD - ((v - min) / (max - min || 1)) * (HEIGHT - 2 * PAD);
  const tone = trend.drop ? 'bad' : undefined;
  const last = values.length - 1;
  const change = trend.change === null ? 'no trailing average yet' : `${formatChange(trend.change)} vs trailing average`;
  const label = `${name} over ${values.length} runs: last ${trend.last === null ? 'none' : formatCount(trend.last)}, trailing average ${
    trend.trailing_average === null ? 'none' : formatAverage(trend.trailing_average)
  }, ${change}`;

  return (
    <figure className={`count${tone ? ` count--${tone}` : ''}`} data-testid={`count-${name}`} data-change={trend.change ?? ''}>
      <figcaption className="count__head">
        <span className="count__name">{name}</span>
        <span className="count__last" data-testid="count-last">
          {trend.last === null ? '–' : formatCount(trend.last)}
        </span>
      </figcaption>
      <svg className="count__chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line className="count__base" x1={0} x2={WIDTH - LABELS + 4} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        <line className="count__base" x1={0} x2={WIDTH - LABELS + 4} y1={0.5} y2={0.5} />
        {values.length > 0 && (
          <>
            <text className="count__scale" x={WIDTH - 1} y={8} textAnchor="end">
              {formatCount(Math.round(max))}
            </text>
            <text className="count__scale" x={WIDTH - 1} y={HEIGHT - 3} textAnchor="end">
              {formatCount(Math.round(min))}
            </text>
          </>
        )}
        <path className="count__average" d={pathOf(averages, x, y)} />
        <path className="count__line" d={pathOf(values, x, y)} />
        {last >= 0 && <circle className="count__dot" cx={x(last)} cy={y(values[last]!)} r={2.8} />}
      </svg>
      <p className="count__change" data-testid="count-change">
        {trend.change !== null && (
          <span className="count__arrow" aria-hidden="true">
            {trend.change < 0 ? '▼' : trend.change > 0 ? '▲' : '●'}
          </span>
        )}
        {trend.change === null ? 'no trailing average yet' : formatChange(trend.change)}
        {tone === 'bad' && <strong> drop</strong>}
        {trend.trailing_average !== null && <span className="muted"> · avg {formatAverage(trend.trailing_average)}</span>}
      </p>
    </figure>
  );
}
