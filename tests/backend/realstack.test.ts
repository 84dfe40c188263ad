/**
 * MemLens against real Prometheus and VictoriaMetrics: the generator's scenarios, dressed as a
 * kube-prometheus node (lib/cluster.ts), backfilled with promtool and imported into
 * VictoriaMetrics; the provisioned dashboards' exact PromQL run over /api/v1/query_range with
 * Grafana's step; the answers turned into wire frames as Grafana's backend does, decoded with
 * dataFrameFromJSON and analysed with the panel's own pipeline.
 *
 * Data: 7 days, one scrape a minute (cAdvisor series carry their own timestamps); the range is the
 * whole week, as the dashboards' default "now-7d" would show it, on a 1880 px wide panel.
 */
import { join } from 'node:path';

import { type DataFrame, dataFrameFromJSON } from '@grafana/data';

import { type PipelineResult, analyzeFrames } from '../../src/analysis/pipeline';
import type { Analysis, Role } from '../../src/analysis/types';
import type { ClusterPod } from './lib/cluster';
import { type RealStack, startRealStack } from './lib/fixture';
import {
  type Dashboard,
  type PanelRun,
  type VariableSelection,
  loadDashboard,
  regexEscape,
  runPanel,
} from './lib/grafana';
import { agreeingInputs, maxAt } from './lib/lookback';
import type { SampleSeries } from './lib/openmetrics';
import { compareEngines, formatLatencies } from './lib/report';

const SCRAPE_MS = 60_000;
const WIDTH_PX = 1880;
const RUNS = 3;
const DASHBOARDS = join(__dirname, '../../provisioning/dashboards');

const ENGINES = ['prometheus', 'victoria-metrics'] as const;
type Engine = (typeof ENGINES)[number];

interface View {
  dashboard: string;
  selections: Record<string, VariableSelection> | ((stack: RealStack) => Record<string, VariableSelection>);
  /** Rewrites the dashboard's PromQL (a variant), or undefined for the exact queries. */
  rewrite?: (expr: string) => string;
  /** The time range; default the whole week. */
  range?: (stack: RealStack) => [number, number];
}

const restartPod = (s: RealStack) => s.cluster.pods.find((p) => p.scenario.truth.restartsMs.length > 0)!;
const HOUR = 3_600_000;

const VIEWS = {
  container: { dashboard: 'container-memory', selections: {} },
  team: { dashboard: 'team-overview', selections: { namespace: 'shop' } },
  node: { dashboard: 'node-memory', selections: {} },
  // The container dashboard keeping each container's `id`: one series per lifetime reaches the panel.
  containerById: {
    dashboard: 'container-memory',
    selections: {},
    rewrite: (expr: string) =>
      expr.replace(/max by \(namespace, pod, container\)/g, 'max by (namespace, pod, container, id)'),
  },
  // Zoomed on the restart, the restarted pod picked in the $pod variable: the step falls to the
  // scrape interval, where the engines' look-back rules around the restart can show.
  restartZoom: {
    dashboard: 'container-memory',
    selections: (s: RealStack) => ({ pod: restartPod(s).pod }),
    range: (s: RealStack) => [
      restartPod(s).scenario.truth.restartsMs[0] - 3 * HOUR,
      restartPod(s).scenario.truth.restartsMs[0] + 3 * HOUR,
    ],
  },
} satisfies Record<string, View>;
type ViewName = keyof typeof VIEWS;

interface ViewResult {
  runs: PanelRun[];
  frames: DataFrame[];
  result: PipelineResult;
}

let stack: RealStack | undefined;
const results = {} as Record<Engine, Record<ViewName, ViewResult>>;
const suiteStart = performance.now();

async function runView(url: string, view: View): Promise<ViewResult> {
  const [fromMs, toMs] = view.range?.(stack!) ?? [stack!.cluster.startMs, stack!.cluster.endMs];
  const selections = typeof view.selections === 'function' ? view.selections(stack!) : view.selections;
  const dashboard: Dashboard = loadDashboard(join(DASHBOARDS, `${view.dashboard}.json`));
  const panels = dashboard.panels.filter((p) => p.type === 'memlens-memory-panel');
  expect(panels).toHaveLength(1);
  const panel = view.rewrite
    ? { ...panels[0], targets: panels[0].targets.map((t) => ({ ...t, expr: view.rewrite!(t.expr) })) }
    : panels[0];
  const runs: PanelRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(
      await runPanel(url, dashboard, panel, {
        fromMs,
        toMs,
        widthPx: WIDTH_PX,
        scrapeIntervalMs: SCRAPE_MS,
        selections,
      })
    );
  }
  // Wire JSON → DataFrame exactly as the panel receives it.
  const frames = JSON.parse(JSON.stringify(runs[0].frames)).map(dataFrameFromJSON);
  const roles = (panel.options?.roles ?? {}) as Record<string, Role>;
  return { runs, frames, result: analyzeFrames(frames, { ingest: { roles } }) };
}

beforeAll(async () => {
  stack = await startRealStack({
    containers: ['seed-file-cache', 'leak', 'mixed', 'restart', 'gc-sawtooth', 'tmpfs'],
    node: 'seed-file-cache',
    dockershim: ['gc-sawtooth'],
    days: 7,
    stepMs: SCRAPE_MS,
  });
  for (const engine of ENGINES) {
    const url = engine === 'prometheus' ? stack.prometheus.url : stack.victoriaMetrics.url;
    results[engine] = {} as Record<ViewName, ViewResult>;
    for (const name of Object.keys(VIEWS) as ViewName[]) {
      results[engine][name] = await runView(url, VIEWS[name]);
    }
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (stack) {
    const views = (['container', 'node', 'team'] as ViewName[]).map((v) => ({
      view: `${VIEWS[v].dashboard}${v === 'team' ? ' (namespace=shop)' : ''}`,
      byEngine: Object.fromEntries(ENGINES.map((e) => [e, results[e]?.[v]?.runs ?? []])),
    }));
    console.log(
      `Real stack: ${stack.samples} samples, ${stack.cluster.series.length} series, setup ${JSON.stringify(stack.setupMs)} ms; ` +
        `suite ${Math.round((performance.now() - suiteStart) / 1000)} s\n` +
        formatLatencies(views)
    );
  }
});

const podOf = (a: Analysis) => a.decomposition.workload.identity.pod;
const pods = () => stack!.cluster.pods;
const scenarioSeries = (pod: ClusterPod, metric: string): SampleSeries[] =>
  pod.scenario.series.filter((s) => s.labels.__name__ === metric);

describe.each(ENGINES)('%s: the provisioned dashboards', (engine) => {
  const view = (name: ViewName) => results[engine][name];

  test('one workload per container; pod-level, pause and /metrics/resource series neither appear nor double count', () => {
    const { analyses, ignored } = view('container').result;
    expect(analyses.map((a) => a.decomposition.workload.key).sort()).toEqual(
      pods()
        .map((p) => `namespace=${p.namespace},pod=${p.pod},container=${p.container}`)
        .sort()
    );
    // The dockershim sandbox passes the dashboards' filters (it has an image): ingest names and drops it.
    const dockershim = pods().find((p) => p.sandbox === 'dockershim')!;
    expect(ignored.length).toBeGreaterThan(0);
    for (const i of ignored) {
      expect(i.labels).toMatchObject({ pod: dockershim.pod, container: 'POD' });
      expect(i.reason.id).toBe('ingest.ignored.pause');
    }
    // Every input role arrives once per container: no second working set from /metrics/resource.
    for (const a of analyses) {
      for (const role of [
        'usage',
        'workingSet',
        'rss',
        'cache',
        'kernel',
        'activeFile',
        'inactiveFile',
        'limit',
        'request',
      ] as Role[]) {
        expect({ pod: podOf(a), role, series: a.decomposition.workload.series[role]?.length }).toEqual({
          pod: podOf(a),
          role,
          series: 1,
        });
      }
    }
  });

  test('verdicts equal the scenario truth (container, team overview and node dashboards)', () => {
    for (const name of ['container', 'team'] as ViewName[]) {
      const verdicts = Object.fromEntries(view(name).result.analyses.map((a) => [podOf(a), a.verdict]));
      expect(verdicts).toEqual(Object.fromEntries(pods().map((p) => [p.pod, p.scenario.truth.verdict])));
    }
    const node = view('node').result.analyses;
    expect(
      node.map((a) => [a.decomposition.workload.kind, a.decomposition.workload.identity.instance, a.verdict])
    ).toEqual([['node', 'node-1', stack!.cluster.node.truth.verdict]]);
  });

  test('the layers sum to usage, and rss + kernel + activeFile + shmem to the working set, where the inputs agree', () => {
    const metrics = [
      'usage_bytes',
      'working_set_bytes',
      'rss',
      'cache',
      'kernel_usage',
      'total_active_file_bytes',
      'total_inactive_file_bytes',
    ];
    for (const a of view('container').result.analyses) {
      const d = a.decomposition;
      const pod = pods().find((p) => p.pod === podOf(a))!;
      const inputs = agreeingInputs(
        metrics.map((m) => scenarioSeries(pod, `container_memory_${m}`)),
        d.times
      );
      // Agreeing inputs: one scrape behind every value, and cAdvisor's own identities exact in it
      // (the generator rounds each metric to whole bytes separately, so some scrapes are off by one or two).
      const exact = inputs.map((v) => {
        if (!v) {
          return false;
        }
        const [usage, workingSet, rss, cache, kernel, activeFile, inactiveFile] = v;
        return (
          usage === rss + cache + kernel && workingSet === usage - inactiveFile && cache >= activeFile + inactiveFile
        );
      });
      const checked = exact.filter(Boolean).length;
      expect({ pod: pod.pod, enough: checked > 0.25 * d.times.length }).toEqual({ pod: pod.pod, enough: true });
      const { rss, kernel, activeFile, shmem, inactiveFile } = d.layers;
      const worst = { pod: pod.pod, usage: 0, workingSet: 0 };
      exact.forEach((ok, i) => {
        if (ok) {
          const ws = rss![i] + kernel![i] + activeFile![i] + (shmem?.[i] ?? 0);
          worst.usage = Math.max(worst.usage, Math.abs(ws + inactiveFile![i] - d.lines.usage![i]));
          worst.workingSet = Math.max(worst.workingSet, Math.abs(ws - d.lines.workingSet![i]));
        }
      });
      expect(worst).toEqual({ pod: pod.pod, usage: expect.any(Number), workingSet: expect.any(Number) });
      expect(worst.usage).toBeLessThanOrEqual(1);
      expect(worst.workingSet).toBeLessThanOrEqual(1);
    }
    // The node: anon · kernel · activeFile · shmem · other · inactiveFile stack up to MemTotal − MemFree.
    const node = view('node').result.analyses[0].decomposition;
    const nodeMetrics = [
      'MemTotal',
      'MemFree',
      'AnonPages',
      'Shmem',
      'Active_file',
      'Inactive_file',
      'Slab',
      'KernelStack',
      'PageTables',
      'Percpu',
    ];
    const nodeSeries = (m: string) =>
      stack!.cluster.series.filter((s) => s.labels.__name__ === `node_memory_${m}_bytes`);
    const inputs = agreeingInputs(nodeMetrics.map(nodeSeries), node.times);
    expect(inputs.filter(Boolean).length).toBeGreaterThan(0.8 * node.times.length);
    let worst = 0;
    inputs.forEach((v, i) => {
      if (v) {
        const stacked = Object.values(node.layers).reduce((sum, layer) => sum + layer![i], 0);
        expect(node.lines.usage![i]).toBe(v[0] - v[1]);
        worst = Math.max(worst, Math.abs(stacked - node.lines.usage![i]));
      }
    });
    expect(worst).toBeLessThanOrEqual(1);
  });

  test('the restarted container is one workload, judged per lifetime: no growth across the restart', () => {
    const pod = pods().find((p) => p.scenario.truth.restartsMs.length > 0)!;
    const [restartMs] = pod.scenario.truth.restartsMs;
    const matching = view('container').result.analyses.filter((a) => podOf(a) === pod.pod);
    expect(matching).toHaveLength(1);
    const [a] = matching;
    expect(a.verdict).toBe('anon');
    expect(a.regions.length).toBeGreaterThan(0);
    for (const r of a.regions) {
      // A region may end at the restart or begin after it, never span it.
      expect(r.fromMs >= restartMs || r.toMs <= restartMs + 10 * 60_000).toBe(true);
    }
    // Keeping `id` in the grouping, the new container's series takes over from the old one: a restart.
    const byId = view('containerById').result.analyses.filter((b) => podOf(b) === pod.pod);
    expect(byId).toHaveLength(1);
    const restarts = byId[0].decomposition.restarts.map((i) => byId[0].decomposition.times[i]);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toBeGreaterThanOrEqual(restartMs);
    expect(restarts[0]).toBeLessThanOrEqual(restartMs + 10 * 60_000);
    expect(byId[0].verdict).toBe('anon');
    // `max by (namespace, pod, container)` merges the lifetimes into one series; the restart shows
    // only if memory falls to near zero (it falls from ~210 to ~120 MB here).
    const seen = a.decomposition.restarts.map((i) => new Date(a.decomposition.times[i]).toISOString());
    console.log(
      `${engine}: restart at ${new Date(restartMs).toISOString()}; seen through the dashboard's max by: [${seen}], by id: [${restarts.map((t) => new Date(t).toISOString())}]`
    );
  });

  test('a chosen $pod narrows the panel to that container, at the scrape-interval step when zoomed in', () => {
    const zoom = view('restartZoom');
    expect(zoom.runs[0].plan.stepMs).toBe(SCRAPE_MS);
    expect(
      Object.values(zoom.runs[0].exprs).every((e) => e.includes(`pod=~"${regexEscape(restartPod(stack!).pod)}"`))
    ).toBe(true);
    expect(zoom.result.analyses.map(podOf)).toEqual([restartPod(stack!).pod]);
    expect(zoom.result.ignored).toEqual([]);
  });
});

test("prometheus: the working-set query returns exactly each container's cAdvisor series (no twin, no pod level)", () => {
  const run = results.prometheus.container.runs[0];
  const ws = run.frames.filter((f) => f.schema?.refId === 'B');
  for (const pod of pods()) {
    const frame = ws.find(
      (f) => f.schema?.fields[1].labels?.pod === pod.pod && f.schema?.fields[1].labels?.container === pod.container
    )!;
    const [times, values] = frame.data!.values as [number[], number[]];
    const expected = times.map((t) => maxAt(scenarioSeries(pod, 'container_memory_working_set_bytes'), t)?.value);
    expect(values).toEqual(expected);
  }
});

test('Prometheus and VictoriaMetrics give the same decomposition and verdicts', () => {
  for (const name of ['container', 'node', 'containerById', 'restartZoom'] as ViewName[]) {
    const diff = compareEngines(results.prometheus[name].result, results['victoria-metrics'][name].result, pods());
    const plan = results.prometheus[name].runs[0].plan;
    console.log(`${name} (${VIEWS[name].dashboard}, step ${plan.stepMs / 1000}s): ${diff.summary}`);
    expect(diff.verdictMismatches).toEqual([]);
    expect(diff.keyMismatch).toEqual([]);
    expect(diff.pointsCompared).toBeGreaterThan(name === 'restartZoom' ? 300 : 1000);
    // Away from restarts and the week's last look-back window, both engines pick the same samples.
    expect(diff.differingAwayFromEdges).toEqual([]);
    expect(diff.maxGrowthDifference).toBeLessThanOrEqual(0.02);
  }
});
