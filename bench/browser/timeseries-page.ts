/**
 * The user's alternative, in the benchmark page: Grafana's own time series component (`TimeSeries`
 * from @grafana/ui, with the TooltipPlugin2 and KeyboardPlugin children the stock panel gives it)
 * drawing the same stacked charts: the layers stacked (`stacking: normal`), the lines on top, a list
 * legend at the bottom, in cells of the panel's own sizes. It uses the host's shared modules (one
 * React, one @grafana/ui), as a plugin in Grafana would.
 *
 * `prepareTimeSeries` builds the frames and applies the field config before the clock (Grafana does
 * that before any panel runs); `renderTimeSeries` is the timed part.
 */
import type { BenchChart } from './uplot-page';

type GrafanaData = typeof import('@grafana/data');
type GrafanaUi = typeof import('@grafana/ui');
type ReactLike = typeof import('react');
type ReactDomClient = typeof import('react-dom/client');

interface System {
  import(id: string): Promise<unknown>;
}

const system = () => (window as unknown as { System: System }).System;

const COLOURS = ['red', 'purple', 'orange', 'yellow', 'light-blue', 'green', 'text', 'dark-red'];

export interface PreparedTimeSeries {
  frames: unknown[];
  timeRange: unknown;
}

export async function prepareTimeSeries(charts: BenchChart[]): Promise<PreparedTimeSeries> {
  const data = (await system().import('@grafana/data')) as GrafanaData;
  const theme = data.createTheme();
  const frames = charts.map((chart) => {
    const frame = data.toDataFrame({
      fields: [
        { name: 'Time', type: data.FieldType.time, values: chart.times, config: {} },
        ...chart.series.map((s, k) => {
          const layer = s.kind === 'layer';
          return {
            name: `${s.kind} ${k}`,
            type: data.FieldType.number,
            values: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)),
            config: {
              unit: 'bytes',
              color: { mode: data.FieldColorModeId.Fixed, fixedColor: COLOURS[k % COLOURS.length] },
              custom: {
                drawStyle: 'line',
                lineInterpolation: 'linear',
                lineWidth: 1,
                fillOpacity: layer ? 45 : 0,
                gradientMode: 'none',
                showPoints: 'never',
                pointSize: 4,
                spanNulls: false,
                axisPlacement: 'auto',
                axisSoftMin: 0,
                stacking: { mode: layer ? 'normal' : 'none', group: 'A' },
                lineStyle: { fill: 'solid' },
                hideFrom: { legend: false, tooltip: false, viz: false },
              },
            },
          };
        }),
      ],
    });
    return frame;
  });
  const withConfig = data.applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v: string) => v,
    theme,
    timeZone: 'utc',
  });
  const first = charts[0].times[0];
  const last = charts[0].times[charts[0].times.length - 1];
  const timeRange = {
    from: data.dateTime(first),
    to: data.dateTime(last),
    raw: { from: data.dateTime(first), to: data.dateTime(last) },
  };
  return { frames: withConfig, timeRange };
}

/**
 * Renders one TimeSeries per frame into a new grid, each in a cell of `cells` (cycled), and
 * resolves once `done` says every chart has drawn.
 */
export async function renderTimeSeries(
  prepared: PreparedTimeSeries,
  cells: Array<[number, number]>,
  count: number,
  done: (scope: Element, count: number) => Promise<void>
): Promise<void> {
  const [React, client, ui] = (await Promise.all([
    system().import('react'),
    system().import('react-dom/client'),
    system().import('@grafana/ui'),
  ])) as [ReactLike, ReactDomClient, GrafanaUi];
  const root = document.createElement('div');
  root.id = 'grafana-timeseries';
  root.style.display = 'flex';
  root.style.flexWrap = 'wrap';
  root.style.width = '1200px';
  document.body.appendChild(root);
  const h = React.createElement;
  const legend = { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] } as never;
  const noop = () => undefined;
  const charts = prepared.frames.slice(0, count).map((frame, i) => {
    const [width, height] = cells[i % cells.length];
    return h(
      'div',
      { key: i, style: { width, height } },
      h(
        ui.TimeSeries,
        {
          frames: [frame],
          width,
          height,
          timeRange: prepared.timeRange,
          timeZone: 'utc',
          legend,
        } as never,
        ((config: unknown) =>
          h(
            React.Fragment,
            null,
            h(ui.KeyboardPlugin, { config } as never),
            h(ui.TooltipPlugin2, {
              config,
              hoverMode: 0,
              queryZoom: noop,
              clientZoom: true,
              render: () => null,
            } as never)
          )) as never
      )
    );
  });
  client.createRoot(root).render(h(React.Fragment, null, ...charts));
  await done(root, count);
}
