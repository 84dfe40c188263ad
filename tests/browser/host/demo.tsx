/**
 * `npm run demo`: the Grafana 12.4 host page with a picker. It shows MemLens on the recorded traces
 * (served by the demo server from tests/fixtures/wire/traces), on the generated scenarios, and, when
 * the server was started with PROMETHEUS_URL, on the provisioned dashboard's queries against that
 * Prometheus (through the server's proxy, so the browser makes no cross-origin request).
 */
import { dateTime, rangeUtil, type DataFrameJSON } from '@grafana/data';

import { generateScenario, scenarioFrames, scenarioNames, type ScenarioName } from '../../../src/scenarios/generator';
import { promMatrixToFrames } from '../../../src/scenarios/wire';
import { renderPanel } from './main';

interface TraceEntry {
  file: string;
  title: string;
}

interface LiveConfig {
  url: string;
  dashboard: string;
  options: Record<string, unknown>;
  fieldConfig: Record<string, unknown>;
  targets: Array<{ refId: string; expr: string }>;
  variables: string[];
}

interface Choice {
  id: string;
  label: string;
  group: string;
  load: () => Promise<{
    frames: DataFrameJSON[];
    options?: Record<string, unknown>;
    fieldConfig?: Record<string, unknown>;
    timeRange?: { from: number; to: number };
  }>;
}

const LIVE_RANGES = ['15m', '1h', '6h', '24h', '7d'];

/** Frames from any of the shapes a recorded response is kept in: frames, {frames}, or /api/ds/query's {results}. */
function framesOf(json: unknown): DataFrameJSON[] {
  if (Array.isArray(json)) {
    return json as DataFrameJSON[];
  }
  const body = json as {
    frames?: DataFrameJSON[];
    results?: Record<string, { frames?: DataFrameJSON[] }>;
    response?: unknown;
  };
  if (body.frames) {
    return body.frames;
  }
  if (body.results) {
    return Object.values(body.results).flatMap((r) => r.frames ?? []);
  }
  if (body.response) {
    return framesOf(body.response);
  }
  throw new Error(
    'the trace file holds no frames (expected an array of frames, {frames}, or {results: {A: {frames}}})'
  );
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

function liveChoice(live: LiveConfig, range: string): Choice {
  return {
    id: `live:${range}`,
    label: `${live.dashboard}, last ${range}`,
    group: `Live: ${live.url}`,
    load: async () => {
      const to = Date.now();
      const from = to - rangeUtil.intervalToMs(range);
      const timeRange = { from: dateTime(from), to: dateTime(to), raw: { from: `now-${range}`, to: 'now' } };
      // The step Grafana would choose: the range over the panel's width in pixels, at least the scrape interval.
      const { intervalMs } = rangeUtil.calculateInterval(timeRange, Math.max(200, window.innerWidth - 32), '15s');
      const step = intervalMs / 1000;
      const start = Math.floor(from / intervalMs) * step;
      const end = Math.floor(to / intervalMs) * step;
      const scope = Object.fromEntries(live.variables.map((name) => [name, readVariable(name)]));
      const frames = await Promise.all(
        live.targets.map(async (target) => {
          const expr = target.expr.replace(/\$(\w+)|\$\{(\w+)\}/g, (all, a, b) => scope[a ?? b] ?? all);
          const query = new URLSearchParams({
            query: expr,
            start: String(start),
            end: String(end),
            step: String(step),
          });
          const body = await getJson<{ status: string; error?: string; data?: { result: [] } }>(
            `/demo/prometheus/api/v1/query_range?${query}`
          );
          if (body.status !== 'success' || !body.data) {
            throw new Error(`query ${target.refId} failed: ${body.error ?? body.status}`);
          }
          return promMatrixToFrames(body.data.result, target.refId, intervalMs, expr);
        })
      );
      return { frames: frames.flat(), options: live.options, fieldConfig: live.fieldConfig, timeRange: { from, to } };
    },
  };
}

function readVariable(name: string): string {
  const input = document.getElementById(`var-${name}`) as HTMLInputElement | null;
  return input?.value.trim() || '.*';
}

async function choices(): Promise<Choice[]> {
  const traces = await getJson<TraceEntry[]>('/demo/traces');
  const list: Choice[] = traces.map((trace) => ({
    id: `trace:${trace.file}`,
    label: trace.title,
    group: 'Recorded on a Linux cgroup',
    load: async () => ({ frames: framesOf(await getJson(`/demo/traces/${encodeURIComponent(trace.file)}`)) }),
  }));
  for (const name of scenarioNames) {
    list.push({
      id: `scenario:${name}`,
      label: name,
      group: 'Generated (a week, known truth)',
      load: async () => ({ frames: scenarioFrames(generateScenario(name as ScenarioName)) }),
    });
  }
  const live = await getJson<LiveConfig | null>('/demo/live');
  if (live) {
    LIVE_RANGES.forEach((range) => list.unshift(liveChoice(live, range)));
    buildVariableInputs(live.variables);
  }
  return list;
}

function buildVariableInputs(names: string[]) {
  const bar = document.getElementById('demo-variables')!;
  for (const name of names) {
    const label = document.createElement('label');
    label.textContent = `${name} `;
    const input = document.createElement('input');
    input.id = `var-${name}`;
    input.placeholder = '.*';
    input.size = 12;
    input.addEventListener('change', () => void show());
    label.appendChild(input);
    bar.appendChild(label);
  }
}

let all: Choice[] = [];

function state() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  return {
    id: params.get('scenario') ?? all[0]?.id ?? '',
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
  } as const;
}

async function show() {
  const { id, theme } = state();
  const status = document.getElementById('demo-status')!;
  const choice = all.find((c) => c.id === id) ?? all[0];
  (document.getElementById('demo-scenario') as HTMLSelectElement).value = choice.id;
  (document.getElementById('demo-theme') as HTMLSelectElement).value = theme;
  status.textContent = `loading ${choice.label}…`;
  try {
    const input = await choice.load();
    await renderPanel({
      ...input,
      theme,
      width: Math.max(480, window.innerWidth - 32),
      height: Math.max(360, window.innerHeight - 120),
    });
    status.textContent = `${choice.group}: ${choice.label}`;
  } catch (err) {
    status.textContent = `could not show ${choice.label}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function setHash(patch: Record<string, string>) {
  const params = new URLSearchParams(window.location.hash.slice(1));
  Object.entries(patch).forEach(([k, v]) => params.set(k, v));
  window.location.hash = params.toString();
}

async function start() {
  all = await choices();
  const select = document.getElementById('demo-scenario') as HTMLSelectElement;
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const choice of all) {
    let group = groups.get(choice.group);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = choice.group;
      groups.set(choice.group, group);
      select.appendChild(group);
    }
    group.appendChild(new Option(choice.label, choice.id));
  }
  select.addEventListener('change', () => setHash({ scenario: select.value }));
  const theme = document.getElementById('demo-theme') as HTMLSelectElement;
  theme.addEventListener('change', () => setHash({ theme: theme.value }));
  window.addEventListener('hashchange', () => void show());
  await show();
}

function toolbar() {
  const bar = document.createElement('div');
  bar.id = 'demo-toolbar';
  bar.style.cssText = 'display:flex;gap:16px;align-items:center;margin-bottom:12px;font-size:14px;flex-wrap:wrap';
  // Grafana's global form styles make a bare <select> 4 px high and an <input> borderless: the pickers must read.
  bar.innerHTML = `<style>#demo-toolbar select { height: auto; line-height: normal; } #demo-toolbar input { border: 1px solid rgba(128, 128, 128, 0.5); }</style>
<strong>MemLens demo</strong>
<label>Scenario <select id="demo-scenario"></select></label>
<label>Theme <select id="demo-theme"><option value="dark">dark</option><option value="light">light</option></select></label>
<span id="demo-variables" style="display:flex;gap:8px"></span>
<span id="demo-status" role="status"></span>`;
  document.body.insertBefore(bar, document.body.firstChild);
}

toolbar();
start().catch((err) => {
  document.getElementById('demo-status')!.textContent =
    `the demo failed to start: ${err instanceof Error ? err.message : String(err)}`;
  console.error(err);
});
