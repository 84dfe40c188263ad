import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Button, Combobox, Icon, LinkButton, RadioButtonGroup, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';

import type { Analysis } from '../../analysis/types';
import { smallText, textMeasurer } from '../FittedText/measure';
import { type ChartContext, chartContext, WorkloadView } from '../WorkloadView/WorkloadView';
import { containerDashboardUrl } from './links';
import { OverviewTable } from './OverviewTable';
import {
  DEFAULT_SORT,
  filterRows,
  FIRST_DIRECTION,
  type SortKey,
  sortRows,
  type SortState,
  toRow,
  verdictCounts,
  type VerdictFilter,
} from './rows';
import { headerLabels, useColumnLayout } from './useColumnLayout';

/** With 'auto', the overview replaces one chart per workload above this many workloads. */
export const OVERVIEW_ABOVE = 8;

/** Whether the panel shows the overview for `count` workloads under the `view` option. */
export function showsOverview(view: string | undefined, count: number): boolean {
  return view === 'overview' || ((view ?? 'auto') === 'auto' && count > OVERVIEW_ABOVE);
}

export interface OverviewProps extends ChartContext {
  /** In the pipeline's order (largest working-set growth first). */
  analyses: Analysis[];
  width: number;
  height: number;
}

const TOOLBAR_HEIGHT = 36;
/** A small radio button's padding and borders around its label, px. */
const RADIO_PADDING = 20;

/**
 * Many workloads at a glance: a sortable, filterable table with one row per workload, and a click
 * on a row to see that workload's full chart (with a way back, and a link to the container dashboard).
 */
export function Overview(props: OverviewProps) {
  const { analyses, render, options, width, height } = props;
  const styles = useStyles2(getStyles);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [filter, setFilter] = useState<VerdictFilter>('all');
  const [selected, setSelected] = useState<string | undefined>();
  // Where the list was when a row was opened, so that "back" returns to the same rows.
  const [returnTo, setReturnTo] = useState(0);

  const allRows = useMemo(() => analyses.map(toRow), [analyses]);
  const counts = useMemo(() => verdictCounts(allRows), [allRows]);
  // A filter whose verdict is gone (new data) falls back to all rows rather than showing none.
  const activeFilter: VerdictFilter = filter === 'all' || counts.some((c) => c.verdict === filter) ? filter : 'all';
  const rows = useMemo(() => sortRows(filterRows(allRows, activeFilter), sort), [allRows, activeFilter, sort]);
  const drilled = selected !== undefined ? allRows.find((r) => r.key === selected) : undefined;
  const layout = useColumnLayout(allRows, render, width);
  const theme = useTheme2();

  if (drilled) {
    const link =
      drilled.kind === 'container' ? containerDashboardUrl(drilled.identity, props.timeRange.raw) : undefined;
    return (
      <div style={{ width, height }} className={styles.frame} data-testid="memlens-overview-detail">
        <div className={styles.toolbar} style={{ height: TOOLBAR_HEIGHT }}>
          <Button size="sm" variant="secondary" fill="text" icon="arrow-left" onClick={() => setSelected(undefined)}>
            {t('overview.back', 'All workloads')}
          </Button>
          {link && (
            <LinkButton size="sm" variant="secondary" fill="text" icon="external-link-alt" href={link}>
              {t('overview.openDashboard', 'Container dashboard')}
            </LinkButton>
          )}
        </div>
        <WorkloadView
          analysis={drilled.analysis}
          {...chartContext(props)}
          width={width}
          height={Math.max(120, height - TOOLBAR_HEIGHT)}
        />
      </div>
    );
  }

  const filterOptions: Array<SelectableValue<VerdictFilter>> = [
    { value: 'all', label: t('overview.filter.all', 'All ({{count}})', { count: allRows.length }) },
    ...counts.map(({ verdict, count }) => ({
      value: verdict,
      label: `${render({ id: `overview.filter.${verdict}` })} (${count})`,
    })),
  ];

  const onSort = (key: SortKey) =>
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: FIRST_DIRECTION[key] }
    );

  const labels = headerLabels();
  const hiddenNames = layout.hidden.map((id) => labels[id]).join(render({ id: 'format.listSeparator' }));
  const hiddenText = t('overview.hidden.label', '{{count}} hidden', { count: layout.hidden.length });
  const hiddenTip = t(
    'overview.hidden.tooltip',
    'Hidden at this width: {{columns}}. Widen the panel, or open a row to see its chart and figures.',
    { columns: hiddenNames }
  );
  // The verdict buttons where they fit beside the label and the hidden-columns note, else a drop-down.
  const measure = textMeasurer(theme, smallText(theme));
  const toolbarRoom =
    width -
    16 -
    measure(t('overview.filter.label', 'Verdict')) -
    8 -
    (layout.hidden.length ? measure(hiddenText) + 32 : 0);
  const buttonsWidth = filterOptions.reduce((sum, o) => sum + measure(o.label ?? '') + RADIO_PADDING, 4);
  const filterChange = (v: VerdictFilter) => {
    setFilter(v);
    setReturnTo(0);
  };

  return (
    <div style={{ width, height }} className={styles.frame} data-testid="memlens-overview">
      <div className={styles.toolbar} style={{ height: TOOLBAR_HEIGHT }}>
        <span className={styles.label} id="memlens-overview-filter">
          {t('overview.filter.label', 'Verdict')}
        </span>
        {buttonsWidth <= toolbarRoom ? (
          <RadioButtonGroup
            size="sm"
            options={filterOptions}
            value={activeFilter}
            onChange={filterChange}
            aria-label={t('overview.filter.label', 'Verdict')}
          />
        ) : (
          <div className={styles.select}>
            <Combobox
              options={filterOptions.map((o) => ({ value: o.value!, label: o.label }))}
              value={activeFilter}
              onChange={(o) => filterChange(o.value)}
              aria-labelledby="memlens-overview-filter"
            />
          </div>
        )}
        {layout.hidden.length > 0 && (
          <Tooltip content={hiddenTip} placement="bottom">
            <span className={styles.hidden} tabIndex={0} aria-label={hiddenTip} data-testid="memlens-overview-hidden">
              <Icon name="eye-slash" size="sm" />
              {hiddenText}
            </span>
          </Tooltip>
        )}
      </div>
      <OverviewTable
        // A new filter or order starts at the top.
        key={`${activeFilter}:${sort.key}:${sort.direction}`}
        rows={rows}
        sort={sort}
        onSort={(key) => {
          onSort(key);
          setReturnTo(0);
        }}
        onSelect={(key, scrollTop) => {
          setReturnTo(scrollTop);
          setSelected(key);
        }}
        render={render}
        layers={options.layers}
        width={width}
        height={height - TOOLBAR_HEIGHT}
        layout={layout}
        initialScrollTop={returnTo}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  frame: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 1),
    flexShrink: 0,
    overflow: 'hidden',
  }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, flexShrink: 0 }),
  select: css({ flex: '0 1 200px', minWidth: 0 }),
  hidden: css({
    marginLeft: 'auto',
    flexShrink: 0,
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
});
