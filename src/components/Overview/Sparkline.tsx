import React, { useEffect, useMemo, useRef } from 'react';
import { useTheme2 } from '@grafana/ui';

import type { Decomposition, Layer } from '../../analysis/types';
import { SERIES_COLORS } from '../../chart/model';
import { drawSparkline, sparkColumns } from './sparkline';

interface Props {
  decomposition: Decomposition;
  layers: readonly Layer[];
  width: number;
  height: number;
  /** Text for screen readers (the row's figures are in its other cells). */
  label: string;
}

/** The stacked layers of one workload over the range, one column per pixel, on a canvas of its own. */
export function Sparkline({ decomposition, layers, width, height, label }: Props) {
  const theme = useTheme2();
  const canvas = useRef<HTMLCanvasElement>(null);
  const spark = useMemo(() => sparkColumns(decomposition, layers, width), [decomposition, layers, width]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawSparkline(ctx, spark, width, height, {
      layerColor: (layer) => theme.visualization.getColorByName(SERIES_COLORS[layer]),
      lineColor: theme.visualization.getColorByName(SERIES_COLORS.workingSet),
    });
  }, [spark, width, height, theme]);

  return (
    <canvas
      ref={canvas}
      role="img"
      aria-label={label}
      style={{ width, height, display: 'block' }}
      data-testid="memlens-sparkline"
    />
  );
}
