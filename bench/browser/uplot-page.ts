/**
 * The benchmark page's own part, beside the browser harness's host:
 * - `bench.renderBareUPlot`: bare uPlot doing the least any stacked memory chart must do with the
 *   panel's series: stack the layers in JS, then draw them as filled bands with the lines on top, one
 *   chart per workload at the panel's own canvas sizes;
 * - `bench.preparePanel`: has the harness do what Grafana does before a panel runs (decode the wire
 *   frames, applyFieldOverrides, build the PanelProps, mount the page's providers) behind a gate, so
 *   that `start()` times only the panel: from its PanelProps being ready to every chart drawn.
 * Both end the same way (`drawn`): every expected canvas exists and has drawn, and one more frame
 * has been painted.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

import { prepareTimeSeries, renderTimeSeries } from './timeseries-page';

type ReactLike = typeof import('react');
type PanelComponent = (props: Record<string, unknown>) => unknown;

export interface BenchChart {
  times: number[];
  series: Array<{ kind: 'layer' | 'line'; values: Float64Array }>;
}

const COLOURS = ['#F2495C', '#B877D9', '#FF9830', '#FADE2A', '#8AB8FF', '#73BF69', '#CCCCDC', '#C4162A'];

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Resolves one frame after the frame in which `scope` first holds `count` canvases that uPlot has
 * sized (it draws in the same task). Throws after `timeoutMs`.
 */
async function drawn(scope: Element, count: number, timeoutMs = 30_000): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    await nextFrame();
    const canvases = scope.querySelectorAll('canvas');
    if (canvases.length >= count && Array.from(canvases).every((c) => c.width > 0 && c.height > 0)) {
      break;
    }
    if (performance.now() - t0 > timeoutMs) {
      throw new Error(`only ${canvases.length} of ${count} canvases drawn after ${timeoutMs} ms`);
    }
  }
  await nextFrame();
}

/** Cumulative layers (null where no layer is known yet), then the lines as they are: what uPlot needs. */
function stack(chart: BenchChart): Array<Array<number | null>> {
  const n = chart.times.length;
  const total = new Float64Array(n).fill(NaN);
  return chart.series.map((s) => {
    const out: Array<number | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = s.values[i];
      if (s.kind === 'line') {
        out[i] = Number.isFinite(v) ? v : null;
        continue;
      }
      if (Number.isFinite(v)) {
        total[i] = (Number.isNaN(total[i]) ? 0 : total[i]) + v;
      }
      out[i] = Number.isNaN(total[i]) ? null : total[i];
    }
    return out;
  });
}

let barePlots: uPlot[] = [];

/** Bare uPlot: the timed work starts here, with the series unstacked. Resolves once all have drawn. */
async function renderBareUPlot(charts: BenchChart[], sizes: Array<[number, number]>): Promise<void> {
  const root = document.createElement('div');
  root.id = 'bare-uplot';
  document.body.appendChild(root);
  charts.forEach((chart, c) => {
    const [width, height] = sizes[c % sizes.length];
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    let lower = 0;
    chart.series.forEach((s, k) => {
      const colour = COLOURS[k % COLOURS.length];
      if (s.kind === 'layer') {
        series.push({ label: `layer ${k}`, stroke: colour, fill: `${colour}73`, width: 1 });
        if (lower > 0) {
          bands.push({ series: [k + 1, lower] });
        }
        lower = k + 1;
      } else {
        series.push({ label: `line ${k}`, stroke: colour, width: 1 });
      }
    });
    const data = [chart.times, ...stack(chart)] as uPlot.AlignedData;
    barePlots.push(
      new uPlot({ width, height, ms: 1, series, bands, legend: { show: false }, cursor: { show: true } }, data, root)
    );
  });
  await drawn(root, charts.length);
}

/** A refresh in bare uPlot: the new series stacked and handed to each chart's setData. */
async function refreshBareUPlot(charts: BenchChart[]): Promise<void> {
  const drawnAgain = redraws(barePlots.length);
  barePlots.forEach((u, c) => u.setData([charts[c].times, ...stack(charts[c])] as uPlot.AlignedData));
  await drawnAgain;
}

/**
 * Resolves one frame after the frame in which canvases have been cleared `count` times since the
 * call (uPlot clears a canvas before each draw): every chart has drawn again, and been painted.
 */
function redraws(count: number, timeoutMs = 30_000): Promise<void> {
  const proto = CanvasRenderingContext2D.prototype;
  const clearRect = proto.clearRect;
  let clears = 0;
  proto.clearRect = function (...args: Parameters<typeof clearRect>) {
    clears++;
    return clearRect.apply(this, args);
  };
  const t0 = performance.now();
  return (async () => {
    try {
      while (clears < count) {
        await nextFrame();
        if (performance.now() - t0 > timeoutMs) {
          throw new Error(`only ${clears} of ${count} charts drew again after ${timeoutMs} ms`);
        }
      }
      await nextFrame();
    } finally {
      proto.clearRect = clearRect;
    }
  })();
}

let realPanel: PanelComponent | undefined;

/**
 * Renders the panel through the harness behind a gate that renders nothing; returns `start`, which
 * opens the gate (the panel then renders with the PanelProps the harness built) and resolves with the
 * milliseconds until `count` canvases have drawn. With `count` 0 it waits until the number of canvases
 * has not changed for 30 frames, and says how many there were.
 */
async function preparePanel(request: Record<string, unknown>) {
  const harness = (window as unknown as { harness: { ready: Promise<{ panel: PanelComponent }> } }).harness;
  const plugin = await harness.ready;
  const system = (window as unknown as { System: { import(id: string): Promise<ReactLike> } }).System;
  const React = await system.import('react');
  const Real = (realPanel ??= plugin.panel);
  let open: (() => void) | undefined;
  let update: ((props: Record<string, unknown>) => void) | undefined;
  let current: Record<string, unknown> | undefined;
  function BenchGate(props: Record<string, unknown>) {
    const [shown, setShown] = React.useState(false);
    const [next, setNext] = React.useState<Record<string, unknown>>();
    open = () => setShown(true);
    update = setNext;
    current = next ?? props;
    return shown ? React.createElement(Real as never, current) : null;
  }
  plugin.panel = BenchGate;
  try {
    await (window as unknown as { renderPanel(r: unknown): Promise<unknown> }).renderPanel(request);
  } finally {
    plugin.panel = Real;
  }
  const scope = document.getElementById('harness-root')!;
  const start = async (count: number): Promise<{ ms: number; canvases: number }> => {
    if (!open) {
      throw new Error('the harness did not render the panel');
    }
    const t0 = performance.now();
    open();
    if (count > 0) {
      await drawn(scope, count);
      return { ms: performance.now() - t0, canvases: scope.querySelectorAll('canvas').length };
    }
    let last = -1;
    for (let still = 0; still < 30; still++) {
      await nextFrame();
      const now = scope.querySelectorAll('canvas').length;
      if (now !== last) {
        still = 0;
        last = now;
      }
    }
    return { ms: NaN, canvases: last };
  };
  /**
   * PanelProps for a refresh: the same panel with new wire frames, through applyFieldOverrides with
   * the panel's own field config, as Grafana hands a panel the next query result. Before the clock.
   */
  const nextProps = async (frames: unknown[], timeRange: { from: number; to: number }) => {
    const data = (await system.import('@grafana/data')) as unknown as typeof import('@grafana/data');
    const props = current!;
    const range = { from: data.dateTime(timeRange.from), to: data.dateTime(timeRange.to) };
    const series = data.applyFieldOverrides({
      data: frames.map((f) => data.dataFrameFromJSON(f as never)),
      fieldConfig: props.fieldConfig as never,
      replaceVariables: (v: string) => v,
      theme: data.createTheme(),
      timeZone: String(props.timeZone),
    });
    const timeRangeProp = { ...range, raw: range };
    return {
      ...props,
      data: { ...(props.data as object), series, timeRange: timeRangeProp },
      timeRange: timeRangeProp,
      renderCounter: Number(props.renderCounter) + 1,
    };
  };
  /** The timed refresh: the panel re-renders with `props` until `charts` charts have drawn again. */
  const refresh = async (props: Record<string, unknown>, charts: number) => {
    const drawnAgain = redraws(charts);
    const dom = (await system.import('react-dom')) as unknown as typeof import('react-dom');
    dom.flushSync(() => update!(props));
    await drawnAgain;
  };
  return { start, nextProps, refresh };
}

(window as unknown as { bench: object }).bench = {
  renderBareUPlot,
  refreshBareUPlot,
  prepareTimeSeries,
  renderTimeSeries: (prepared: Parameters<typeof renderTimeSeries>[0], cells: Array<[number, number]>, count: number) =>
    renderTimeSeries(prepared, cells, count, drawn),
  preparePanel,
  /** Chart series from JSON (null for unknown) as the panel's model holds them (Float64Array, NaN). */
  toCharts: (
    json: Array<{ times: number[]; series: Array<{ kind: 'layer' | 'line'; values: Array<number | null> }> }>
  ) =>
    json.map((c) => ({
      times: c.times,
      series: c.series.map((s) => ({ kind: s.kind, values: Float64Array.from(s.values, (v) => v ?? NaN) })),
    })),
};
