import React, { useState } from 'react';
import { css } from '@emotion/css';

import type { Analysis } from '../../analysis/types';
import { type ChartContext, WorkloadView } from '../WorkloadView/WorkloadView';
import { type GridLayout, rowsInView } from './layout';

interface Props {
  /** In the pipeline's order (largest working-set growth first). */
  analyses: Analysis[];
  context: ChartContext;
  layout: GridLayout;
  height: number;
}

/** Room for the grid's scrollbar when the cells overflow. */
const SCROLLBAR_WIDTH = 12;

/**
 * Every workload's title, banner and chart in a grid. Only the charts of the rows in view are drawn
 * (a chart is most of a cell's cost); the rows below keep their place, title and banner until they
 * are scrolled to, and once drawn they stay, so scrolling back costs nothing.
 */
export function ChartGrid({ analyses, context, layout, height }: Props) {
  // The furthest the grid has been scrolled: every row down to that view's last has been seen.
  const [reach, setReach] = useState(0);
  const rows = Math.ceil(analyses.length / layout.columns);
  const overflows = layout.cellHeight * rows > height;
  const [, drawnRows] = rowsInView(0, reach + height, layout.cellHeight, rows);
  return (
    <div
      className={grid}
      style={{ height, gridTemplateColumns: `repeat(${layout.columns}, ${layout.cellWidth}px)` }}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        setReach((r) => Math.max(r, top));
      }}
    >
      {analyses.map((analysis, i) => {
        const key = analysis.decomposition.workload.key;
        return (
          <WorkloadView
            key={key}
            analysis={analysis}
            {...context}
            drawChart={Math.floor(i / layout.columns) < drawnRows}
            width={layout.cellWidth - (overflows ? SCROLLBAR_WIDTH : 0)}
            height={layout.cellHeight}
          />
        );
      })}
    </div>
  );
}

const grid = css({ display: 'grid', overflowY: 'auto', overflowX: 'hidden', alignContent: 'start' });
