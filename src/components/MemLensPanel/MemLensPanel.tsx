import React, { useMemo } from 'react';
import type { DataFrame, PanelProps } from '@grafana/data';

import { analyzeFrames } from '../../analysis/pipeline';
import { renderForUser } from '../../i18n/grafana';
import { type AnalysisSettings, toAnalysisSettings } from '../../options';
import type { MemLensOptions } from '../../types';
import { PanelErrorBoundary } from '../PanelErrorBoundary/PanelErrorBoundary';
import { MemLensPanelView } from './MemLensPanelView';

type Props = PanelProps<MemLensOptions>;

/** The panel Grafana renders: analyse the query result (once per data and analysis options), then draw. */
export function MemLensPanel(props: Props) {
  const { roles, groupBy, includePodLevel, growth } = props.options;
  // Only the options the analysis reads: legend or layout changes must not re-run it.
  const { settings, problems } = useMemo(
    () => toAnalysisSettings({ roles, groupBy, includePodLevel, growth }),
    [roles, groupBy, includePodLevel, growth]
  );
  return (
    <PanelErrorBoundary resetKey={props.data.series}>
      <AnalysedPanel {...props} settings={settings} problems={problems} />
    </PanelErrorBoundary>
  );
}

function AnalysedPanel({
  data,
  settings,
  problems,
  ...props
}: Props & { settings: AnalysisSettings; problems: string[] }) {
  const series: DataFrame[] = data.series;
  // Inside the error boundary: a frame the analysis cannot cope with becomes a readable message.
  const result = useMemo(() => analyzeFrames(series, settings), [series, settings]);
  return (
    <MemLensPanelView
      result={result}
      optionProblems={problems}
      render={renderForUser}
      options={props.options}
      frameCount={series.length}
      width={props.width}
      height={props.height}
      timeRange={props.timeRange}
      timeZone={props.timeZone}
      annotations={data.annotations}
      onChangeTimeRange={props.onChangeTimeRange}
    />
  );
}
