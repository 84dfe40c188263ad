import React, { type ComponentProps, useLayoutEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { type AbsoluteTimeRange, type DataFrame, DashboardCursorSync, FieldType, type TimeRange } from '@grafana/data';
import { type TimeZone, type VizLegendOptions, type VizTooltipOptions, TooltipDisplayMode } from '@grafana/schema';
import { t } from '@grafana/i18n';
import {
  EventBusPlugin,
  KeyboardPlugin,
  PanelContextProvider,
  TooltipPlugin2,
  UPlotChart,
  usePanelContext,
  useTheme2,
  VizLayout,
  VizLegend,
  type VizLegendItem,
} from '@grafana/ui';

import { ChartTooltip } from './ChartTooltip';
import { buildChartConfig, type ChartLive, type ChartProjection, chartStructureKey } from './config';
import type { ChartModel, SeriesKey } from './model';
import { OverlayMarkers } from './OverlayMarkers';
import { annotationOverlays, type OverlayItem } from './overlays';
import type { PressureStripModel } from './pressure';
import { PressureStrip, STRIP_HEIGHT } from './PressureStrip';

type HoverMode = ComponentProps<typeof TooltipPlugin2>['hoverMode'];
// TooltipHoverMode is a const enum in @grafana/ui's types; its values are xOne = 0, xAll = 1.
const HOVER_ONE = 0 as HoverMode;
const HOVER_ALL = 1 as HoverMode;

export interface MemoryChartProps {
  model: ChartModel;
  /** Growth regions; `color` is a Grafana colour name. */
  regions: readonly OverlayItem[];
  /** The dashboard's annotations (`data.annotations`). */
  annotations?: DataFrame[];
  /** Keeps the annotations whose tags belong on this chart; all of them when absent. */
  annotationFilter?: (tags: readonly string[]) => boolean;
  /** PSI, refaults and events under the chart; absent when none of them arrived. */
  pressure?: PressureStripModel;
  /** The dashed line past the range's end, toward the limit; absent when nothing heads there. */
  projection?: ChartProjection;
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: TimeZone;
  legend: VizLegendOptions;
  tooltip: VizTooltipOptions;
  onChangeTimeRange: (range: AbsoluteTimeRange) => void;
  /** Legend click: `isolate` shows only this series (or all again), `toggle` (ctrl/cmd-click) flips one. */
  onSeriesToggle: (key: SeriesKey, mode: 'isolate' | 'toggle') => void;
}

/** Below this chart height (CSS px, legend included) the pressure strip is left out. */
const MIN_HEIGHT_WITH_STRIP = 160;

/** One workload's stacked memory chart with Grafana's legend, tooltip, zoom and shared crosshair. */
export function MemoryChart(props: MemoryChartProps) {
  const { model, regions, annotations, annotationFilter, pressure, projection, width, height, timeRange, timeZone } =
    props;
  const { legend, tooltip } = props;
  const theme = useTheme2();
  const panelContext = usePanelContext();
  const cursorSync = panelContext.sync?.() ?? DashboardCursorSync.Off;

  const overlays = useMemo(() => {
    const resolve = (c: string) => theme.visualization.getColorByName(c);
    return [
      ...regions.map((r) => ({ ...r, color: resolve(r.color) })),
      ...annotationOverlays(annotations, resolve, annotationFilter),
    ];
  }, [regions, annotations, annotationFilter, theme]);
  // The plot is built again only when the chart's structure changes; new values of the same shape
  // (a refresh) go to uPlot's setData, and the time range and overlays are read when it draws: the
  // holder is updated in a layout effect, before uPlot's commit (a microtask) reads it.
  const [live] = useState(() => new LiveHolder({ timeRange, overlays, projection }, model));
  useLayoutEffect(
    () => live.set({ timeRange, overlays, projection }, model),
    [live, timeRange, overlays, projection, model]
  );
  // In a very low chart the strip would leave no plot: the banner still says the pressure.
  const strip = pressure && height >= MIN_HEIGHT_WITH_STRIP ? pressure : undefined;
  const hasStrip = strip !== undefined;
  const structure = chartStructureKey(model);
  const config = useMemo(
    () => buildChartConfig({ model, theme, timeZone, live: live.get, onPlot: live.attach }),
    // model is read for its structure only, which `structure` stands for.
    // The strip's hooks go on the config before the plot is made: a strip that comes or goes makes a new one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [structure, theme, timeZone, live, hasStrip]
  );
  const data = useMemo(() => [model.times, ...model.plotted] as ComponentProps<typeof UPlotChart>['data'], [model]);
  // Only the dashboard's shared crosshair reads the frame: copy the values only when it is on.
  const syncing = cursorSync !== DashboardCursorSync.Off;
  const frame = useMemo(() => (syncing ? toFrame(model) : undefined), [model, syncing]);

  const legendItems: VizLegendItem[] = model.series.map((s) => ({
    label: s.label,
    color: theme.visualization.getColorByName(s.color),
    yAxis: 1,
    disabled: s.hidden,
    lineStyle: s.dashed ? { fill: 'dash' } : undefined,
    getItemKey: () => s.key,
    data: s.key,
  }));
  if (projection) {
    legendItems.push({
      label: t('chart.projection.legend', 'projection'),
      color: projection.style.color,
      yAxis: 1,
      lineStyle: { fill: 'dash' },
      getItemKey: () => 'projection',
    });
  }
  const legendElement = legend.showLegend ? (
    // VizLayout reads placement and width from this element's own props, so VizLayout.Legend must be
    // the outer element. Legend clicks stay in this panel: Grafana's handler would write field
    // overrides for series that are not fields of the query result.
    <VizLayout.Legend placement={legend.placement} width={legend.width}>
      <PanelContextProvider value={{ ...panelContext, onToggleSeriesVisibility: undefined }}>
        <VizLegend
          placement={legend.placement}
          items={legendItems}
          displayMode={legend.displayMode}
          onLabelClick={(item, event) =>
            // The projection's entry is a key to the dashed line, not a series to hide.
            item.data !== undefined &&
            props.onSeriesToggle(item.data as SeriesKey, event.ctrlKey || event.metaKey ? 'toggle' : 'isolate')
          }
        />
      </PanelContextProvider>
    </VizLayout.Legend>
  ) : null;

  return (
    <VizLayout width={width} height={height} legend={legendElement}>
      {(vizWidth: number, vizHeight: number) => {
        return (
          <div>
            <UPlotChart config={config} data={data} width={vizWidth} height={vizHeight - (strip ? STRIP_HEIGHT : 0)}>
              <KeyboardPlugin config={config} />
              {frame && <EventBusPlugin config={config} eventBus={panelContext.eventBus} frame={frame} />}
              {tooltip.mode !== TooltipDisplayMode.None && (
                <TooltipPlugin2
                  config={config}
                  hoverMode={tooltip.mode === TooltipDisplayMode.Single ? HOVER_ONE : HOVER_ALL}
                  queryZoom={props.onChangeTimeRange}
                  clientZoom={true}
                  syncMode={cursorSync}
                  syncScope={panelContext.eventsScope}
                  maxWidth={tooltip.maxWidth}
                  render={(u, dataIdxs, seriesIdx, _pinned, _dismiss, _range, viaSync) => (
                    <ChartTooltip
                      model={model}
                      theme={theme}
                      timeZone={timeZone}
                      dataIdx={dataIdxs[0] ?? -1}
                      onlySeries={
                        tooltip.mode === TooltipDisplayMode.Single && !viaSync && seriesIdx ? seriesIdx - 1 : undefined
                      }
                      overlays={overlays}
                      pressure={pressure}
                    />
                  )}
                />
              )}
              {overlays.length > 0 && <OverlayMarkers config={config} items={overlays} />}
              {/* A child, so that its hooks are on the config before the plot is made; it flows below the canvas. */}
              {strip && <PressureStrip config={config} model={strip} timeZone={timeZone} />}
            </UPlotChart>
          </div>
        );
      }}
    </VizLayout>
  );
}

/** The chart's current time range and overlays, for the uPlot hooks that read them at draw time. */
class LiveHolder {
  private plot?: uPlot;

  constructor(
    private value: ChartLive,
    private model: ChartModel
  ) {}

  readonly get = (): ChartLive => this.value;
  readonly attach = (plot: uPlot): void => {
    this.plot = plot;
  };

  set(value: ChartLive, model: ChartModel): void {
    const stale =
      model === this.model &&
      (value.timeRange !== this.value.timeRange ||
        value.overlays !== this.value.overlays ||
        value.projection !== this.value.projection);
    this.value = value;
    this.model = model;
    // New data redraws through setData; a new range or new overlays on the same data must redraw here.
    if (stale && this.plot) {
      this.plot.setData(this.plot.data);
    }
  }
}

/** The plotted series as a frame, for the dashboard's hover events (what other panels receive). */
function toFrame(model: ChartModel): DataFrame {
  return {
    length: model.times.length,
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: model.times },
      ...model.visible.map((s) => ({
        name: s.label,
        type: FieldType.number,
        config: { unit: 'bytes' },
        values: Array.from(s.values),
      })),
    ],
  };
}
