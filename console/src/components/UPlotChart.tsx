import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/**
 * A uPlot chart that fills its container's width. The chart is rebuilt when `options` change
 * (keep them memoized) and only re-fed when `data` changes.
 */
export function UPlotChart({ options, data, height }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; height: number }) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let width = Math.max(200, Math.floor(element.clientWidth));
    const chart = new uPlot({ ...options, width, height }, latest.current, element);
    plot.current = chart;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const next = Math.max(200, Math.floor(element.clientWidth));
        if (next !== width) {
          width = next;
          chart.setSize({ width, height });
        }
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
  }, [options, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={container} className="uplot-host" />;
}
