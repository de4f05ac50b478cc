/** Bar `i` from `top` down `height` units, as a closed path segment (x = i + 0.12, 0.76 wide). */
function bar(i: number, top: number, height: number): string {
  return `M${(i + 0.12).toFixed(2)} ${top.toFixed(2)}h0.76v${height.toFixed(2)}h-0.76z`;
}

/**
 * Volume over the window as tiny bars; the failing share of each bar (calls that were not ok)
 * is drawn in red at its top. All bars of a colour are one path: a board of 48 tiles over 7 days
 * would otherwise put 16,000 elements in the document.
 */
export function Sparkline({ volume, successRate, label }: { volume: number[]; successRate: Array<number | null>; label: string }) {
  const height = 32;
  let max = 1;
  for (const v of volume) if (v > max) max = v;
  const n = Math.max(1, volume.length);
  let ok = '';
  let failing = '';
  volume.forEach((v, i) => {
    if (v === 0) return;
    const h = Math.max(0.75, (v / max) * (height - 2));
    const failed = v * (1 - (successRate[i] ?? 1));
    const fh = failed > 0 ? Math.min(h, Math.max(0.75, (failed / max) * (height - 2))) : 0;
    if (h > fh) ok += bar(i, height - h + fh, h - fh);
    if (fh > 0) failing += bar(i, height - h, fh);
  });
  return (
    <svg className="spark" viewBox={`0 0 ${n} ${height}`} preserveAspectRatio="none" role="img" aria-label={label} data-testid="sparkline">
      <line className="spark__base" x1={0} x2={n} y1={height - 0.25} y2={height - 0.25} vectorEffect="non-scaling-stroke" />
      {ok && <path className="spark__ok" d={ok} />}
      {failing && <path className="spark__failing" d={failing} />}
    </svg>
  );
}
