/**
 * Small cAdvisor-shaped inputs for the browser specs, as plain numbers: per-layer curves summed into
 * the four metrics every cAdvisor exports (usage, working set, rss, cache) plus the limit, with the
 * labels a kubelet scrape carries. The page turns them into wire frames with src/scenarios/wire.ts.
 * Real recorded traces come from tests/fixtures/wire/traces/ instead (see traces.ts).
 */
import type { SeriesInput } from './fixtures';

const MiB = 2 ** 20;

export interface PodShape {
  pod: string;
  namespace?: string;
  container?: string;
  points?: number;
  stepMs?: number;
  start?: number;
  /** Layer sizes in MiB at sample i. */
  rss: (i: number) => number;
  kernel?: (i: number) => number;
  activeFile: (i: number) => number;
  inactiveFile: (i: number) => number;
  limitMiB?: number;
}

export function podSeries(shape: PodShape): SeriesInput[] {
  const points = shape.points ?? 120;
  const stepMs = shape.stepMs ?? 15_000;
  const start = shape.start ?? Date.UTC(2025, 0, 6, 9, 0, 0);
  const labels = {
    namespace: shape.namespace ?? 'shop',
    pod: shape.pod,
    container: shape.container ?? 'app',
    image: 'registry.example/shop/app:1.4.2',
    job: 'kubelet',
    metrics_path: '/metrics/cadvisor',
  };
  const times = Array.from({ length: points }, (_, i) => start + i * stepMs);
  const at = (f: ((i: number) => number) | undefined) => times.map((_, i) => (f ? f(i) : 0) * MiB);
  const rss = at(shape.rss);
  const kernel = at(shape.kernel ?? (() => 40));
  const active = at(shape.activeFile);
  const inactive = at(shape.inactiveFile);
  const usage = times.map((_, i) => rss[i] + kernel[i] + active[i] + inactive[i]);
  const metric = (refId: string, name: string, values: number[]): SeriesInput => ({
    refId,
    labels: { __name__: name, ...labels },
    times,
    values,
    stepMs,
  });
  const series = [
    metric('A', 'container_memory_usage_bytes', usage),
    metric(
      'B',
      'container_memory_working_set_bytes',
      usage.map((u, i) => u - inactive[i])
    ),
    metric('C', 'container_memory_rss', rss),
    metric(
      'D',
      'container_memory_cache',
      times.map((_, i) => active[i] + inactive[i])
    ),
  ];
  if (shape.limitMiB) {
    series.push(
      metric(
        'E',
        'container_spec_memory_limit_bytes',
        times.map(() => shape.limitMiB! * MiB)
      )
    );
  }
  return series;
}

/** A pod whose working set climbs because a log file's pages are re-read (active file cache). */
export function cacheGrowthPod(pod = 'api-0'): SeriesInput[] {
  return podSeries({
    pod,
    rss: () => 180,
    activeFile: (i) => 20 + i * 2.5,
    inactiveFile: (i) => 60 + i * 0.5,
    limitMiB: 1024,
  });
}
