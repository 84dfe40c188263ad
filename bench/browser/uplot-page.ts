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

type ReactLike = typeof import('react');
type PanelComponent = (props: Record<string, unknown>) => unknown;

interface BenchChart {
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
    new uPlot({ width, height, ms: 1, series, bands, legend: { show: false }, cursor: { show: true } }, data, root);
  });
  await drawn(root, charts.length);
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
  function BenchGate(props: Record<string, unknown>) {
    const [shown, setShown] = React.useState(false);
    open = () => setShown(true);
    return shown ? React.createElement(Real as never, props) : null;
  }
  plugin.panel = BenchGate;
  try {
    await (window as unknown as { renderPanel(r: unknown): Promise<unknown> }).renderPanel(request);
  } finally {
    plugin.panel = Real;
  }
  const scope = document.getElementById('harness-root')!;
  return async (count: number): Promise<{ ms: number; canvases: number }> => {
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
}

(window as unknown as { bench: object }).bench = {
  renderBareUPlot,
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
