/**
 * The named bad inputs (docs/bad-inputs.md) in the panel: the real MemLensPanel, given the frames as
 * Grafana hands them over (wire JSON decoded with dataFrameFromJSON), rendered with Testing Library in
 * English. Each input must produce its own readable message and never a blank panel or a crash;
 * label values and query text must stay text (no element injected).
 */
import { screen } from '@testing-library/react';
import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

import { absoluteRange, renderPanel as renderMemLensPanel } from '../../components/__fixtures__/panel';
import { initTranslations } from '../../i18n/grafana';
import { toWireFrame } from '../../scenarios/wire';
import type { MemLensOptions } from '../../types';
import { badInput } from './cases';

/** The frames of a `/api/ds/query` file, each with its query's refId, decoded as Grafana does. */
function decodeFile(text: string): DataFrame[] {
  const doc = JSON.parse(text) as { results: Record<string, { frames: DataFrameJSON[] }> };
  return Object.entries(doc.results).flatMap(([refId, r]) => r.frames.map((f) => ({ ...dataFrameFromJSON(f), refId })));
}

/** The range a dashboard would show for these frames: their first to last sample. */
function timeRangeOf(series: DataFrame[]) {
  const times = series.flatMap((f) => (f.fields[0]?.values ?? []) as number[]).filter((t) => typeof t === 'number');
  const from = times.length ? Math.min(...times.slice(0, 5000)) : Date.UTC(2025, 0, 6);
  const to = times.length ? times.reduce((a, b) => (b > a ? b : a), from) : from + 3600_000;
  return absoluteRange(from, to);
}

function renderPanel(series: DataFrame[], options: Partial<MemLensOptions> = {}) {
  return renderMemLensPanel({ series, timeRange: timeRangeOf(series), options, width: 900, height: 500 });
}

const panelText = (container: HTMLElement) => container.textContent ?? '';

beforeAll(async () => {
  await initTranslations();
});

// The error boundary logs what it caught; a test that expects no crash asserts on it.
let consoleError: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
});
const crashes = () => consoleError.mock.calls.filter((c) => String(c[0]).includes('MemLens panel failed'));

describe('the panel on the named bad inputs', () => {
  it('no data: says no usable series arrived, and that the queries returned none', async () => {
    const { container } = await renderPanel(decodeFile(badInput('no-data').file()));
    expect(screen.getByTestId('memlens-empty')).toBeInTheDocument();
    expect(panelText(container)).toMatch(/No memory series MemLens can use/);
    expect(panelText(container)).toMatch(/returned 0 frames with 0 series/);
    expect(crashes()).toEqual([]);
  });

  it('only unrelated metrics: lists each series left out and why', async () => {
    const { container } = await renderPanel(decodeFile(badInput('unrelated-metrics').file()));
    expect(screen.getByTestId('memlens-empty')).toBeInTheDocument();
    const text = panelText(container);
    expect(text).toMatch(/container_cpu_usage_seconds_total.*not a memory metric MemLens reads/);
    expect(text).toMatch(/up\{.*\}.*not a memory metric/);
  });

  it('only working set: the "unattributed" banner and a note naming the queries to add', async () => {
    const { container } = await renderPanel(decodeFile(badInput('only-working-set').file()));
    expect(screen.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'unattributed');
    const text = panelText(container);
    for (const metric of ['container_memory_usage_bytes', 'container_memory_rss', 'container_memory_cache']) {
      expect(text).toContain(metric);
    }
  });

  it('string fields: the chart is drawn, and the text field is listed as left out', async () => {
    const { container } = await renderPanel(decodeFile(badInput('string-fields').file()));
    expect(screen.getAllByTestId('memlens-banner')).toHaveLength(1);
    expect(panelText(container)).toMatch(/field "container_memory_rss" holds text, not numbers/);
  });

  it('a limit of 0: drawn, with the note that 0 means unlimited', async () => {
    const { container } = await renderPanel(decodeFile(badInput('limit-zero').file()));
    expect(screen.getAllByTestId('memlens-banner')).toHaveLength(1);
    expect(panelText(container)).toMatch(/a limit of 0 means unlimited/);
  });

  it('usage below working set, cache above usage: drawn, with the note that the inputs disagree', async () => {
    for (const id of ['usage-below-working-set', 'cache-above-usage']) {
      const { container, unmount } = await renderPanel(decodeFile(badInput(id).file()));
      expect(screen.getAllByTestId('memlens-banner')).toHaveLength(1);
      expect(panelText(container)).toMatch(/the inputs do not agree exactly there/);
      unmount();
    }
    expect(crashes()).toEqual([]);
  });

  it('a limit smaller than usage: drawn', async () => {
    await renderPanel(decodeFile(badInput('limit-below-usage').file()));
    expect(screen.getAllByTestId('memlens-banner')).toHaveLength(1);
    expect(crashes()).toEqual([]);
  });

  it('a limit smaller than usage: a note says usage is above the limit', async () => {
    const { container } = await renderPanel(decodeFile(badInput('limit-below-usage').file()));
    expect(panelText(container)).toMatch(/(above|exceeds|over) the (memory )?limit/i);
  });

  it('pod-level and pause series: one chart; both listed as left out with their reasons', async () => {
    const { container } = await renderPanel(decodeFile(badInput('pod-level-and-pause').file()));
    expect(screen.getAllByTestId('memlens-banner')).toHaveLength(1);
    const text = panelText(container);
    expect(text).toMatch(/is the pod-level cgroup \(container=""\)/);
    expect(text).toMatch(/is the pod's pause \(sandbox\) container/);
  });

  it('duplicates: one chart for the container, not one per lifetime or twin', async () => {
    await renderPanel(decodeFile(badInput('duplicates').file()));
    expect(screen.getAllByTestId('memlens-banner')).toHaveLength(1);
  });

  it('frames the datasource sent broken (no fields, values missing): a message, not a blank panel', async () => {
    const broken = [
      { fields: [], length: 0 },
      { fields: [{ name: 'Value', type: 'number', config: {}, values: undefined }], length: 0 },
    ] as unknown as DataFrame[];
    const { container } = await renderPanel(broken);
    expect(panelText(container).trim().length).toBeGreaterThan(20);
    expect(panelText(container)).toMatch(/No memory series MemLens can use|MemLens could not draw this data/);
  });

  it('a frame with 10⁶ points: drawn with its banner', async () => {
    await renderPanel(decodeFile(badInput('million-points').file()));
    expect(screen.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'file-cache');
    expect(crashes()).toEqual([]);
  }, 60_000);
});

describe('the chart on a desktop-wide page', () => {
  // VizLayout reads the legend element's own placement: a legend wrapped in a context provider once
  // left every desktop-wide page without a chart. jsdom's body is 0 px wide, so widen it here.
  it('draws a canvas when the page is 1400 px wide', async () => {
    const width = jest.spyOn(document.body, 'clientWidth', 'get').mockReturnValue(1400);
    try {
      const { container } = await renderPanel(decodeFile(badInput('limit-zero').file()));
      expect(container.querySelector('canvas')).not.toBeNull();
    } finally {
      width.mockRestore();
    }
  });
});

describe('the panel never turns labels or query text into markup', () => {
  const SCRIPT = '<script>window.__memlensInjected=1</script>';
  const IMG = '<img src=x onerror="window.__memlensInjected=1">';

  it('renders script-bearing labels and query text as text', async () => {
    const labels = { namespace: SCRIPT, pod: IMG, container: '<b>bold</b>', image: 'app:1' };
    const wire = [
      'container_memory_usage_bytes',
      'container_memory_working_set_bytes',
      'container_memory_cpu_bogus',
    ].map((name, k) =>
      toWireFrame({
        refId: 'A',
        labels: { __name__: name, ...labels },
        times: [0, 60_000, 120_000],
        values: [3e8 - k * 1e8, 3.1e8 - k * 1e8, 3.2e8 - k * 1e8],
        stepMs: 60_000,
        expr: `container_memory_usage_bytes{namespace="${SCRIPT}"}`,
      })
    );
    const { container } = await renderPanel(wire.map((f) => dataFrameFromJSON(f)));
    expect(container.querySelectorAll('script, img, b, iframe, [onerror]')).toHaveLength(0);
    expect((window as unknown as { __memlensInjected?: number }).__memlensInjected).toBeUndefined();
    // The hostile text is shown as it is, in the title or the left-out list.
    expect(panelText(container)).toContain(SCRIPT);
    expect(panelText(container)).toContain(IMG);
  });
});
