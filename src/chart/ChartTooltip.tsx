import React from 'react';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import type { TimeZone } from '@grafana/schema';
import { SeriesTable, type SeriesTableRowProps } from '@grafana/ui';

import { formatChartBytes } from './config';
import type { ChartModel } from './model';
import type { OverlayItem } from './overlays';
import { eventsAt, type PressureStripModel } from './pressure';
import { eventText, readout } from './PressureStrip';

export interface ChartTooltipProps {
  model: ChartModel;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  /** Index into model.times under the cursor. */
  dataIdx: number;
  /** The model.visible index the cursor is nearest to, when only one series is wanted. */
  onlySeries?: number;
  overlays: readonly OverlayItem[];
  /** The pressure strip's signals and events: the tooltip gives them at the same instant. */
  pressure?: PressureStripModel;
}

/**
 * Every visible series at one instant with its own value (not the stacked height), the total of the
 * stack, and the text of each region or annotation that covers the instant.
 */
export function ChartTooltip({ model, theme, timeZone, dataIdx, onlySeries, overlays, pressure }: ChartTooltipProps) {
  const time = model.times[dataIdx];
  if (time === undefined) {
    return null;
  }
  const shown = onlySeries === undefined ? model.visible : model.visible.filter((_, i) => i === onlySeries);
  // Tooltip rows read top of the stack first, as the eye reads the chart.
  const layers = shown.filter((s) => s.kind === 'layer').reverse();
  const lines = shown.filter((s) => s.kind === 'line');
  const rows: SeriesTableRowProps[] = [...lines, ...layers].map((s) => ({
    color: theme.visualization.getColorByName(s.color),
    label: s.label,
    value: formatChartBytes(s.values[dataIdx]),
  }));
  if (onlySeries === undefined && layers.length > 1) {
    rows.push({
      label: t('chart.tooltip.total', 'Total of layers'),
      value: formatChartBytes(model.stackTotal[dataIdx]),
    });
  }
  // The strip shares the chart's axis, so the same index reads it.
  const pressureText = pressure ? readout(pressure, dataIdx) : '';
  const events = pressure ? eventsAt(pressure, dataIdx) : [];
  const covering = overlays.filter((o) => o.text && time >= o.fromMs && time <= Math.max(o.toMs, o.fromMs));
  return (
    <div data-testid="memlens-tooltip">
      <SeriesTable timestamp={dateTimeFormat(time, { timeZone })} series={rows} />
      {pressureText && <div data-testid="memlens-tooltip-pressure">{pressureText}</div>}
      {events.map((e, i) => (
        <div key={`e${i}`} data-testid="memlens-tooltip-event">
          {eventText(e, timeZone)}
        </div>
      ))}
      {covering.map((o) => (
        <div key={o.id} style={{ borderLeft: `3px solid ${o.color}`, paddingLeft: 6, marginTop: 4, maxWidth: 420 }}>
          {o.text}
        </div>
      ))}
    </div>
  );
}
