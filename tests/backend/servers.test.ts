/**
 * The helpers themselves, against the real binaries: what promtool backfills and what
 * VictoriaMetrics imports comes back from query_range sample for sample, label values with quotes,
 * backslashes and newlines included.
 */
import { toExposition, type SampleSeries } from './lib/openmetrics';
import { queryRange, seriesCount, startPrometheus, type PrometheusServer } from './lib/prometheus';
import { startVictoriaMetrics, type VictoriaMetricsServer } from './lib/victoriametrics';

const STEP = 15_000;
const HOUR = 3_600_000;
// Two hours that ended a day ago, aligned to the step: blocks must be older than the head.
const end = Math.floor((Date.now() - 24 * HOUR) / STEP) * STEP;
const start = end - 2 * HOUR;

function ramp(labels: Record<string, string>, base: number, slope: number): SampleSeries {
  const times: number[] = [];
  const values: number[] = [];
  for (let t = start; t <= end; t += STEP) {
    times.push(t);
    values.push(base + slope * ((t - start) / STEP));
  }
  return { labels, times, values };
}

const tricky = 'a "quoted" \\ back\nslash';
const fixture: SampleSeries[] = [
  ramp({ __name__: 'container_memory_rss', namespace: 'shop', pod: 'api-0', container: 'api' }, 100e6, 4096),
  ramp({ __name__: 'container_memory_rss', namespace: 'shop', pod: tricky, container: 'api' }, 50e6, 0),
  ramp({ __name__: 'container_memory_cache', namespace: 'shop', pod: 'api-0', container: 'api' }, 10e6, 1),
];

let prom: PrometheusServer | undefined;
let vm: VictoriaMetricsServer | undefined;

beforeAll(async () => {
  [prom, vm] = await Promise.all([
    startPrometheus({ blocksFrom: toExposition(fixture, 'openmetrics') }),
    startVictoriaMetrics({ importFrom: toExposition(fixture, 'prometheus') }),
  ]);
});

afterAll(async () => {
  await Promise.all([prom?.stop(), vm?.stop()]);
});

describe.each(['prometheus', 'victoria-metrics'])('%s', (engine) => {
  const url = () => (engine === 'prometheus' ? prom! : vm!).url;

  test('returns every backfilled sample of every series, labels intact', async () => {
    expect(await seriesCount(url(), '{__name__=~"container_memory_.*"}', start, end)).toBe(3);
    const matrix = await queryRange(url(), 'container_memory_rss', start, end, STEP);
    expect(matrix).toHaveLength(2);
    for (const expected of fixture.filter((s) => s.labels.__name__ === 'container_memory_rss')) {
      const got = matrix.find((m) => m.metric.pod === expected.labels.pod);
      expect(got?.metric).toEqual(expected.labels);
      expect(got!.values.map(([t]) => t * 1000)).toEqual(expected.times);
      expect(got!.values.map(([, v]) => Number(v))).toEqual(expected.values);
    }
  });

  test('evaluates expressions over the data (the sum loses __name__)', async () => {
    const matrix = await queryRange(
      url(),
      'sum by (pod) (container_memory_rss{pod="api-0"} + container_memory_cache)',
      start,
      end,
      60_000
    );
    expect(matrix).toHaveLength(1);
    expect(matrix[0].metric).toEqual({ pod: 'api-0' });
    const [t, v] = matrix[0].values[10];
    const k = (t * 1000 - start) / STEP;
    expect(Number(v)).toBe(100e6 + 4096 * k + 10e6 + k);
  });

  test('a malformed query fails with the server message', async () => {
    await expect(queryRange(url(), 'sum by (pod', start, end, STEP)).rejects.toThrow(
      /query_range failed for sum by \(pod/
    );
  });
});
