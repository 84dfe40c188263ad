import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { t } from '@grafana/i18n';
import { useStyles2 } from '@grafana/ui';

/** The queries that give MemLens a full decomposition (raw metrics carry their role in __name__). */
export const EXPECTED_QUERIES = [
  'container_memory_usage_bytes{container!="", image!=""}',
  'container_memory_working_set_bytes{container!="", image!=""}',
  'container_memory_rss{container!="", image!=""}',
  'container_memory_cache{container!="", image!=""}',
  'container_spec_memory_limit_bytes{container!="", image!=""}',
  'kube_pod_container_resource_requests{resource="memory"}',
];

export interface IgnoredRow {
  name: string;
  reason: string;
}

interface Props {
  /** Frames and series the queries returned. */
  frameCount: number;
  seriesCount: number;
  ignored: IgnoredRow[];
  notes: string[];
}

/** Shown when no series could be used: what arrived, what was expected, and why each series was left out. */
export function EmptyState({ frameCount, seriesCount, ignored, notes }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} data-testid="memlens-empty">
      <h4 className={styles.title}>{t('panel.empty.title', 'No memory series MemLens can use')}</h4>
      <p>
        {t('panel.empty.got', 'The queries returned {{frames}} frames with {{series}} series.', {
          frames: frameCount,
          series: seriesCount,
        })}
      </p>
      {ignored.length > 0 && (
        <>
          <h5 className={styles.title}>{t('panel.empty.ignored', 'Left out')}</h5>
          <ul className={styles.list} aria-label={t('panel.empty.ignored', 'Left out')}>
            {ignored.map((row, i) => (
              <li key={i}>
                <code>{row.name}</code> — {row.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {notes.length > 0 && (
        <ul className={styles.list}>
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <h5 className={styles.title}>{t('panel.empty.expected', 'Expected: cAdvisor memory series, for example')}</h5>
      <pre className={styles.queries}>{EXPECTED_QUERIES.join('\n')}</pre>
      <p className={styles.hint}>
        {t(
          'panel.empty.hint',
          'Usage and working set are needed; rss and cache split the stack. For expressions without a metric name, set the query roles in the panel options (A=usage).'
        )}
      </p>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    padding: theme.spacing(1),
    overflow: 'auto',
    height: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({ marginTop: theme.spacing(1) }),
  list: css({ paddingLeft: theme.spacing(2), wordBreak: 'break-all' }),
  queries: css({ fontSize: theme.typography.bodySmall.fontSize, whiteSpace: 'pre-wrap', userSelect: 'all' }),
  hint: css({ color: theme.colors.text.secondary }),
});
