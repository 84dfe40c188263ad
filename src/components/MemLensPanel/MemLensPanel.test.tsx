/**
 * The panel as Grafana renders it: wire frames (as /api/ds/query returns them) decoded with
 * dataFrameFromJSON, field config applied with applyFieldOverrides, then the real pipeline and view.
 */
import { screen, within } from '@testing-library/react';

import { DEFAULT_OPTIONS } from '../../options';
import { generateScenario, scenarioFrames } from '../../scenarios/generator';
import { matrixFrames, matrixTrace } from '../../scenarios/matrix';
import { toWireFrame } from '../../scenarios/wire';
import { absoluteRange, decodeForPanel, renderPanel } from '../__fixtures__/panel';

describe('MemLensPanel', () => {
  it('says that the seed scenario’s growth is active file cache, and draws it', async () => {
    const scenario = generateScenario('seed-file-cache', { stepMs: 300_000 });
    const { container } = await renderPanel({
      series: decodeForPanel(scenarioFrames(scenario)),
      timeRange: absoluteRange(scenario.startMs, scenario.endMs),
    });
    const banner = screen.getByTestId('memlens-banner');
    expect(banner).toHaveAttribute('data-verdict', 'file-cache');
    expect(banner).toHaveTextContent(/^Working set \+\d+(\.\d+)? MiB over 7 days, \d+ % of it active file cache/);
    expect(banner).toHaveTextContent('not a heap leak');
    // The legend names the layers the queries gave or the identities derived.
    for (const label of ['rss', 'kernel', 'active file cache', 'inactive file cache', 'working set', 'usage']) {
      expect(screen.getByRole('button', { name: label })).toBeInTheDocument();
    }
    const regions = screen.getAllByTestId('memlens-region-marker');
    expect(regions.length).toBeGreaterThan(0);
    expect(regions[0].getAttribute('aria-label')).toMatch(/^\+[\d.]+ MiB working set in .+: \d+ % active file cache/);
    expect(container.querySelector('canvas')).not.toBeNull();
  });

  it('puts the leaking workload first and marks it as a possible leak', async () => {
    const leak = generateScenario('leak', { stepMs: 300_000 });
    const steady = generateScenario('steady', { stepMs: 300_000 });
    // Two containers in one panel: tell them apart by pod.
    const rename = (s: typeof steady) => ({
      ...s,
      series: s.series.map((x) => ({ ...x, labels: { ...x.labels, pod: `${x.labels.pod}-b` } })),
    });
    const frames = decodeForPanel([...scenarioFrames(rename(steady)), ...scenarioFrames(leak)]);
    await renderPanel({ series: frames, timeRange: absoluteRange(leak.startMs, leak.endMs) });
    const workloads = screen.getAllByTestId('memlens-workload');
    expect(workloads).toHaveLength(2);
    expect(within(workloads[0]).getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
    expect(within(workloads[0]).getByTestId('memlens-banner')).toHaveTextContent('investigate as a leak');
    expect(within(workloads[1]).getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'stable');
  });

  it('says uncertain, not a possible leak, where a GC sawtooth as large as the growth hides which layer grew', async () => {
    const trace = matrixTrace({
      kind: 'mixed',
      timing: 'start',
      noise: 'saw40',
      factor: 2,
      rangeMs: 3_600_000,
      seed: 1,
    });
    await renderPanel({
      series: decodeForPanel(matrixFrames(trace, 30_000)),
      timeRange: absoluteRange(trace.startMs, trace.endMs),
    });
    const banner = screen.getByTestId('memlens-banner');
    expect(banner).toHaveAttribute('data-verdict', 'uncertain');
    expect(banner).toHaveTextContent(/cannot tell whether it is mostly .+ or .+: .+uncertain, not a finding/);
    expect(banner).toHaveTextContent('would settle it');
    expect(banner).not.toHaveTextContent('investigate as a leak');
  });

  it('explains a result with no memory series, listing each series and why it was left out', async () => {
    const times = [0, 60_000, 120_000];
    const wire = [
      toWireFrame({
        refId: 'A',
        labels: { __name__: 'up', job: 'cadvisor', instance: 'node-1:8080' },
        times,
        values: [1, 1, 1],
        stepMs: 60_000,
      }),
      toWireFrame({
        refId: 'B',
        labels: {
          __name__: 'container_memory_working_set_bytes',
          namespace: 'shop',
          pod: 'api-0',
          container: '',
          image: '',
          id: '/kubepods/burstable/pod1234',
        },
        times,
        values: [1e8, 1e8, 1e8],
        stepMs: 60_000,
      }),
    ];
    await renderPanel({ series: decodeForPanel(wire), timeRange: absoluteRange(0, 120_000) });
    const empty = screen.getByTestId('memlens-empty');
    expect(empty).toHaveTextContent('The queries returned 2 frames with 2 series.');
    const rows = within(within(empty).getByRole('list', { name: 'Left out' })).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(
      'up{instance="node-1:8080", job="cadvisor"} — up is not a memory metric MemLens reads'
    );
    expect(rows[1]).toHaveTextContent('is the pod-level cgroup (container="")');
    expect(empty).toHaveTextContent('container_memory_usage_bytes{container!="", image!=""}');
  });

  it('shows the empty state, not a blank panel, when the queries return nothing', async () => {
    await renderPanel({ series: [], timeRange: absoluteRange(0, 60_000) });
    expect(screen.getByTestId('memlens-empty')).toHaveTextContent('The queries returned 0 frames with 0 series.');
  });

  it('reports bad option values next to the charts instead of failing', async () => {
    const scenario = generateScenario('steady', { days: 1, stepMs: 300_000 });
    await renderPanel({
      series: decodeForPanel(scenarioFrames(scenario)),
      timeRange: absoluteRange(scenario.startMs, scenario.endMs),
      options: { growth: { ...DEFAULT_OPTIONS.growth, window: 'six hours' } },
    });
    expect(screen.getByRole('list', { name: 'Left out' })).toHaveTextContent(
      '"six hours": the growth window is not a duration like 6h'
    );
    expect(screen.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'stable');
  });
});
