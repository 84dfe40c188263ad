import React, { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { LegendPlacement } from '@grafana/schema';
import { ScrollContainer, useStyles2, useTheme2 } from '@grafana/ui';

interface Props {
  width: number;
  height: number;
  /** The legend, or undefined for none. */
  legend?: { placement: LegendPlacement; width?: number; element: ReactNode };
  children: (width: number, height: number) => ReactNode;
}

interface Measured {
  /** The page is narrower than the theme's lg breakpoint: the legend goes to the bottom, as Grafana does. */
  narrow: boolean;
  legendWidth: number;
  legendHeight: number;
}

/**
 * Chart and legend laid out as @grafana/ui's VizLayout lays them out (same flex boxes, same limits,
 * the legend below the chart on narrow pages), but the legend is measured in a layout effect, so the
 * chart is drawn in the same task as the first render. VizLayout measures with a ResizeObserver, whose
 * answer comes a frame later, and reads the page width during every render, which forces a layout per
 * chart: with many charts both add up.
 */
export function ChartLayout({ width, height, legend, children }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const legendBox = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState<Measured | undefined>(undefined);

  useLayoutEffect(() => {
    const box = legendBox.current;
    const next: Measured = {
      narrow: document.body.clientWidth < theme.breakpoints.values.lg,
      legendWidth: box?.offsetWidth ?? 0,
      legendHeight: box?.offsetHeight ?? 0,
    };
    if (
      !measured ||
      measured.narrow !== next.narrow ||
      measured.legendWidth !== next.legendWidth ||
      measured.legendHeight !== next.legendHeight
    ) {
      setMeasured(next);
    }
    // The legend element is new on every render of its chart: measure again then (cheap, and only
    // the first measurement after a change of size or items sets state).
  }, [width, height, legend, measured, theme.breakpoints.values.lg]);

  if (!legend) {
    return (
      <div style={{ display: 'flex', width, height }} className={styles.viz}>
        {children(width, height)}
      </div>
    );
  }
  const placement: LegendPlacement = measured?.narrow ? 'bottom' : legend.placement;
  const containerStyle: React.CSSProperties = { display: 'flex', width, height };
  const legendStyle: React.CSSProperties = {};
  let size: { width: number; height: number } | undefined;
  if (placement === 'right') {
    containerStyle.flexDirection = 'row';
    legendStyle.maxWidth = '60%';
    if (legend.width) {
      legendStyle.width = legend.width;
    }
    const used = legend.width ?? measured?.legendWidth ?? 0;
    size = measured || legend.width ? { width: width - used || width, height } : undefined;
  } else {
    containerStyle.flexDirection = 'column';
    legendStyle.maxHeight = '35%';
    size = measured ? { width, height: height - measured.legendHeight || height } : undefined;
  }
  return (
    <div style={containerStyle}>
      <div className={styles.viz}>{size && children(size.width, size.height)}</div>
      <div style={legendStyle} ref={legendBox}>
        <ScrollContainer>{legend.element}</ScrollContainer>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  viz: css({ flexGrow: 2, borderRadius: theme.shape.radius.default }),
});
