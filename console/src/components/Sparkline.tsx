/**
 * Volume over the window as tiny bars; the failing share of each bar (calls that were not ok)
 * is drawn in red at its top.
 */
export function Sparkline({ volume, successRate, label }: { volume: number[]; successRate: Array<number | null>; label: string }) {
  const height = 32;
  const max = Math.max(1, ...volume);
  const n = Math.max(1, volume.length);
  return (
    <svg className="spark" viewBox={`0 0 ${n} ${height}`} preserveAspectRatio="none" role="img" aria-label={label} data-testid="sparkline">
      <line className="spark__base" x1={0} x2={n} y1={height - 0.25} y2={height - 0.25} vectorEffect="non-scaling-stroke" />
      {volume.map((v, i) => {
        if (v === 0) return null;
        const h = Math.max(0.75, (v / max) * (height - 2));
        const failing = v * (1 - (successRate[i] ?? 1));
        const fh = failing > 0 ? Math.min(h, Math.max(0.75, (failing / max) * (height - 2))) : 0;
        return (
          <g key={i}>
            <rect className="spark__ok" x={i + 0.12} width={0.76} y={height - h + fh} height={h - fh} />
            {fh > 0 && <rect className="spark__failing" x={i + 0.12} width={0.76} y={height - h} height={fh} />}
          </g>
        );
      })}
    </svg>
  );
}
