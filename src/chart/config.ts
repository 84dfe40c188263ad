/**
 * The uPlot configuration of one workload's chart, through @grafana/ui's UPlotConfigBuilder: a time
 * axis on the dashboard range, a bytes axis formatted as Grafana formats bytes, the stacked layers as
 * bands between neighbours, the lines on top, and a draw hook for the overlays.
 */
import type uPlot from 'uplot';
import type { GrafanaTheme2, TimeRange } from '@grafana/data';
import {
  AxisPlacement,
  GraphDrawStyle,
  LineInterpolation,
  ScaleDirection,
  ScaleOrientation,
  type TimeZone,
  VisibilityMode,
} from '@grafana/schema';
import { UPlotConfigBuilder } from '@grafana/ui';

import { formatBytes } from '../i18n/render';
import type { ChartModel } from './model';
import { drawOverlays, type OverlayItem } from './overlays';
import type { ProjectionLine } from './pressure';
import { drawProjection, type ProjectionStyle } from './projectionDraw';

export const Y_SCALE = 'bytes';

/** Bytes as everywhere else, but a gap in the data reads as a dash on the axis and in the tooltip. */
export function formatChartBytes(value: number, decimals?: number): string {
  return Number.isFinite(value) ? formatBytes(value, decimals) : '—';
}

/** What changes with every query result but not the chart's structure: read when uPlot draws. */
export interface ChartLive {
  timeRange: TimeRange;
  /** Regions and annotations, colours resolved. */
  overlays: readonly OverlayItem[];
  /** Where the non-reclaimable memory heads, drawn past the range's end; absent when not growing. */
  projection?: ChartProjection;
}

export interface ChartProjection {
  line: ProjectionLine;
  style: ProjectionStyle;
  /** How far the time axis reaches past the range's end to show it. */
  extensionMs: number;
  /** The last instant with data: the future is shaded from there. */
  dataEndMs: number;
}

export interface ChartConfigInput {
  /** Only the visible series' keys, kinds, colours and dashes are read: the values go to setData. */
  model: ChartModel;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  /**
   * The current time range and overlays. Read at each draw, not at build time, so that new data of
   * the same shape (a dashboard refresh) reuses the plot and only calls setData.
   */
  live: () => ChartLive;
  /** Called with the plot once it exists. */
  onPlot?: (plot: uPlot) => void;
}

/** What the config is built from: the same key, the same config (see ChartConfigInput.live). */
export function chartStructureKey(model: ChartModel): string {
  return model.visible.map((s) => `${s.key}:${s.kind}:${s.color}:${s.dashed}`).join(',');
}

export function buildChartConfig({ model, theme, timeZone, live, onPlot }: ChartConfigInput): UPlotConfigBuilder {
  const builder = new UPlotConfigBuilder(timeZone);
  if (onPlot) {
    builder.addHook('ready', onPlot);
  }

  builder.addScale({
    scaleKey: 'x',
    isTime: true,
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    range: () => {
      const { timeRange, projection } = live();
      return [timeRange.from.valueOf(), timeRange.to.valueOf() + (projection?.extensionMs ?? 0)];
    },
  });
  builder.addAxis({
    scaleKey: 'x',
    isTime: true,
    placement: AxisPlacement.Bottom,
    timeZone,
    theme,
    grid: { show: true },
  });

  builder.addScale({
    scaleKey: Y_SCALE,
    orientation: ScaleOrientation.Vertical,
    direction: ScaleDirection.Up,
    softMin: 0,
  });
  builder.addAxis({
    scaleKey: Y_SCALE,
    placement: AxisPlacement.Left,
    theme,
    grid: { show: true },
    formatValue: (v: number, decimals?: number | null) => formatChartBytes(v, decimals ?? undefined),
  });

  // uPlot series index = position in model.visible + 1 (0 is the time axis).
  let lowerLayerIdx = 0;
  model.visible.forEach((s, i) => {
    const color = theme.visualization.getColorByName(s.color);
    const layer = s.kind === 'layer';
    builder.addSeries({
      scaleKey: Y_SCALE,
      theme,
      drawStyle: GraphDrawStyle.Line,
      lineInterpolation: LineInterpolation.Linear,
      lineColor: color,
      lineWidth: layer ? 1 : s.key === 'workingSet' ? 2 : 1,
      lineStyle: s.dashed ? { fill: 'dash', dash: [10, 10] } : { fill: 'solid' },
      fillOpacity: layer ? 45 : 0,
      showPoints: VisibilityMode.Never,
      pointSize: 4,
      spanNulls: false,
      show: true,
    });
    if (layer) {
      if (lowerLayerIdx > 0) {
        builder.addBand({ series: [i + 1, lowerLayerIdx] });
      }
      lowerLayerIdx = i + 1;
    }
  });

  builder.setCursor({ drag: { x: true, y: false, setScale: false } });
  builder.addHook('draw', (u) => {
    const { overlays, projection } = live();
    drawOverlays(u, overlays);
    if (projection) {
      drawProjection(u, projection.line, projection.dataEndMs, Y_SCALE, projection.style);
    }
  });
  return builder;
}
