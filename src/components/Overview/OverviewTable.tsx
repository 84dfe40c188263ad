import React, { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Icon, ScrollContainer, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';

import type { Layer } from '../../analysis/types';
import { distinctStarts } from '../FittedText/elideMiddle';
import { FittedText } from '../FittedText/FittedText';
import { bodyText } from '../FittedText/measure';
import { VERDICT_LOOK } from '../VerdictBanner/VerdictBanner';
import type { MessageRenderer } from '../WorkloadView/WorkloadView';
import type { ColumnId, ColumnLayout } from './columns';
import {
  growthMessage,
  headroomMessage,
  type OverviewRow,
  type SortKey,
  type SortState,
  timeToLimitMessage,
  verdictMessage,
} from './rows';
import { Sparkline } from './Sparkline';
import { CELL_PADDING, headerLabels, pressureText, workingSetText } from './useColumnLayout';

export const ROW_HEIGHT = 36;
export const HEADER_HEIGHT = 30;
/** Rows mounted beyond each edge of the viewport, so a short scroll shows drawn rows at once. */
const OVERSCAN = 4;
const SPARK_HEIGHT = ROW_HEIGHT - 10;

interface Props {
  rows: OverviewRow[];
  sort: SortState;
  onSort: (key: SortKey) => void;
  /** A row was opened; with where the list is scrolled to. */
  onSelect: (key: string, scrollTop: number) => void;
  render: MessageRenderer;
  layers: readonly Layer[];
  width: number;
  height: number;
  /** The columns shown at this width (useColumnLayout). */
  layout: ColumnLayout;
  /** Where to start scrolled to (back from a drill-down). */
  initialScrollTop: number;
}

const SORT_KEYS: Record<ColumnId, SortKey | undefined> = {
  name: 'name',
  layers: undefined,
  workingSet: 'workingSet',
  growth: 'growth',
  verdict: undefined,
  headroom: 'headroom',
  timeToLimit: 'timeToLimit',
  pressure: undefined,
};
const RIGHT = new Set<ColumnId>(['workingSet', 'growth', 'timeToLimit', 'headroom']);

/** One row per workload, only the rows in view mounted (the list may hold hundreds). */
export function OverviewTable(props: Props) {
  const { rows, sort, render, width, height } = props;
  const styles = useStyles2(getStyles);
  const scroller = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(props.initialScrollTop);
  // Only the row under the pointer or focus carries a tooltip: one per row would cost every scroll.
  const [active, setActive] = useState<string | undefined>();
  const { layout } = props;
  const theme = useTheme2();
  const nameStyle = useMemo(() => bodyText(theme, theme.typography.fontWeightMedium), [theme]);
  const distinct = useMemo(() => {
    const starts = distinctStarts(rows.map((r) => r.title));
    return new Map(rows.map((r, i) => [r.key, starts[i]]));
  }, [rows]);
  const template = layout.columns.map((c) => `${c.width}px`).join(' ');
  const widthOf = (id: ColumnId) => layout.columns.find((c) => c.id === id)?.width ?? 0;
  const labels = headerLabels();

  useLayoutEffect(() => {
    if (scroller.current) {
      scroller.current.scrollTop = props.initialScrollTop;
    }
    // Only on mount: later scrolling belongs to the user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const viewport = Math.max(ROW_HEIGHT, height - HEADER_HEIGHT);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);

  const header = (key: SortKey | undefined, label: string, align: 'left' | 'right' = 'left') => {
    if (!key) {
      return (
        <div role="columnheader" className={styles.headerCell}>
          {label}
        </div>
      );
    }
    const active = sort.key === key;
    return (
      <div
        role="columnheader"
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
        className={cx(styles.headerCell, align === 'right' && styles.right)}
      >
        <button type="button" className={styles.sortButton} onClick={() => props.onSort(key)}>
          {label}
          {active && <Icon name={sort.direction === 'asc' ? 'arrow-up' : 'arrow-down'} size="sm" />}
        </button>
      </div>
    );
  };

  const visible = rows.slice(first, last);
  return (
    <div style={{ width, height }} className={styles.frame}>
      <ScrollContainer ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div
          role="table"
          aria-rowcount={rows.length + 1}
          aria-label={t('overview.table.label', 'Workloads')}
          style={{ width: layout.total, flexShrink: 0 }}
        >
          <div
            role="row"
            aria-rowindex={1}
            className={styles.header}
            style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}
          >
            {layout.columns.map(({ id }) => (
              <React.Fragment key={id}>
                {header(SORT_KEYS[id], labels[id], RIGHT.has(id) ? 'right' : 'left')}
              </React.Fragment>
            ))}
          </div>
          <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
            {visible.map((row, i) => {
              const index = first + i;
              const look = VERDICT_LOOK[row.verdict] ?? VERDICT_LOOK.unattributed;
              const verdict = (
                <span className={styles.verdictText} data-testid="memlens-overview-verdict">
                  <Icon name={look.icon} className={styles.tone[look.tone]} />
                  <span className={styles.verdictLabel}>{render(verdictMessage(row, layout.verdictText))}</span>
                </span>
              );
              return (
                <div
                  key={row.key}
                  role="row"
                  aria-rowindex={index + 2}
                  tabIndex={0}
                  data-testid="memlens-overview-row"
                  data-workload={row.key}
                  data-verdict={row.verdict}
                  // Named after the whole workload: the name shown may be cut in the middle.
                  aria-label={row.title}
                  className={styles.row}
                  style={{ top: index * ROW_HEIGHT, gridTemplateColumns: template }}
                  onClick={() => props.onSelect(row.key, scrollTop)}
                  onMouseEnter={() => setActive(row.key)}
                  onMouseLeave={() => setActive(undefined)}
                  onFocus={() => setActive(row.key)}
                  onBlur={() => setActive(undefined)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      props.onSelect(row.key, scrollTop);
                    }
                  }}
                >
                  {layout.columns.map(({ id, width: w }) => {
                    switch (id) {
                      case 'name':
                        return (
                          <div key={id} role="cell" className={styles.name}>
                            <FittedText
                              text={row.title}
                              width={w - CELL_PADDING}
                              style={nameStyle}
                              distinctFrom={distinct.get(row.key)}
                              data-testid="memlens-overview-name"
                            />
                          </div>
                        );
                      case 'layers':
                        return (
                          <div key={id} role="cell">
                            <Sparkline
                              decomposition={row.analysis.decomposition}
                              layers={props.layers}
                              width={widthOf('layers') - 8}
                              height={SPARK_HEIGHT}
                              // Through the renderer: it never escapes values, which are text here, not HTML.
                              label={render({ id: 'overview.sparkline.label', params: { title: row.title } })}
                            />
                          </div>
                        );
                      case 'workingSet':
                        return (
                          <div key={id} role="cell" className={styles.right}>
                            {workingSetText(row)}
                          </div>
                        );
                      case 'growth':
                        return (
                          <div key={id} role="cell" className={styles.right}>
                            {render(growthMessage(row))}
                          </div>
                        );
                      case 'verdict':
                        return (
                          <div key={id} role="cell" className={styles.verdict}>
                            {active === row.key ? (
                              <Tooltip content={render(row.analysis.banner)} placement="top" show>
                                {verdict}
                              </Tooltip>
                            ) : (
                              verdict
                            )}
                          </div>
                        );
                      case 'timeToLimit':
                        return (
                          <div
                            key={id}
                            role="cell"
                            className={cx(styles.right, row.etaSeconds !== undefined && styles.low)}
                          >
                            {render(timeToLimitMessage(row))}
                          </div>
                        );
                      case 'pressure':
                        return (
                          <div key={id} role="cell" className={styles.verdict}>
                            {pressureText(row, render)}
                          </div>
                        );
                      case 'headroom':
                        return (
                          <div
                            key={id}
                            role="cell"
                            className={cx(
                              styles.right,
                              row.headroomRatio !== undefined && row.headroomRatio < 0.1 && styles.low
                            )}
                          >
                            {render(headroomMessage(row))}
                          </div>
                        );
                    }
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </ScrollContainer>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const tone = (c: { text: string }) => css({ color: c.text, flexShrink: 0 });
  const cell = {
    padding: theme.spacing(0, 1),
    overflow: 'hidden',
    whiteSpace: 'nowrap' as const,
    textOverflow: 'ellipsis',
  };
  return {
    frame: css({ display: 'flex', flexDirection: 'column' }),
    header: css({
      display: 'grid',
      alignItems: 'center',
      position: 'sticky',
      top: 0,
      zIndex: 1,
      background: theme.colors.background.primary,
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    headerCell: css(cell),
    sortButton: css({
      all: 'unset',
      cursor: 'pointer',
      display: 'inline-flex',
      gap: theme.spacing(0.5),
      alignItems: 'center',
      color: theme.colors.text.link,
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
    }),
    row: css({
      position: 'absolute',
      left: 0,
      right: 0,
      height: ROW_HEIGHT,
      display: 'grid',
      alignItems: 'center',
      cursor: 'pointer',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      '&:hover': { background: theme.colors.action.hover },
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
    }),
    name: css({ ...cell, fontWeight: theme.typography.fontWeightMedium }),
    right: css({ ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
    verdict: css(cell),
    verdictText: css({
      display: 'inline-flex',
      gap: theme.spacing(0.75),
      alignItems: 'center',
      maxWidth: '100%',
    }),
    // A flex item's text is cut with an ellipsis only inside its own box.
    verdictLabel: css({ minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }),
    low: css({ color: theme.colors.error.text }),
    tone: {
      error: tone(theme.colors.error),
      warning: tone(theme.colors.warning),
      info: tone(theme.colors.info),
      success: tone(theme.colors.success),
    },
  };
};
