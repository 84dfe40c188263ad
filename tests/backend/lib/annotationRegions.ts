/**
 * Grafana's Prometheus annotation support, the part that turns a range query's samples into regions.
 * Pure (no Node modules), so the backend tests and the browser's Scenes host share it.
 */

export interface Region {
  pod: string;
  kind: string;
  fromMs: number;
  toMs: number;
  /** The series' labels, for the annotation's title, text and tags. */
  labels: Record<string, string>;
}

/**
 * Grafana's Prometheus annotation support with "series value as timestamp" off: per series, the
 * samples with a value above 0, joined into one region while they are no more than the step apart.
 */
export function annotationRegions(
  matrix: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>,
  stepMs: number
): Region[] {
  const regions: Region[] = [];
  for (const s of matrix) {
    let open: Region | undefined;
    for (const [t, v] of s.values) {
      const ms = Math.round(t * 1000);
      if (!(Number(v) > 0)) {
        continue;
      }
      if (open && open.toMs + stepMs >= ms) {
        open.toMs = ms;
        continue;
      }
      if (open) {
        regions.push(open);
      }
      open = {
        pod: s.metric.pod ?? s.metric.instance ?? '',
        kind: s.metric.kind ?? '',
        fromMs: ms,
        toMs: ms,
        labels: s.metric,
      };
    }
    if (open) {
      regions.push(open);
    }
  }
  return regions.sort((a, b) => a.pod.localeCompare(b.pod) || a.fromMs - b.fromMs);
}
