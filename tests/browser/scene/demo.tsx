/**
 * `npm run demo`: the Scenes host as a Grafana dashboard page, with a header that picks the dashboard
 * and the theme. Two dashboards:
 *
 * - "MemLens / Recorded memory", synthesized here: one MemLens panel on the memlens-recorded data
 *   source, its `scenario` variable listing the recorded traces (served by the demo server) and the
 *   generated week-long scenarios. Recorded data has fixed timestamps, so picking a scenario sets the
 *   time range to the recording's span (absolute): the picker shows it, and zoom and refresh stay in it.
 * - "MemLens / Container memory", the provisioned dashboard (provisioning/dashboards), when the demo
 *   server was started with PROMETHEUS_URL: its variables and queries go to that Prometheus through
 *   the server's data source proxy.
 *
 * The view lives in the URL's hash (`#dashboard=…&scenario=…&theme=…&from=…&to=…&var-pod=…`), so a
 * link reproduces it.
 */
import { createTheme, type DataFrameJSON } from '@grafana/data';
import { RadioButtonGroup, ThemeContext } from '@grafana/ui';
import React from 'react';
import { createRoot } from 'react-dom/client';

import { scenarioNames } from '../../../src/scenarios/generator';
import { recordedFrames } from './backend';
import type { DashboardJson } from './dashboardJson';
import type { HostState } from './hostState';
import { load, setTheme, setTimeRange, state } from './main';

type Mode = 'light' | 'dark';
type DashboardId = 'recorded' | 'live';

interface TraceEntry {
  file: string;
  title: string;
}

interface LiveConfig {
  /** The Prometheus's URL without credentials. */
  url: string;
  datasource: { uid: string; name: string };
  dashboard: DashboardJson;
}

interface View {
  dashboard: DashboardId;
  theme: Mode;
  scenario?: string;
  from?: string;
  to?: string;
  /** Live dashboard variables, `var-<name>` in the URL (repeated for several values). */
  vars: Record<string, string[]>;
}

const RECORDED_DS = { type: 'memlens-recorded', uid: 'memlens-recorded' };
const DEFAULT_SCENARIO = 'trace:mixed.json';

let traces: TraceEntry[] = [];
let live: LiveConfig | null = null;
let view: View = { dashboard: 'recorded', theme: 'dark', vars: {} };
let status = '';
let error = '';
/** The scenario the time range was last fitted to, so a pick in the variable's picker refits it once. */
let fittedScenario: string | undefined;
let loading: Promise<void> = Promise.resolve();

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

// ---- URL state

function readUrl(): View {
  // `?dashboard=live` works as well as `#dashboard=live`; the hash wins.
  const params = new URLSearchParams(window.location.search);
  new URLSearchParams(window.location.hash.slice(1)).forEach((value, key) => params.set(key, value));
  const hashVars = new URLSearchParams(window.location.hash.slice(1));
  const vars: Record<string, string[]> = {};
  for (const key of new Set([...hashVars.keys()].filter((k) => k.startsWith('var-')))) {
    vars[key.slice('var-'.length)] = hashVars.getAll(key);
  }
  return {
    dashboard: params.get('dashboard') === 'live' ? 'live' : 'recorded',
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    scenario: params.get('scenario') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    vars,
  };
}

function writeUrl() {
  const params = new URLSearchParams({ dashboard: view.dashboard });
  if (view.dashboard === 'recorded' && view.scenario) {
    params.set('scenario', view.scenario);
  }
  if (view.from && view.to) {
    params.set('from', view.from);
    params.set('to', view.to);
  }
  for (const [name, values] of Object.entries(view.dashboard === 'live' ? view.vars : {})) {
    values.forEach((value) => params.append(`var-${name}`, value));
  }
  params.set('theme', view.theme);
  const hash = `#${params}`;
  if (window.location.hash !== hash) {
    window.history.replaceState(null, '', `${window.location.pathname}${hash}`);
  }
}

// ---- the dashboards

function recordedDashboard(scenario: string): DashboardJson {
  const choices = [
    ...traces.map((t) => ({ text: `${t.title} (recorded)`, value: `trace:${t.file}` })),
    ...scenarioNames.map((name) => ({ text: `${name} (generated)`, value: `scenario:${name}` })),
  ];
  const current = choices.find((c) => c.value === scenario) ?? choices[0];
  return {
    title: 'MemLens / Recorded memory',
    uid: 'memlens-recorded-memory',
    graphTooltip: 1,
    templating: {
      list: [
        {
          name: 'scenario',
          label: 'Scenario',
          type: 'custom',
          // Scenes' custom variable syntax: `text : value`, comma-separated.
          query: choices.map((c) => `${c.text} : ${c.value}`).join(', '),
          current: { text: current.text, value: current.value },
        },
      ],
    },
    panels: [
      {
        id: 1,
        type: 'memlens-memory-panel',
        title: 'Memory of ${scenario:text}',
        datasource: RECORDED_DS,
        targets: [{ refId: 'A', datasource: RECORDED_DS, scenario: '$scenario' } as never],
        options: {},
      },
    ],
  };
}

/** The live dashboard with the URL's variable values as its current ones. */
function liveDashboard(config: LiveConfig): DashboardJson {
  const dashboard = structuredClone(config.dashboard);
  for (const v of dashboard.templating?.list ?? []) {
    const values = view.vars[v.name];
    if (values?.length) {
      const value = v.multi ? values : values[0];
      v.current = { text: value, value };
    }
  }
  return dashboard;
}

/** The first and last timestamp of a recording, as ISO strings for the time picker. */
export function recordingSpan(frames: DataFrameJSON[]): { from: string; to: string } {
  let min = Infinity;
  let max = -Infinity;
  for (const frame of frames) {
    frame.schema?.fields.forEach((field, i) => {
      if (field.type !== 'time') {
        return;
      }
      for (const t of (frame.data?.values[i] ?? []) as Array<number | null>) {
        if (typeof t === 'number') {
          min = Math.min(min, t);
          max = Math.max(max, t);
        }
      }
    });
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new Error('the recording has no timestamps');
  }
  return { from: new Date(min).toISOString(), to: new Date(max).toISOString() };
}

/**
 * The panel fills the window below the header and the dashboard's controls: one row of them for the
 * recorded dashboard, two for the live one's five variables and its annotation toggles.
 */
function panelHeight(dashboard: DashboardId) {
  return Math.max(420, window.innerHeight - (dashboard === 'live' ? 200 : 150));
}

function describe(): string {
  if (view.dashboard === 'live' && live) {
    return `Live: ${live.url}`;
  }
  const scenario = view.scenario ?? '';
  if (scenario.startsWith('trace:')) {
    return `Recorded on a Linux cgroup: ${scenario.slice('trace:'.length)}`;
  }
  return `Generated week with a known truth: ${scenario.slice('scenario:'.length)}`;
}

async function show() {
  error = '';
  try {
    if (view.dashboard === 'live' && live) {
      await load({
        dashboard: liveDashboard(live),
        theme: view.theme,
        prometheus: [live.datasource],
        time: view.from && view.to ? { from: view.from, to: view.to } : undefined,
        panelHeight: panelHeight('live'),
      });
      fittedScenario = undefined;
    } else {
      view.dashboard = 'recorded';
      const dashboard = recordedDashboard(view.scenario ?? DEFAULT_SCENARIO);
      const scenario = String(dashboard.templating!.list![0].current!.value);
      // A link's own range (a zoom inside the recording) wins; a new scenario gets its whole span.
      const time =
        view.scenario === scenario && view.from && view.to
          ? { from: view.from, to: view.to }
          : recordingSpan(await recordedFrames(scenario));
      view.scenario = scenario;
      await load({ dashboard, theme: view.theme, time, panelHeight: panelHeight('recorded') });
      fittedScenario = scenario;
    }
    status = describe();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  follow();
  renderHeader();
}

/** Loads the view in the URL, one load at a time. */
function reload(next: Partial<View>) {
  view = { ...view, ...next };
  loading = loading.then(show);
  return loading;
}

/**
 * Follows what the dashboard's own pickers change: a new scenario gets its recording's span as the
 * time range; the time range and the variables go into the URL.
 */
let following = false;
async function follow() {
  if (following) {
    return;
  }
  following = true;
  try {
    let s: HostState;
    try {
      s = state();
    } catch {
      return;
    }
    if (view.dashboard === 'recorded') {
      const scenario = String(s.variables.scenario?.value ?? '');
      if (scenario && scenario !== fittedScenario) {
        fittedScenario = scenario;
        view.scenario = scenario;
        try {
          const span = recordingSpan(await recordedFrames(scenario));
          setTimeRange(span.from, span.to);
          error = '';
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        s = state();
        status = describe();
        renderHeader();
      }
    } else {
      view.vars = Object.fromEntries(
        Object.entries(s.variables)
          .filter(([name]) => name !== 'datasource')
          .map(([name, v]) => [
            name,
            ([] as unknown[])
              .concat(v.value ?? [])
              .map(String)
              .filter(Boolean),
          ])
      );
    }
    view.from = s.timeRange.raw.from;
    view.to = s.timeRange.raw.to;
    writeUrl();
  } finally {
    following = false;
  }
}

// ---- the header

function Header({ mode }: { mode: Mode }) {
  const theme = createTheme({ colors: { mode } });
  const dashboards = [
    { label: 'Recorded memory', value: 'recorded' as const },
    ...(live ? [{ label: 'Container memory (live)', value: 'live' as const }] : []),
  ];
  const title = view.dashboard === 'live' ? (live?.dashboard.title ?? '') : 'MemLens / Recorded memory';
  return (
    <ThemeContext.Provider value={theme}>
      <header
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          gap: theme.spacing(2),
          margin: theme.spacing(-2, -2, 2),
          padding: theme.spacing(1, 2),
          background: theme.colors.background.primary,
          borderBottom: `1px solid ${theme.colors.border.weak}`,
          color: theme.colors.text.primary,
          fontFamily: theme.typography.fontFamily,
        }}
      >
        <div style={{ flex: '1 1 auto', minWidth: 0 }}>
          <h1 style={{ margin: 0, fontSize: theme.typography.h4.fontSize, fontWeight: theme.typography.h4.fontWeight }}>
            <span style={{ color: theme.colors.text.secondary }}>Dashboards › </span>
            <span id="demo-title">{title}</span>
          </h1>
          <div
            id="demo-status"
            role={error ? 'alert' : undefined}
            style={{
              fontSize: theme.typography.bodySmall.fontSize,
              color: error ? theme.colors.error.text : theme.colors.text.secondary,
            }}
          >
            {error || status}
            {!live && !error ? ' · set PROMETHEUS_URL to add the live container dashboard' : ''}
          </div>
        </div>
        {dashboards.length > 1 && (
          <div aria-label="Dashboard" role="group">
            <RadioButtonGroup
              size="sm"
              options={dashboards}
              value={view.dashboard}
              onChange={(dashboard) => void reload({ dashboard, from: undefined, to: undefined })}
            />
          </div>
        )}
        <div aria-label="Theme" role="group">
          <RadioButtonGroup
            size="sm"
            options={[
              { label: 'Light', value: 'light' as const, icon: 'sun' },
              { label: 'Dark', value: 'dark' as const, icon: 'moon' },
            ]}
            value={mode}
            onChange={(theme) => {
              view.theme = theme;
              setTheme(theme);
              renderHeader();
              writeUrl();
            }}
          />
        </div>
      </header>
    </ThemeContext.Provider>
  );
}

let headerRoot: ReturnType<typeof createRoot> | undefined;

function renderHeader() {
  if (!headerRoot) {
    const el = document.createElement('div');
    el.id = 'demo-header';
    document.body.insertBefore(el, document.body.firstChild);
    headerRoot = createRoot(el);
  }
  headerRoot.render(<Header mode={view.theme} />);
}

async function start() {
  [traces, live] = await Promise.all([getJson<TraceEntry[]>('/demo/traces'), getJson<LiveConfig | null>('/demo/live')]);
  await reload(readUrl());
  // The dashboard's own pickers change the scene; follow them into the time range and the URL.
  window.setInterval(() => void follow(), 250);
  // A link pasted or edited by hand (the page's own URL updates do not fire this).
  window.addEventListener('hashchange', () => void reload(readUrl()));
}

start().catch((err) => {
  error = err instanceof Error ? err.message : String(err);
  renderHeader();
});
