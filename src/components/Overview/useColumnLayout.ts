/**
 * The overview's column layout for a width: every row's figures measured in the theme's fonts (the
 * widest text sets a column's width, so no figure is cut), then layoutColumns decides what shows.
 */
import { useMemo } from 'react';
import { t } from '@grafana/i18n';
import { useTheme2 } from '@grafana/ui';

import { formatBytes } from '../../i18n/render';
import { bodyText, smallText, textMeasurer } from '../FittedText/measure';
import type { MessageRenderer } from '../WorkloadView/WorkloadView';
import { type ColumnId, type ColumnLayout, type ColumnNeeds, layoutColumns } from './columns';
import {
  growthMessage,
  headroomMessage,
  type OverviewRow,
  pressureMessages,
  timeToLimitMessage,
  verdictMessage,
} from './rows';

/** A cell's padding, both sides (theme.spacing(0, 1)). */
export const CELL_PADDING = 16;
/** The verdict icon and the gap after it. */
export const VERDICT_ICON = 22;
/** The sort arrow and the gap before it, in a sortable header. */
const SORT_ICON = 18;

export function headerLabels(): Record<ColumnId, string> {
  return {
    name: t('overview.column.workload', 'Workload'),
    layers: t('overview.column.layers', 'Layers over the range'),
    workingSet: t('overview.column.workingSet', 'Working set'),
    growth: t('overview.column.growth', 'Growth'),
    verdict: t('overview.column.verdict', 'Verdict'),
    headroom: t('overview.column.headroom', 'Headroom to limit'),
    timeToLimit: t('overview.column.timeToLimit', 'Time to limit'),
    pressure: t('overview.column.pressure', 'Pressure, cache'),
  };
}

export function workingSetText(row: OverviewRow): string {
  return Number.isFinite(row.workingSetBytes) ? formatBytes(row.workingSetBytes) : '–';
}

/** The pressure cell's text: its parts joined, or a dash when no pressure signal arrived. */
export function pressureText(row: OverviewRow, render: MessageRenderer): string {
  const parts = pressureMessages(row).map(render);
  return parts.length ? parts.join(' · ') : '–';
}

export function useColumnLayout(rows: readonly OverviewRow[], render: MessageRenderer, width: number): ColumnLayout {
  const theme = useTheme2();
  const needs = useMemo((): ColumnNeeds => {
    const cell = textMeasurer(theme, bodyText(theme));
    const name = textMeasurer(theme, bodyText(theme, theme.typography.fontWeightMedium));
    const header = textMeasurer(theme, smallText(theme, theme.typography.fontWeightMedium));
    const labels = headerLabels();
    const widest = (texts: Iterable<string>, measure: (s: string) => number) => {
      let max = 0;
      for (const text of texts) {
        max = Math.max(max, measure(text));
      }
      return max;
    };
    const column = (label: string, sortable: boolean, texts: string[], extra = 0) =>
      CELL_PADDING + Math.max(header(label) + (sortable ? SORT_ICON : 0), widest(texts, cell) + extra);
    return {
      workingSet: column(labels.workingSet, true, rows.map(workingSetText)),
      growth: column(
        labels.growth,
        true,
        rows.map((r) => render(growthMessage(r)))
      ),
      headroom: column(
        labels.headroom,
        true,
        rows.map((r) => render(headroomMessage(r)))
      ),
      timeToLimit: column(
        labels.timeToLimit,
        true,
        rows.map((r) => render(timeToLimitMessage(r)))
      ),
      pressure: column(
        labels.pressure,
        false,
        rows.map((r) => pressureText(r, render))
      ),
      verdictLong: column(
        labels.verdict,
        false,
        rows.map((r) => render(verdictMessage(r))),
        VERDICT_ICON
      ),
      verdictShort: column(
        labels.verdict,
        false,
        rows.map((r) => render(verdictMessage(r, 'short'))),
        VERDICT_ICON
      ),
      name:
        CELL_PADDING +
        Math.max(
          header(labels.name) + SORT_ICON,
          widest(
            rows.map((r) => r.title),
            name
          )
        ),
    };
  }, [rows, render, theme]);
  return useMemo(() => layoutColumns(width, needs), [width, needs]);
}
