/**
 * The node view end to end: node_exporter series as Grafana sends them (wire frames from the shared
 * builder, decoded by @grafana/data), through the real pipeline, drawn by the real panel; and the same
 * node through the analyzer's JSON. The node is generated with known truth (a 15 MB/day AnonPages
 * leak, scaled to a node) so the verdict is known.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type DataFrameJSON, dateTime } from '@grafana/data';

import { analyzeFrames } from '../../analysis/pipeline';
import { NODE_LAYERS, type Role } from '../../analysis/types';
import { formatBytes } from '../../i18n/render';
import { generateScenario, type Scenario, scenarioFrames, scenarioNames } from '../../scenarios/generator';
import { toWireFrame } from '../../scenarios/wire';
import type { MemLensOptions } from '../../types';
import { decodeForPanel, renderPanel } from '../__fixtures__/panel';

const ROOT = join(__dirname, '../../..');
/** A week at a 5-minute step: 2,017 samples per series. */
const scenario: Scenario = generateScenario('leak', { target: 'node', stepMs: 300_000 });
const value = (metric: string) => scenario.series.find((s) => s.labels.__name__ === metric)!;

/** kube-prometheus scrapes node_exporter through its pod: those labels must not make it a container. */
const KUBE_LABELS = {
  instance: '10.0.0.7:9100',
  job: 'node-exporter',
  namespace: 'monitoring',
  pod: 'node-exporter-x2x',
  container: 'node-exporter',
  service: 'node-exporter',
};

function rawFrames(): DataFrameJSON[] {
  return scenario.series.map((s) =>
    toWireFrame({
      refId: 'A',
      labels: { ...KUBE_LABELS, __name__: s.labels.__name__ },
      times: s.times,
      values: s.values,
      stepMs: scenario.stepMs,
    })
  );
}

/** What the provisioned Node dashboard's queries return: `max by (instance) (…)`, no metric name, one refId per role. */
function nodeDashboard(): { frames: DataFrameJSON[]; roles: Record<string, Role> } {
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'provisioning/dashboards/node-memory.json'), 'utf8'));
  const panel = dashboard.panels.find((p: { type: string }) => p.type === 'memlens-memory-panel');
  // The meminfo targets, and of the signal targets the slab ones: the scenario has no vmstat or PSI.
  const meminfo = panel.targets.filter((target: { expr: string }) => {
    const m = /node_memory_\w+_bytes/.exec(target.expr);
    return m && value(m[0]);
  });
  const frames = meminfo.map((target: { refId: string; expr: string }) => {
    const metric = /node_memory_\w+_bytes/.exec(target.expr)![0];
    const s = value(metric);
    // A plain selector (the signal targets) keeps its metric name; `max by (instance)` drops it.
    const plain = target.expr.startsWith('node_');
    return toWireFrame({
      refId: target.refId,
      labels: { instance: KUBE_LABELS.instance, ...(plain ? { __name__: metric } : {}) },
      times: s.times,
      values: s.values,
      stepMs: scenario.stepMs,
      expr: target.expr,
    });
  });
  return { frames, roles: panel.options.roles };
}

/** The panel over the scenario's week, as a dashboard opened on "Last 7 days". */
function renderNode(wire: DataFrameJSON[], options: Partial<MemLensOptions> = {}) {
  const timeRange = {
    from: dateTime(scenario.startMs),
    to: dateTime(scenario.endMs),
    raw: { from: 'now-7d', to: 'now' },
  };
  return renderPanel({ series: decodeForPanel(wire), timeRange, options });
}

const NODE_LEGEND = [
  'anonymous memory',
  'kernel',
  'active file cache',
  'shmem (tmpfs)',
  'other kernel memory',
  'inactive file cache',
  'working set',
  'usage',
  'available',
  'total',
];

describe('node view', () => {
  it.each([
    ['raw node_exporter metrics (kube-prometheus labels)', () => ({ frames: rawFrames(), roles: {} })],
    ["the Node dashboard's max by (instance) queries with its roles", nodeDashboard],
  ])('draws the node stack from %s, titled by the node, with the node leak verdict', async (_, input) => {
    const { frames, roles } = input();
    await renderNode(frames, { roles });
    const workloads = screen.getAllByTestId('memlens-workload');
    expect(workloads).toHaveLength(1);
    const node = workloads[0];
    expect(within(node).getByText('10.0.0.7:9100')).toBeInTheDocument();
    for (const label of NODE_LEGEND) {
      expect(within(node).getByRole('button', { name: label })).toBeInTheDocument();
    }
    // Container-only entries have no place on a node.
    for (const label of ['rss', 'limit', 'request']) {
      expect(within(node).queryByRole('button', { name: label })).toBeNull();
    }
    const banner = within(node).getByTestId('memlens-banner');
    expect(banner).toHaveAttribute('data-verdict', 'anon');
    expect(banner).toHaveTextContent(
      /^Node working set \+\d+ MiB over 7 days, 100 % of it anonymous memory \(AnonPages\)/
    );
    expect(within(node).getAllByTestId('memlens-region-marker').length).toBeGreaterThan(0);
    // Nothing was left out: no footer listing ignored series.
    expect(screen.queryByText(/series left out/)).toBeNull();
  });

  it('keeps the identities on the wire-decoded node: the stack sums to MemTotal − MemFree, the working set is that minus Inactive_file', () => {
    const { analyses, ignored } = analyzeFrames(decodeForPanel(rawFrames()));
    expect(ignored).toEqual([]);
    expect(analyses).toHaveLength(1);
    const { decomposition: dec, shares } = analyses[0];
    expect(dec.workload).toMatchObject({ kind: 'node', identity: { instance: '10.0.0.7:9100' } });
    expect(Object.keys(dec.layers).sort()).toEqual([...NODE_LAYERS].sort());
    // Each series misses a few scrapes of its own: compare where every field was scraped.
    const at = (field: string) => {
      const s = value(`node_memory_${field}_bytes`);
      return new Map(s.times.map((t, k) => [t, s.values[k]]));
    };
    const [total, free, available, inactive, ...kernelParts] = [
      'MemTotal',
      'MemFree',
      'MemAvailable',
      'Inactive_file',
      'Slab',
      'KernelStack',
      'PageTables',
      'Percpu',
    ].map(at);
    const fields = [total, free, available, inactive, ...kernelParts];
    let checked = 0;
    dec.times.forEach((t, i) => {
      if (!fields.every((f) => f.has(t))) {
        return;
      }
      const used = total.get(t)! - free.get(t)!;
      const stack = NODE_LAYERS.reduce((sum, l) => sum + dec.layers[l]![i], 0);
      expect(stack).toBeCloseTo(used, -1);
      expect(dec.lines.usage![i]).toBeCloseTo(used, -1);
      expect(dec.lines.workingSet![i]).toBeCloseTo(used - inactive.get(t)!, -1);
      expect(dec.layers.kernel![i]).toBeCloseTo(
        kernelParts.reduce((sum, f) => sum + f.get(t)!, 0),
        -1
      );
      expect(dec.lines.memAvailable![i]).toBe(available.get(t));
      expect(dec.lines.memTotal![i]).toBe(total.get(t));
      checked++;
    });
    expect(checked).toBeGreaterThan(1500);
    expect(Object.keys(shares).sort()).toEqual(['activeFile', 'anon', 'kernel', 'other', 'shmem']);
    expect(shares.anon).toBeGreaterThan(0.9);
  });
});

describe('many nodes', () => {
  it('are listed in the overview with MemAvailable as headroom, and open without a container dashboard link', async () => {
    // Ten generated nodes (instance "<scenario>:9100"), a 10-minute step over the week.
    const nodes = scenarioNames.map((name) => generateScenario(name, { target: 'node', stepMs: 600_000 }));
    await renderNode(nodes.flatMap((n) => scenarioFrames(n)));
    expect(screen.getByTestId('memlens-overview')).toBeInTheDocument();
    const rows = screen.getAllByTestId('memlens-overview-row');
    expect(rows).toHaveLength(scenarioNames.length);
    const byNode = (instance: string) => rows.find((r) => within(r).getAllByRole('cell')[0].textContent === instance)!;
    for (const [name, verdict] of [
      ['leak', 'anon'],
      ['seed-file-cache', 'file-cache'],
      ['kernel-slab', 'kernel'],
      ['tmpfs', 'shmem'],
      ['steady', 'stable'],
    ]) {
      expect(byNode(`${name}:9100`)).toHaveAttribute('data-verdict', verdict);
    }
    const leak = nodes.find((n) => n.name === 'leak')!;
    const last = (metric: string) => {
      const s = leak.series.find((x) => x.labels.__name__ === metric)!;
      return s.values[s.values.length - 1];
    };
    const available = last('node_memory_MemAvailable_bytes');
    const share = Math.round((available / last('node_memory_MemTotal_bytes')) * 100);
    expect(within(byNode('leak:9100')).getAllByRole('cell').at(-1)!).toHaveTextContent(
      `${formatBytes(available)} free (${share} %)`
    );

    await userEvent.click(byNode('leak:9100'));
    const detail = screen.getByTestId('memlens-overview-detail');
    expect(within(detail).getByText('leak:9100')).toBeInTheDocument();
    expect(within(detail).getByRole('button', { name: 'other kernel memory' })).toBeInTheDocument();
    expect(within(detail).queryByRole('link', { name: /Container dashboard/ })).toBeNull();
    // Ten week-long analyses, the table and a drill-down in jsdom: 4–6 s on a loaded two-core machine.
  }, 20_000);
});

describe('the analyzer on a node', () => {
  it('prints the same JSON as for a container, with the node share keys', () => {
    const bundle = join(ROOT, '.cache/analyze.node-test.cjs');
    execFileSync(
      join(ROOT, 'node_modules/.bin/esbuild'),
      [
        'src/cli/analyze.ts',
        '--bundle',
        '--platform=node',
        '--format=cjs',
        '--log-level=warning',
        `--outfile=${bundle}`,
      ],
      { cwd: ROOT }
    );
    const file = join(mkdtempSync(join(tmpdir(), 'memlens-node-')), 'node.json');
    writeFileSync(file, JSON.stringify({ results: { A: { frames: rawFrames() } } }));
    const r = spawnSync(process.execPath, [bundle, file, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.workloads).toHaveLength(1);
    const w = doc.workloads[0];
    expect(w.labels).toEqual({ instance: '10.0.0.7:9100' });
    expect(w.verdict).toBe('anon');
    expect(Object.keys(w.shares).sort()).toEqual(['activeFile', 'anon', 'kernel', 'other', 'shmem']);
    expect(w.banner).toMatch(/^Node working set \+/);
    expect(w.workingSetGrowthBytes).toBeGreaterThan(0);
    expect(doc.ignored).toEqual([]);
  }, 60_000);
});
