/**
 * A row's sparkline: the workload's stacked layers squeezed to one column per pixel, and drawn on a
 * small canvas. Each column keeps the sample where the stack is highest, so peaks survive the
 * squeeze and the layers of a column are those of one real instant (they still sum to a real total).
 */
import { layerOrder, workingSetLine } from '../../analysis/decomposition';
import type { Decomposition, Layer } from '../../analysis/types';

export interface SparkColumns {
  /** Layers bottom to top, those with data and allowed by the options. */
  layers: Layer[];
  /** Per layer, the cumulative top of its band at each column (bytes); NaN where nothing is known. */
  tops: Float64Array[];
  /** The working set at each column's chosen sample (NaN when unknown). */
  workingSet: Float64Array;
  /** The largest value to fit: the stack's or the working set's peak. */
  max: number;
  columns: number;
}

export function sparkColumns(dec: Decomposition, allowed: readonly Layer[], columns: number): SparkColumns {
  const layers = layerOrder(dec).filter((l) => allowed.includes(l) && dec.layers[l]?.some(Number.isFinite));
  const values = layers.map((l) => dec.layers[l]!);
  const ws = workingSetLine(dec);
  const n = dec.times.length;
  const cols = Math.max(1, Math.min(Math.floor(columns), n || 1));
  const tops = layers.map(() => new Float64Array(cols).fill(NaN));
  const workingSet = new Float64Array(cols).fill(NaN);
  let max = 0;

  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * n) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / cols));
    let best = -1;
    let bestTotal = -Infinity;
    for (let i = from; i < to && i < n; i++) {
      let total = 0;
      let known = false;
      for (const v of values) {
        const x = v[i];
        if (x === x) {
          total += x;
          known = true;
        }
      }
      const w = ws ? ws[i] : NaN;
      // Rank by the stack, or by the working set where no layer is known.
      const score = known ? total : w === w ? w : -Infinity;
      if (score > bestTotal) {
        bestTotal = score;
        best = i;
      }
    }
    if (best < 0) {
      continue;
    }
    let cumulative = 0;
    let known = false;
    values.forEach((v, l) => {
      const x = v[best];
      if (x === x) {
        cumulative += x;
        known = true;
      }
      tops[l][c] = known ? cumulative : NaN;
    });
    workingSet[c] = ws ? ws[best] : NaN;
    max = Math.max(max, known ? cumulative : 0, workingSet[c] === workingSet[c] ? workingSet[c] : 0);
  }
  return { layers, tops, workingSet, max, columns: cols };
}

export interface SparkStyle {
  /** CSS colour per layer. */
  layerColor: (layer: Layer) => string;
  lineColor: string;
}

/** Draws the bands and the working-set line into a context of `width` × `height` CSS pixels. */
export function drawSparkline(
  ctx: CanvasRenderingContext2D,
  spark: SparkColumns,
  width: number,
  height: number,
  style: SparkStyle
): void {
  ctx.clearRect(0, 0, width, height);
  if (spark.max <= 0) {
    return;
  }
  const pad = 1;
  const x = (c: number) => (spark.columns === 1 ? width / 2 : (c * (width - 1)) / (spark.columns - 1));
  const y = (v: number) => height - pad - (v / spark.max) * (height - 2 * pad);

  ctx.globalAlpha = 0.85;
  spark.tops.forEach((top, l) => {
    const below = l > 0 ? spark.tops[l - 1] : undefined;
    ctx.fillStyle = style.layerColor(spark.layers[l]);
    ctx.beginPath();
    let open = false;
    const close = (end: number, start: number) => {
      // Back along the band's floor, then close.
      for (let c = end; c >= start; c--) {
        const floor = below && below[c] === below[c] ? below[c] : 0;
        ctx.lineTo(x(c), y(floor));
      }
      ctx.closePath();
    };
    let start = 0;
    for (let c = 0; c < spark.columns; c++) {
      const v = top[c];
      if (v !== v) {
        if (open) {
          close(c - 1, start);
          open = false;
        }
        continue;
      }
      if (!open) {
        ctx.moveTo(x(c), y(v));
        start = c;
        open = true;
      } else {
        ctx.lineTo(x(c), y(v));
      }
    }
    if (open) {
      close(spark.columns - 1, start);
    }
    ctx.fill();
  });

  ctx.globalAlpha = 1;
  ctx.strokeStyle = style.lineColor;
  ctx.lineWidth = 1;
  ctx.beginPath();
  let drawing = false;
  for (let c = 0; c < spark.columns; c++) {
    const v = spark.workingSet[c];
    if (v !== v) {
      drawing = false;
      continue;
    }
    drawing ? ctx.lineTo(x(c), y(v)) : ctx.moveTo(x(c), y(v));
    drawing = true;
  }
  ctx.stroke();
}
