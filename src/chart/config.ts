/**
 * The uPlot configuration of one workload's chart, through @grafana/ui's UPlotConfigBuilder: a time
 * axis on the dashboard range, a bytes axis formatted as Grafana formats bytes, the stacked layers as
 * bands between neighbours, the lines on top, and a draw hook for the overlays.
 */
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

export const Y_SCALE = 'bytes';

/** Bytes as everywhere else, but a gap in the data reads as a dash on the axis and in the tooltip. */
export function formatChartBytes(value: number, decimals?: number): string {
  return Number.isFinite(value) ? formatBytes(value, decimals) : '—';
}

export interface ChartConfigInput {
  model: ChartModel;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  timeRange: TimeRange;
  /** Regions and annotations, colours resolved. */
  overlays: readonly OverlayItem[];
}

export function buildChartConfig({
  model,
  theme,
  timeZone,
  timeRange,
  overlays,
}: ChartConfigInput): UPlotConfigBuilder {
  const builder = new UPlotConfigBuilder(timeZone);
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();

  builder.addScale({
    scaleKey: 'x',
    isTime: true,
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    range: () => [from, to],
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
  builder.addHook('draw', (u) => drawOverlays(u, overlays));
  return builder;
}
