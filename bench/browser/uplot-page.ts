/**
 * Bare uPlot in the benchmark page: draws already-stacked series (four filled layers and a line per
 * chart), one chart per workload, the way any stacked time-series chart must at the least.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = ['#5794F2', '#B877D9', '#73BF69', '#FADE2A', '#F2495C'];

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Renders the charts into a fresh element and resolves after two frames, as the harness's renderPanel
 * does. `sizes` gives each chart's plot size in CSS pixels (the panel's own canvases, so both draw the
 * same area).
 */
async function renderBareUPlot(charts: number[][][], sizes: Array<[number, number]>): Promise<number> {
  const root = document.createElement('div');
  root.id = 'bare-uplot';
  document.body.appendChild(root);
  charts.forEach((data, c) => {
    const [width, height] = sizes[c % sizes.length];
    const layers = data.length - 2;
    const series: uPlot.Series[] = [{}];
    for (let k = 0; k < layers; k++) {
      series.push({ label: `layer ${k}`, stroke: COLOURS[k], fill: `${COLOURS[k]}55`, width: 1 });
    }
    series.push({ label: 'working set', stroke: '#F2495C', width: 2 });
    // Fill each layer down to the one below it, as a stacked chart does.
    const bands: uPlot.Band[] = [];
    for (let k = layers; k > 1; k--) {
      bands.push({ series: [k, k - 1] });
    }
    new uPlot(
      { width, height, series, bands, legend: { show: false }, cursor: { show: true } },
      data as uPlot.AlignedData,
      root
    );
  });
  await nextFrame();
  await nextFrame();
  return root.querySelectorAll('canvas').length;
}

(window as unknown as { renderBareUPlot: typeof renderBareUPlot }).renderBareUPlot = renderBareUPlot;
