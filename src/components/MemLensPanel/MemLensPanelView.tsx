import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';

import type { Analysis, IgnoredSeries, Message } from '../../analysis/types';
import { annotationOwners } from '../../chart/overlays';
import { EmptyState } from '../EmptyState/EmptyState';
import { Overview, showsOverview } from '../Overview/Overview';
import { type ChartContext, chartContext } from '../WorkloadView/WorkloadView';
import { ChartGrid } from './ChartGrid';
import { gridLayout } from './layout';

/** The pipeline's result, as the view needs it. */
export interface ViewInput {
  analyses: Analysis[];
  ignored: IgnoredSeries[];
  notes: Message[];
}

export interface MemLensPanelViewProps extends ChartContext {
  result: ViewInput;
  /** Problems with the panel options, already in words. */
  optionProblems: string[];
  frameCount: number;
  width: number;
  height: number;
}

const FOOTER_HEIGHT = 22;

/** Every workload's chart in a grid (in the pipeline's order: largest working-set growth first). */
export function MemLensPanelView(props: MemLensPanelViewProps) {
  const { result, render, options, width, height, optionProblems } = props;
  const styles = useStyles2(getStyles);
  // Only annotations in a panel of several workloads need placing (see annotationBelongs).
  const placing = Boolean(props.annotations?.length) && result.analyses.length > 1;
  const owners = useMemo(
    () => (placing ? annotationOwners(result.analyses.map((a) => a.decomposition.workload)) : undefined),
    [placing, result.analyses]
  );
  const ignored = result.ignored.map((s) => ({ name: s.name, reason: render(s.reason) }));
  const notes = [...optionProblems, ...result.notes.map(render)];

  if (result.analyses.length === 0) {
    return (
      <div style={{ width, height }}>
        <EmptyState frameCount={props.frameCount} seriesCount={countSeries(props)} ignored={ignored} notes={notes} />
      </div>
    );
  }

  const hasFooter = ignored.length > 0 || notes.length > 0;
  const gridHeight = height - (hasFooter ? FOOTER_HEIGHT : 0);
  const layout = gridLayout(result.analyses.length, width, gridHeight);
  const context = { ...chartContext(props), annotationOwners: owners };
  return (
    <div className={styles.panel} style={{ width, height }}>
      {showsOverview(options.view, result.analyses.length) ? (
        <Overview analyses={result.analyses} {...context} width={width} height={gridHeight} />
      ) : (
        <ChartGrid analyses={result.analyses} context={context} layout={layout} height={gridHeight} />
      )}
      {hasFooter && (
        <details className={styles.footer}>
          <summary>
            {t('panel.footer.summary', '{{ignored}} series left out, {{notes}} notes', {
              ignored: ignored.length,
              notes: notes.length,
            })}
          </summary>
          <ul aria-label={t('panel.empty.ignored', 'Left out')}>
            {ignored.map((row, i) => (
              <li key={`i${i}`}>
                <code>{row.name}</code> — {row.reason}
              </li>
            ))}
            {notes.map((note, i) => (
              <li key={`n${i}`}>{note}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function countSeries({ result }: MemLensPanelViewProps): number {
  return (
    result.ignored.length +
    result.analyses.reduce((n, a) => n + Object.values(a.decomposition.workload.series).flat().length, 0)
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ position: 'relative', display: 'flex', flexDirection: 'column' }),
  footer: css({
    position: 'absolute',
    bottom: 0,
    left: 0,
    right: 0,
    maxHeight: '60%',
    overflow: 'auto',
    background: theme.colors.background.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0, 1),
    zIndex: 2,
    summary: { cursor: 'pointer', height: FOOTER_HEIGHT, lineHeight: `${FOOTER_HEIGHT}px` },
    ul: { margin: 0, paddingLeft: theme.spacing(2), wordBreak: 'break-all' },
  }),
});
