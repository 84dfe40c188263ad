import React, { useLayoutEffect, useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2, IconName } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Icon, useStyles2 } from '@grafana/ui';

import type { Verdict } from '../../analysis/types';

interface Props {
  verdict: Verdict;
  /** The rendered banner message. */
  text: string;
  /** Rendered notes (derived layers, clamping, missing series…). */
  notes: string[];
  /**
   * For a low panel: the text held to two lines and the notes folded away, both one click away, so
   * that the chart keeps its room.
   */
  compact?: boolean;
  /** Rendered consequences: still growing, time to the limit, the cache's temperature, pressure. */
  consequences?: string[];
  /** A warm-up that is over: the growth is not a leak, so the banner does not alarm. */
  warmUp?: boolean;
}

type Tone = 'error' | 'warning' | 'info' | 'success';

const LOOK: Record<Verdict, { tone: Tone; icon: IconName }> = {
  anon: { tone: 'error', icon: 'exclamation-triangle' },
  'file-cache': { tone: 'info', icon: 'file-alt' },
  kernel: { tone: 'warning', icon: 'info-circle' },
  shmem: { tone: 'warning', icon: 'exclamation-triangle' },
  mixed: { tone: 'warning', icon: 'info-circle' },
  unattributed: { tone: 'warning', icon: 'question-circle' },
  uncertain: { tone: 'warning', icon: 'question-circle' },
  stable: { tone: 'success', icon: 'check-circle' },
};

const WARM_UP_LOOK: { tone: Tone; icon: IconName } = { tone: 'success', icon: 'check-circle' };

/** The one-line verdict for a workload, coloured by its kind, with its notes one click away. */
export function VerdictBanner({ verdict, text, notes, compact = false, consequences = [], warmUp = false }: Props) {
  const styles = useStyles2(getStyles);
  const look = warmUp ? WARM_UP_LOOK : (LOOK[verdict] ?? LOOK.unattributed);
  const [expanded, setExpanded] = useState(false);
  const [clipped, setClipped] = useState(false);
  const textRef = useRef<HTMLSpanElement>(null);
  const held = compact && !expanded;
  // Only a held banner with nothing else to unfold needs to know whether its text is cut: reading
  // scrollHeight forces a layout in the middle of the commit.
  const measure = held && notes.length === 0 && consequences.length === 0;
  useLayoutEffect(() => {
    const el = textRef.current;
    setClipped(Boolean(measure && el && el.scrollHeight > el.clientHeight + 1));
  }, [measure, text]);
  const foldable = compact && (clipped || expanded || notes.length > 0 || consequences.length > 0);
  return (
    <div className={styles.banner} data-verdict={verdict} data-testid="memlens-banner" role="status">
      <div className={styles.line}>
        <Icon name={look.icon} className={styles.tone[look.tone]} />
        <span ref={textRef} className={cx(styles.text, held && styles.held)} title={held ? text : undefined}>
          {text}
        </span>
        {foldable && (
          <button type="button" className={styles.more} aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
            {expanded ? t('panel.banner.less', 'Less') : t('panel.banner.more', 'More')}
          </button>
        )}
      </div>
      {consequences.length > 0 && !held && (
        <p className={styles.consequences} data-testid="memlens-consequences">
          {consequences.join(' ')}
        </p>
      )}
      {notes.length > 0 && !held && (
        <details className={styles.notes}>
          <summary>{t('panel.notes.summary', 'Notes ({{count}})', { count: notes.length })}</summary>
          <ul>
            {notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const tone = (c: { main: string; text: string }) => css({ color: c.text, flexShrink: 0, marginTop: 2 });
  return {
    banner: css({ padding: theme.spacing(0.5, 1), fontSize: theme.typography.bodySmall.fontSize }),
    line: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' }),
    // Long words (series names, paths) wrap rather than stick out of a narrow panel.
    text: css({ color: theme.colors.text.primary, minWidth: 0, overflowWrap: 'anywhere' }),
    held: css({ display: '-webkit-box', WebkitLineClamp: 2, '-webkit-box-orient': 'vertical', overflow: 'hidden' }),
    more: css({
      all: 'unset',
      flexShrink: 0,
      cursor: 'pointer',
      color: theme.colors.text.link,
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
    }),
    consequences: css({
      margin: theme.spacing(0, 0, 0, 3),
      color: theme.colors.text.primary,
      overflowWrap: 'anywhere',
    }),
    notes: css({
      color: theme.colors.text.secondary,
      marginLeft: theme.spacing(3),
      summary: { cursor: 'pointer' },
      overflowWrap: 'anywhere',
      ul: { margin: 0, paddingLeft: theme.spacing(2) },
    }),
    tone: {
      error: tone(theme.colors.error),
      warning: tone(theme.colors.warning),
      info: tone(theme.colors.info),
      success: tone(theme.colors.success),
    } satisfies Record<Tone, string>,
  };
};

/** The same icon and tone per verdict for the overview's verdict cells. */
export { LOOK as VERDICT_LOOK };
