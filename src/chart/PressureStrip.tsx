import React, { useLayoutEffect, useReducer, useState } from 'react';
import type uPlot from 'uplot';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import type { TimeZone } from '@grafana/schema';
import { Tooltip, type UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';

import type { PressureEvent } from '../analysis/types';
import { formatBytes } from '../i18n/render';
import { nearestIndex, type PressureStripModel, stripPath } from './pressure';

/** The strip's height in CSS pixels, its gap above included: slim, under the time axis's labels. */
export const STRIP_HEIGHT = 40;
const GAP = 4;

interface Props {
  /** The chart's config: the strip takes the plot's x positions from it, so both share one time axis. */
  config: UPlotConfigBuilder;
  model: PressureStripModel;
  timeZone: TimeZone;
}

/**
 * PSI (share of time stalled) as an area, the refault rate as a line, and a marker per OOM kill,
 * limit hit or restart, each with its reason in a tooltip. The top-right readout gives the values
 * under the pointer, or the last ones.
 */
export function PressureStrip({ config, model, timeZone }: Props) {
  const [plot, setPlot] = useState<uPlot>();
  const [, redrawn] = useReducer((x: number) => x + 1, 0);
  const [hoverIdx, setHoverIdx] = useState<number>();
  const styles = useStyles2(getStyles);
  const theme = useTheme2();

  useLayoutEffect(() => {
    config.addHook('ready', (u) => setPlot(u));
    // The x scale changes on resize, zoom and new data: follow it.
    config.addHook('draw', () => redrawn());
  }, [config]);

  const height = STRIP_HEIGHT - GAP;
  // uPlot's bbox is in canvas pixels; the DOM's own sizes are the CSS ones, where there is a layout.
  const ratio = window.devicePixelRatio || 1;
  const left = plot ? plot.over.offsetLeft || plot.bbox.left / ratio : 0;
  const width = plot ? plot.over.clientWidth || plot.bbox.width / ratio : 0;
  if (!plot || width <= 0) {
    return <div style={{ height: STRIP_HEIGHT }} />;
  }
  const toX = (ms: number) => plot.valToPos(ms, 'x');
  const colors = stripColors(theme);
  const last = model.times.length - 1;
  const idx = hoverIdx ?? last;
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    setHoverIdx(nearestIndex(model.times, plot.posToVal(x, 'x')));
  };

  return (
    <div
      className={styles.strip}
      style={{ height: STRIP_HEIGHT, paddingTop: GAP }}
      data-testid="memlens-pressure-strip"
    >
      <div className={styles.label} style={{ width: left }}>
        {t('chart.strip.label', 'pressure')}
      </div>
      <div className={styles.plot} style={{ left, width, height }}>
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={readout(model, last, timeZone)}
          onMouseMove={onMove}
          onMouseLeave={() => setHoverIdx(undefined)}
        >
          <rect x={0} y={0} width={width} height={height} fill={colors.background} />
          {model.psiSome && (
            <path
              d={stripPath(model.times, model.psiSome, model.psiTop, height, toX, true)}
              fill={colors.psiSome}
              fillOpacity={0.45}
              stroke={colors.psiSome}
              data-testid="memlens-strip-psi-some"
            />
          )}
          {model.psiFull && (
            <path
              d={stripPath(model.times, model.psiFull, model.psiTop, height, toX)}
              fill="none"
              stroke={colors.psiFull}
              strokeWidth={1.5}
              data-testid="memlens-strip-psi-full"
            />
          )}
          {model.refaultBytesPerSec && (
            <path
              d={stripPath(model.times, model.refaultBytesPerSec, model.refaultTop, height, toX)}
              fill="none"
              stroke={colors.refault}
              strokeWidth={1.5}
              data-testid="memlens-strip-refaults"
            />
          )}
        </svg>
        {model.events.map((e, i) => {
          const x = toX(e.atMs);
          if (!(x >= 0 && x <= width)) {
            return null;
          }
          return (
            <Tooltip key={i} content={eventText(e, timeZone)} placement="bottom">
              <div
                className={styles.marker}
                style={{ left: x, height, background: colors[e.kind] }}
                tabIndex={0}
                role="img"
                aria-label={eventText(e, timeZone)}
                data-testid={`memlens-strip-${e.kind}`}
              />
            </Tooltip>
          );
        })}
        <div className={styles.readout} data-testid="memlens-strip-readout">
          {readout(model, idx, timeZone)}
        </div>
      </div>
    </div>
  );
}

export function stripColors(theme: GrafanaTheme2) {
  const c = (name: string) => theme.visualization.getColorByName(name);
  return {
    background: theme.colors.background.secondary,
    psiSome: c('orange'),
    psiFull: c('red'),
    refault: c('blue'),
    oomKill: c('red'),
    limitHit: c('orange'),
    restart: theme.colors.text.secondary,
  };
}

/** "PSI some 12 % · full 3 % · refaults 2.1 MiB/s" at one instant, after its time when a zone is given. */
export function readout(model: PressureStripModel, i: number, timeZone?: TimeZone): string {
  const parts: string[] = [];
  const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`;
  const some = model.psiSome?.[i];
  const full = model.psiFull?.[i];
  const refault = model.refaultBytesPerSec?.[i];
  if (some !== undefined && Number.isFinite(some)) {
    parts.push(t('chart.strip.psiSome', 'PSI some {{value}}', { value: pct(some) }));
  }
  if (full !== undefined && Number.isFinite(full)) {
    parts.push(t('chart.strip.psiFull', 'full {{value}}', { value: pct(full) }));
  }
  if (refault !== undefined && Number.isFinite(refault)) {
    parts.push(t('chart.strip.refaults', 'refaults {{value}}/s', { value: formatBytes(refault) }));
  }
  const time = model.times[i];
  if (parts.length === 0 || time === undefined || timeZone === undefined) {
    return parts.join(' · ');
  }
  return `${dateTimeFormat(time, { timeZone, format: 'MM-DD HH:mm' })}  ${parts.join(' · ')}`;
}

/** "OOM kill at 12-03 04:10", "restart (OOMKilled) at …", "limit hit ×3 at …". */
export function eventText(e: PressureEvent, timeZone: TimeZone): string {
  const at = dateTimeFormat(e.atMs, { timeZone, format: 'YYYY-MM-DD HH:mm' });
  const times = e.count > 1 ? ` ×${e.count}` : '';
  switch (e.kind) {
    case 'oomKill':
      return t('chart.strip.oomKill', 'OOM kill{{times}} at {{at}}', { times, at });
    case 'limitHit':
      return t('chart.strip.limitHit', 'Memory limit hit{{times}} at {{at}}', { times, at });
    default:
      return e.reason
        ? t('chart.strip.restartReason', 'Restart{{times}} ({{reason}}) at {{at}}', { times, at, reason: e.reason })
        : t('chart.strip.restart', 'Restart{{times}} at {{at}}', { times, at });
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  strip: css({ position: 'relative', flex: 'none' }),
  label: css({
    position: 'absolute',
    left: 0,
    top: GAP,
    paddingRight: theme.spacing(0.5),
    textAlign: 'right',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  plot: css({ position: 'absolute', top: GAP }),
  marker: css({ position: 'absolute', top: 0, width: 3, transform: 'translateX(-50%)', cursor: 'pointer' }),
  readout: css({
    position: 'absolute',
    right: theme.spacing(0.5),
    top: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    pointerEvents: 'none',
    whiteSpace: 'nowrap',
  }),
});
