import type uPlot from 'uplot';

/**
 * How a chart's lines are told apart: a colour each (every one at least 3:1 against the white
 * chart, WCAG's contrast for graphics), and markers of a shape each, the markers of different
 * lines at different points along the x axis, so a line drawn exactly over another still shows
 * the hidden line's markers between its own. LineChart adds a dash pattern each.
 */

/** One colour per line of a chart with a line per integration (carriers), in order. */
export const LINE_COLOURS = ['#2f6fab', '#d0782a', '#4f9a6b', '#8a7fc4', '#c93a3a', '#4d5d70', '#b0569f', '#7a3e1d'];

export const LINE_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type LineShape = (typeof LINE_SHAPES)[number];

/** About this many markers per line, whatever the number of points. */
const MARKERS_PER_LINE = 12;

function tracePath(ctx: CanvasRenderingContext2D, shape: LineShape, x: number, y: number, r: number): void {
  ctx.beginPath();
  if (shape === 'circle') ctx.arc(x, y, r, 0, 2 * Math.PI);
  else if (shape === 'square') ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (shape === 'triangle') {
    ctx.moveTo(x, y - r * 1.15);
    ctx.lineTo(x + r * 1.05, y + r * 0.8);
    ctx.lineTo(x - r * 1.05, y + r * 0.8);
  } else {
    ctx.moveTo(x, y - r * 1.25);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r * 1.25);
    ctx.lineTo(x - r, y);
  }
  ctx.closePath();
}

/**
 * The points of line `line` (0-based) of `lines` that carry a marker: every `every`-th point, each
 * line starting at its own offset, so no two lines put a marker on the same point.
 */
export function markerIndexes(points: number, line: number, lines: number): number[] {
  const every = Math.max(lines, Math.ceil(points / MARKERS_PER_LINE));
  const offset = Math.floor((line * every) / lines);
  const indexes: number[] = [];
  for (let i = offset; i < points; i += every) indexes.push(i);
  return indexes;
}

/**
 * A uPlot plugin that draws each line's markers (`shapes[i]` for series i + 1, in its stroke
 * colour with a white rim) and gives its legend entry the same shape. The markers drawn are
 * counted in data-markers ("circle:6|square:6"), as axis labels are kept in data-y-labels.
 */
export function lineMarkers(shapes: LineShape[], strokes: string[]): uPlot.Plugin {
  return {
    hooks: {
      init: (u: uPlot) => {
        u.root.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row, i) => {
          const marker = row.querySelector<HTMLElement>('.u-marker');
          if (i === 0 || !marker || !shapes[i - 1]) return;
          marker.dataset.shape = shapes[i - 1];
          marker.style.background = strokes[i - 1] ?? '';
        });
      },
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        const r = 3.5 * devicePixelRatio;
        const drawn: string[] = [];
        ctx.save();
        ctx.beginPath();
        ctx.rect(u.bbox.left - r * 2, u.bbox.top - r * 2, u.bbox.width + r * 4, u.bbox.height + r * 4);
        ctx.clip();
        ctx.lineWidth = 1.25 * devicePixelRatio;
        ctx.strokeStyle = '#ffffff';
        shapes.forEach((shape, line) => {
          const values = u.data[line + 1];
          if (!values || u.series[line + 1]?.show === false) return;
          ctx.fillStyle = strokes[line] ?? '#5b6675';
          let count = 0;
          for (const i of markerIndexes(values.length, line, shapes.length)) {
            const value = values[i];
            if (value === null || value === undefined) continue;
            const x = u.valToPos(u.data[0][i]!, 'x', true);
            const y = u.valToPos(value, 'y', true);
            if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
            tracePath(ctx, shape, x, y, r);
            ctx.fill();
            ctx.stroke();
            count += 1;
          }
          drawn.push(`${shape}:${count}`);
        });
        ctx.restore();
        u.root.dataset.markers = drawn.join('|');
      },
    },
  };
}
