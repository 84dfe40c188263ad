import React, { useLayoutEffect, useReducer, useState } from 'react';
import { createPortal } from 'react-dom';
import type uPlot from 'uplot';
import { css } from '@emotion/css';
import { Tooltip, type UPlotConfigBuilder, useStyles2 } from '@grafana/ui';

import type { OverlayItem } from './overlays';

interface Props {
  config: UPlotConfigBuilder;
  items: readonly OverlayItem[];
}

/**
 * The bar under the time axis for each region (a marker for a point annotation), as Grafana marks
 * region annotations; hovering or focusing it shows the overlay's text.
 */
export function OverlayMarkers({ config, items }: Props) {
  const [plot, setPlot] = useState<uPlot>();
  const [, redrawn] = useReducer((x: number) => x + 1, 0);
  const styles = useStyles2(getStyles);

  useLayoutEffect(() => {
    config.addHook('ready', (u) => setPlot(u));
    // Scales change on resize and data updates: place the markers again after each draw.
    config.addHook('draw', () => redrawn());
  }, [config]);

  const axis = plot?.root.querySelector<HTMLDivElement>('.u-axis');
  if (!plot || !axis) {
    return null;
  }
  const markers = items.map((item) => {
    const left = Math.round(plot.valToPos(item.fromMs, 'x')) || 0;
    const right = Math.round(plot.valToPos(item.toMs, 'x')) || 0;
    const region = item.toMs > item.fromMs;
    if (right < 0 || left > plotWidth(plot)) {
      return null;
    }
    const style: React.CSSProperties = region
      ? { left: Math.max(0, left), width: Math.max(2, right - Math.max(0, left)), background: item.color }
      : { left, borderBottomColor: item.color };
    return (
      <Tooltip key={item.id} content={item.text || '—'} placement="bottom">
        <div
          className={region ? styles.region : styles.point}
          style={style}
          tabIndex={0}
          role="img"
          aria-label={item.text}
          data-testid={`memlens-${item.source}-marker`}
        />
      </Tooltip>
    );
  });
  return createPortal(markers, axis);
}

/** The plotting area's width in CSS pixels (uPlot's bbox is in canvas pixels). */
function plotWidth(u: uPlot): number {
  return u.over.clientWidth || u.bbox.width / (window.devicePixelRatio || 1);
}

const getStyles = () => ({
  region: css({ position: 'absolute', top: 0, height: 5, cursor: 'pointer', zIndex: 1 }),
  point: css({
    position: 'absolute',
    top: 0,
    width: 0,
    height: 0,
    borderLeft: '5px solid transparent',
    borderRight: '5px solid transparent',
    borderBottomWidth: 5,
    borderBottomStyle: 'solid',
    transform: 'translateX(-50%)',
    cursor: 'pointer',
    zIndex: 1,
  }),
});
