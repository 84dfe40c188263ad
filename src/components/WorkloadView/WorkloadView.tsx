import React, { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { AbsoluteTimeRange, DataFrame, GrafanaTheme2, TimeRange } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { Analysis, Message, RegionKind } from '../../analysis/types';
import { MemoryChart } from '../../chart/MemoryChart';
import type { ChartProjection } from '../../chart/config';
import { buildChartModel, SERIES_COLORS, type SeriesKey } from '../../chart/model';
import { type AnnotationOwners, annotationBelongs, type OverlayItem } from '../../chart/overlays';
import { buildPressureStrip, projectionExtensionMs, projectionLine } from '../../chart/pressure';
import { seriesLabel } from '../../options';
import type { MemLensOptions } from '../../types';
import { FittedText } from '../FittedText/FittedText';
import { bodyText } from '../FittedText/measure';
import { VerdictBanner } from '../VerdictBanner/VerdictBanner';

/** The title's padding, both sides (theme.spacing(0, 1)). */
const TITLE_PADDING = 16;
/** Below this height the banner is held to two lines, so the chart keeps most of the room. */
const COMPACT_BELOW = 320;

export type MessageRenderer = (message: Message) => string;

/** Region colours by kind: the leak suspect red, file cache in the cache layer's family. */
export const REGION_COLORS: Record<RegionKind, string> = {
  'file-cache': 'blue',
  anon: 'red',
  kernel: 'purple',
  shmem: 'yellow',
  mixed: 'orange',
  // Neither the leak's red nor the cache's blue: the data does not say which.
  uncertain: '#8e8e8e',
};

/**
 * What a workload's chart is drawn with besides its analysis and size: the same for every workload,
 * handed down unchanged from the panel through the grid or the overview.
 */
export interface ChartContext {
  render: MessageRenderer;
  options: MemLensOptions;
  timeRange: TimeRange;
  timeZone: TimeZone;
  annotations?: DataFrame[];
  /** The panel's workloads by identity label value, to place annotations whose tags name one. */
  annotationOwners?: AnnotationOwners;
  onChangeTimeRange: (range: AbsoluteTimeRange) => void;
}

/** The chart context out of props that carry more, to pass on to WorkloadView and nothing else. */
export function chartContext(props: ChartContext): ChartContext {
  const { render, options, timeRange, timeZone, annotations, annotationOwners, onChangeTimeRange } = props;
  return { render, options, timeRange, timeZone, annotations, annotationOwners, onChangeTimeRange };
}

interface Props extends ChartContext {
  analysis: Analysis;
  width: number;
  height: number;
  /** False keeps the chart's place empty (a grid cell out of view); default true. */
  drawChart?: boolean;
}

/**
 * One workload: its title, its verdict banner, and its chart. Memoised: a grid re-renders on scroll,
 * and only the cells whose props change (a chart coming into view) need to.
 */
export const WorkloadView = React.memo(function WorkloadView({
  analysis,
  render,
  options,
  width,
  height,
  drawChart = true,
  ...chart
}: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const titleStyle = useMemo(() => bodyText(theme, theme.typography.fontWeightMedium), [theme]);
  const dec = analysis.decomposition;

  // The header's height depends on the banner's wrapping; the chart gets the rest. The chart waits
  // for the measure (taken before the first paint), so that it is built once, at its height.
  const header = useRef<HTMLDivElement>(null);
  const [headerHeight, setHeaderHeight] = useState<number>();
  // The texts go through the translator once per analysis, not on every render (the header's
  // measure renders the cell twice, a scroll or hover again).
  const texts = useMemo(
    () => ({
      banner: render(analysis.banner),
      notes: unique([...dec.notes, ...analysis.notes].map(render)),
      consequences: analysis.consequences.map(render),
    }),
    [analysis, dec, render]
  );
  const bannerText = texts.banner;
  useLayoutEffect(() => {
    const el = header.current;
    setHeaderHeight(el?.offsetHeight ?? 0);
    if (!el) {
      return;
    }
    // The banner also changes height when the user unfolds it.
    const observer = new ResizeObserver(() => setHeaderHeight(el.offsetHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [bannerText, width, height]);
  const chartHeight = Math.max(60, height - (headerHeight ?? 0));

  return (
    <div className={styles.workload} style={{ width, height }} data-testid="memlens-workload">
      <div ref={header}>
        <div className={styles.title}>
          <FittedText text={dec.workload.title} width={width - TITLE_PADDING} style={titleStyle} />
        </div>
        <VerdictBanner
          verdict={analysis.verdict}
          text={bannerText}
          notes={texts.notes}
          compact={height < COMPACT_BELOW}
          consequences={texts.consequences}
          warmUp={analysis.assessment.trend.state === 'warmUp'}
        />
      </div>
      {drawChart && headerHeight !== undefined ? (
        <WorkloadChart
          analysis={analysis}
          render={render}
          options={options}
          width={width}
          height={chartHeight}
          {...chart}
        />
      ) : (
        <div style={{ height: chartHeight }} data-testid="memlens-chart-placeholder" />
      )}
    </div>
  );
});

/**
 * The chart of one workload, with the legend's hidden series. Its own component so that a cell out
 * of view builds no chart model (the stacked series of every point) until it is drawn.
 */
function WorkloadChart({
  analysis,
  render,
  options,
  width,
  height,
  annotationOwners,
  ...chart
}: Omit<Props, 'drawChart'>) {
  const [hidden, setHidden] = useState<ReadonlySet<SeriesKey>>(new Set());
  const dec = analysis.decomposition;
  const key = dec.workload.key;
  const annotationFilter = useMemo(
    () => (annotationOwners ? (tags: readonly string[]) => annotationBelongs(tags, annotationOwners, key) : undefined),
    [annotationOwners, key]
  );

  const model = useMemo(
    () =>
      buildChartModel({
        decomposition: dec,
        layers: options.layers,
        lines: options.lines,
        hidden,
        label: seriesLabel,
      }),
    [dec, options.layers, options.lines, hidden]
  );
  const regions: OverlayItem[] = useMemo(
    () =>
      analysis.regions.map((r, i) => ({
        id: `r${i}`,
        fromMs: r.fromMs,
        toMs: r.toMs,
        color: REGION_COLORS[r.kind],
        text: render(r.message),
        source: 'region',
      })),
    [analysis.regions, render]
  );

  const theme = useTheme2();
  const assessment = analysis.assessment;
  const pressure = useMemo(() => buildPressureStrip(assessment, dec.times) ?? undefined, [assessment, dec.times]);
  const { from, to } = chart.timeRange;
  const projection = useMemo((): ChartProjection | undefined => {
    const line = projectionLine(assessment);
    if (!line) {
      return undefined;
    }
    const eviction = assessment.projection.target === 'eviction';
    const etaMs = line.reachMs - line.fromMs;
    return {
      line,
      extensionMs: projectionExtensionMs(line, from.valueOf(), to.valueOf()),
      dataEndMs: dec.times[dec.times.length - 1] ?? line.fromMs,
      style: {
        color: theme.visualization.getColorByName(SERIES_COLORS[eviction ? 'memTotal' : 'limit']),
        textColor: theme.colors.text.primary,
        background: theme.colors.background.primary,
        label: render({ id: eviction ? 'chart.projection.eviction' : 'chart.projection.oom', params: { etaMs } }),
      },
    };
  }, [assessment, dec.times, from, to, theme, render]);

  const toggle = (key: SeriesKey, mode: 'isolate' | 'toggle') => {
    setHidden((current) => {
      if (mode === 'toggle') {
        const next = new Set(current);
        next.has(key) ? next.delete(key) : next.add(key);
        return next;
      }
      const others = model.series.map((s) => s.key).filter((k) => k !== key);
      const isolated = !current.has(key) && others.every((k) => current.has(k));
      return isolated ? new Set() : new Set(others);
    });
  };

  return (
    <MemoryChart
      model={model}
      regions={regions}
      pressure={pressure}
      projection={projection}
      width={width}
      height={height}
      legend={options.legend}
      tooltip={options.tooltip}
      onSeriesToggle={toggle}
      annotationFilter={annotationFilter}
      {...chart}
    />
  );
}

/** The decomposition's notes may be repeated in the analysis's: show each sentence once. */
function unique(texts: string[]): string[] {
  return Array.from(new Set(texts));
}

const getStyles = (theme: GrafanaTheme2) => ({
  workload: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  title: css({
    fontWeight: theme.typography.fontWeightMedium,
    padding: theme.spacing(0, 1),
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
