/**
 * What one workload's chart draws, computed from its Decomposition: the stacked layers (cumulative,
 * bottom to top, so uPlot bands can fill between neighbours) and the lines, each keeping its own
 * values for the tooltip and legend. Pure: no theme, no uPlot.
 */
import { layerOrder } from '../analysis/decomposition';
import { type Decomposition, type Layer, LINE_KEYS, type LineKey } from '../analysis/types';

export type SeriesKey = Layer | LineKey;

export interface ChartSeries {
  key: SeriesKey;
  kind: 'layer' | 'line';
  label: string;
  /** A Grafana colour name, resolved against the theme when drawn. */
  color: string;
  /** Dashed lines mark bounds (limit, request, memTotal) rather than measurements. */
  dashed: boolean;
  /** The series' own values on `times` (bytes; NaN where unknown). */
  values: Float64Array;
  hidden: boolean;
}

export interface ChartModel {
  times: number[];
  /** Every series that has data, layers bottom to top, then lines. */
  series: ChartSeries[];
  /** What uPlot draws for each visible series, aligned with `visible`: cumulative for layers. */
  visible: ChartSeries[];
  plotted: Array<Array<number | null>>;
  /** Sum of the visible layers at each time (the top of the stack); NaN where no layer is known. */
  stackTotal: Float64Array;
}

export const SERIES_COLORS: Record<SeriesKey, string> = {
  rss: 'red',
  anon: 'red',
  kernel: 'purple',
  activeFile: 'orange',
  shmem: 'yellow',
  other: 'light-purple',
  inactiveFile: 'light-blue',
  workingSet: 'green',
  usage: 'text',
  limit: 'dark-red',
  request: 'dark-yellow',
  memAvailable: 'semi-dark-green',
  memTotal: 'dark-red',
};

const DASHED: ReadonlySet<SeriesKey> = new Set<SeriesKey>(['limit', 'request', 'memTotal', 'memAvailable']);

export interface ChartModelInput {
  decomposition: Decomposition;
  /** Layers and lines the panel options allow. */
  layers: readonly Layer[];
  lines: readonly LineKey[];
  /** Series the user switched off in the legend. */
  hidden: ReadonlySet<SeriesKey>;
  label: (key: SeriesKey) => string;
}

export function buildChartModel({ decomposition: dec, layers, lines, hidden, label }: ChartModelInput): ChartModel {
  const order = layerOrder(dec);
  const series: ChartSeries[] = [];
  const add = (key: SeriesKey, kind: ChartSeries['kind'], values: Float64Array | undefined) => {
    if (values && values.some((v) => Number.isFinite(v))) {
      series.push({
        key,
        kind,
        label: label(key),
        color: SERIES_COLORS[key],
        dashed: DASHED.has(key),
        values,
        hidden: hidden.has(key),
      });
    }
  };
  order.filter((l) => layers.includes(l)).forEach((l) => add(l, 'layer', dec.layers[l]));
  LINE_KEYS.filter((k) => lines.includes(k)).forEach((k) => add(k, 'line', dec.lines[k]));

  const n = dec.times.length;
  const visible = series.filter((s) => !s.hidden);
  const layerRows = visible.filter((s) => s.kind === 'layer');
  const stackTotal = new Float64Array(n).fill(NaN);
  const plotted: Array<Array<number | null>> = visible.map(() => new Array<number | null>(n));
  // Layers are drawn cumulative, bottom to top; visible lists the layers first. A layer unknown at an
  // instant adds nothing, so the stack stays contiguous for the bands, and where any layer is known
  // the layers below the first known one get a floor of 0 (a band needs one). Where no layer is known
  // the stack has a gap (null). Filled one array at a time: sequential writes, each array's elements
  // of one kind from the start.
  for (const row of layerRows) {
    const values = row.values;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        const below = stackTotal[i];
        stackTotal[i] = below === below ? below + v : v;
      }
    }
  }
  const running = new Float64Array(n);
  for (let r = 0; r < layerRows.length; r++) {
    const values = layerRows[r].values;
    const out = plotted[r];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        running[i] += v;
      }
      out[i] = stackTotal[i] === stackTotal[i] ? running[i] : null;
    }
  }
  for (let r = layerRows.length; r < visible.length; r++) {
    const values = visible[r].values;
    const out = plotted[r];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = Number.isFinite(v) ? v : null;
    }
  }
  return { times: Array.from(dec.times), series, visible, plotted, stackTotal };
}
