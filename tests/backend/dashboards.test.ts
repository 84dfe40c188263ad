/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * Every MemLens dashboard, provisioned and importable, is well formed: known panel types, unique
 * refIds, PromQL that the real promtool parses, a role for every series that has lost its metric name,
 * the DOMAIN.md filters, variables that exist before they are used, and import copies that are exactly
 * what `npm run dashboards` makes from the typed sources in dashboards/src. Running the queries on real data
 * is the real-stack suite's job (tests/backend/lib/grafana.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

import { generatedFiles } from '../../dashboards/src/generate';
import { IMPORTABLE, IMPORT_DIR, PROVISIONED_DIR, serialize, toImportable } from '../../dashboards/src/importable';
import { roleFromMetricName } from '../../src/analysis/roles';
import { CONTAINER_ROLES, NODE_ROLES } from '../../src/analysis/types';
import { PROMTOOL_BIN } from './lib/prometheus';
import { runTool } from './lib/process';

const ROOT = join(__dirname, '..', '..');
const PANEL_TYPES = new Set(['memlens-memory-panel', 'row', 'text', 'timeseries', 'stat', 'table']);
const CADVISOR_FILTER = 'container!="", image!="", metrics_path!="/metrics/resource"';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: Target[];
  options?: { roles?: Record<string, string>; view?: string };
  datasource?: { type: string; uid: string };
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query: string };
  datasource?: { type: string; uid: string };
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
  annotations: {
    list: Array<{
      name: string;
      expr?: string;
      builtIn?: number;
      step?: string;
      filter?: { exclude: boolean; ids: number[] };
    }>;
  };
  links?: Array<{ url?: string; title: string }>;
  __inputs?: Array<{ name: string; pluginId: string }>;
}

const load = (dir: string, file: string): Dashboard => JSON.parse(readFileSync(join(ROOT, dir, file), 'utf8'));
const provisioned = readdirSync(join(ROOT, PROVISIONED_DIR)).filter((f) => f.endsWith('.json'));
const imports = readdirSync(join(ROOT, IMPORT_DIR)).filter((f) => f.endsWith('.json'));
const all: Array<[string, Dashboard]> = [
  ...provisioned.map((f) => [`${PROVISIONED_DIR}/${f}`, load(PROVISIONED_DIR, f)] as [string, Dashboard]),
  ...imports.map((f) => [`${IMPORT_DIR}/${f}`, load(IMPORT_DIR, f)] as [string, Dashboard]),
];

function panelsOf(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}
const queryText = (v: Variable) => (typeof v.query === 'string' ? v.query : (v.query?.query ?? ''));

/** `$x`, `${x}`, `${x:fmt}` and `[[x]]`, without Grafana's built-ins (`$__interval`…). */
function referencedVariables(text: string): string[] {
  const names = [...text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  return names.filter((n) => !n.startsWith('__'));
}

/** True when the result keeps `__name__`: a bare selector, or bare selectors joined by `or`. */
function keepsMetricName(expr: string): boolean {
  return expr.split(/\s+or\s+/).every((part) => /^\s*[a-zA-Z_:][\w:]*\s*(\{[^{}]*\})?\s*$/.test(part));
}

/** The role a target's series get in the panel: from the roles map, or from the metric name. */
function roleOf(panel: Panel, t: Target): string | undefined {
  const mapped = panel.options?.roles?.[t.refId];
  if (mapped) {
    return mapped;
  }
  const name = /^\s*([a-zA-Z_:][\w:]*)/.exec(t.expr)?.[1] ?? '';
  return keepsMetricName(t.expr) ? roleFromMetricName(name, { resource: 'memory' }) : undefined;
}

describe.each(all)('%s', (file, d) => {
  const variables = d.templating.list.map((v) => v.name);
  const inputs = (d.__inputs ?? []).map((i) => i.name);

  it('has a title, a uid and only known panel types, each MemLens panel with queries', () => {
    expect(d.title).toMatch(/^MemLens \/ /);
    expect(d.uid).toMatch(/^memlens-[a-z-]+$/);
    const panels = panelsOf(d);
    expect(panels.length).toBeGreaterThan(0);
    for (const p of panels) {
      expect([p.title, PANEL_TYPES.has(p.type)]).toEqual([p.title, true]);
    }
    const memlens = panels.filter((p) => p.type === 'memlens-memory-panel');
    expect(memlens.length).toBeGreaterThan(0);
    for (const p of memlens) {
      expect(p.targets?.length).toBeGreaterThan(0);
      expect(p.options?.view).toBe('auto');
    }
  });

  it('has unique refIds and non-empty expressions', () => {
    for (const p of panelsOf(d).filter((x) => x.targets)) {
      const refIds = p.targets!.map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      for (const t of p.targets!) {
        expect(t.refId).toMatch(/^[A-Z]+$/);
        expect(t.expr.trim().length).toBeGreaterThan(0);
      }
    }
  });

  it('gives every query a valid role, by the roles map where aggregation dropped the metric name', () => {
    for (const p of panelsOf(d).filter((x) => x.type === 'memlens-memory-panel')) {
      const roles = p.options?.roles ?? {};
      const refIds = p.targets!.map((t) => t.refId);
      const isNode = p.targets!.some((t) => t.expr.includes('node_memory_'));
      const valid: readonly string[] = isNode ? NODE_ROLES : CONTAINER_ROLES;
      for (const [refId, role] of Object.entries(roles)) {
        expect([refId, refIds.includes(refId), valid.includes(role)]).toEqual([refId, true, true]);
      }
      for (const t of p.targets!) {
        expect([t.refId, keepsMetricName(t.expr) || t.refId in roles]).toEqual([t.refId, true]);
        expect([t.refId, roleOf(p, t)]).toEqual([t.refId, expect.any(String)]);
      }
      // The base series every decomposition needs.
      const got = new Set(p.targets!.map((t) => roleOf(p, t)));
      const needed = isNode
        ? ['memTotal', 'memFree', 'anon', 'activeFile', 'inactiveFile']
        : ['usage', 'workingSet', 'rss', 'cache'];
      expect(needed.filter((r) => !got.has(r))).toEqual([]);
    }
  });

  it('references only variables (or import inputs) it defines, each after the ones it uses', () => {
    const texts = [
      ...panelsOf(d).flatMap((p) => [
        p.title,
        p.datasource?.uid ?? '',
        ...(p.targets ?? []).flatMap((t) => [t.expr, t.datasource?.uid ?? '']),
      ]),
      ...d.annotations.list.map((a) => a.expr ?? ''),
      ...(d.links ?? []).map((l) => l.url ?? ''),
    ];
    for (const name of texts.flatMap(referencedVariables)) {
      expect([name, variables.includes(name) || inputs.includes(name)]).toEqual([name, true]);
    }
    d.templating.list.forEach((v, i) => {
      for (const name of [...referencedVariables(queryText(v)), ...referencedVariables(v.datasource?.uid ?? '')]) {
        const at = variables.indexOf(name);
        expect([v.name, name, (at >= 0 && at < i) || inputs.includes(name)]).toEqual([v.name, name, true]);
      }
    });
  });

  it('filters and deduplicates container series as DOMAIN.md says', () => {
    const exprs = panelsOf(d).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    for (const expr of exprs) {
      for (const m of expr.matchAll(/(?<![\w:])(container_[a-z_]+)\{([^}]*)\}/g)) {
        if (d.uid === 'memlens-compose-demo') {
          // Standalone cAdvisor: no container/namespace labels; compose labels identify the service.
          expect(m[2]).toMatch(/^name!=""/);
          expect(expr).toMatch(
            /^max by \(container_label_com_docker_compose_project, container_label_com_docker_compose_service\) \(/
          );
        } else {
          expect(m[2].startsWith(CADVISOR_FILTER)).toBe(true);
          expect(expr).toMatch(/^max by \(namespace, pod, container(, __name__)?\) \(/);
        }
      }
    }
  });

  it('has PromQL the real promtool parses (variables replaced by a regex)', async () => {
    const exprs = [
      ...panelsOf(d).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...d.annotations.list.flatMap((a) => (a.expr ? [a.expr] : [])),
      // label_values(selector, label): the selector must parse.
      ...d.templating.list.map(queryText).flatMap((q) => {
        const m = /^label_values\((.*),\s*\w+\)$/.exec(q);
        return m ? [m[1]] : [];
      }),
    ];
    const concrete = exprs.map((e) =>
      e.replace(/\$__(rate_)?interval\b/g, '5m').replace(/\$\{?\w+(?::\w+)?\}?/g, '.+')
    );
    const work = mkdtempSync(join(tmpdir(), 'memlens-dash-'));
    try {
      const file = join(work, 'exprs.yml');
      writeFileSync(
        file,
        JSON.stringify({
          groups: [{ name: 'exprs', rules: concrete.map((expr, i) => ({ record: `memlens:expr_${i}:check`, expr })) }],
        })
      );
      const { stdout } = await runTool(PROMTOOL_BIN, ['check', 'rules', file]);
      expect(stdout).toContain(`SUCCESS: ${concrete.length} rules found`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('provisioning and import copies', () => {
  it('are exactly what npm run dashboards generates (dashboards, import copies, kube-prometheus-stack manifests)', () => {
    const files = generatedFiles();
    expect(files.length).toBeGreaterThanOrEqual(provisioned.length + imports.length + 2);
    const stale = files.filter((f) => {
      try {
        return readFileSync(join(ROOT, f.path), 'utf8') !== f.text;
      } catch {
        return true;
      }
    });
    expect(stale.map((f) => `${f.path} is stale: run npm run dashboards`)).toEqual([]);
    // Nothing hand-written is left beside the generated dashboards.
    expect(provisioned.map((f) => `${PROVISIONED_DIR}/${f}`).filter((p) => !files.some((f) => f.path === p))).toEqual(
      []
    );
  });

  it('put the growth-region annotations on every dashboard, excluding the MemLens panels that draw them', () => {
    for (const [file, d] of all) {
      const growth = d.annotations.list.filter((a) => /memlens_\w+_growth:bytes_per_day/.test(a.expr ?? ''));
      expect([file, growth.map((a) => /memlens_(\w+)_growth/.exec(a.expr!)?.[1]).sort()]).toEqual([
        file,
        ['anon', 'file_cache'],
      ]);
      const memlensIds = panelsOf(d)
        .filter((p) => p.type === 'memlens-memory-panel')
        .map((p) => p.id);
      for (const a of growth) {
        expect([file, a.step, a.filter]).toEqual([file, '1m', { exclude: true, ids: memlensIds }]);
      }
      expect(d.annotations.list.filter((a) => a.builtIn === 1)).toHaveLength(1);
    }
  });

  it('link the container, team and node dashboards to each other', () => {
    const byUid = new Map(provisioned.map((f) => load(PROVISIONED_DIR, f)).map((d) => [d.uid, d]));
    const targetsOf = (uid: string) => (byUid.get(uid)!.links ?? []).map((l) => /\/d\/([\w-]+)/.exec(l.url ?? '')?.[1]);
    expect(targetsOf('memlens-container-memory').sort()).toEqual(['memlens-node-memory', 'memlens-team-overview']);
    expect(targetsOf('memlens-team-overview')).toEqual(['memlens-container-memory']);
    expect(targetsOf('memlens-node-memory')).toEqual(['memlens-container-memory']);
    // The node's containers: the node dashboard hands its instance to the container dashboard's node variable.
    expect(byUid.get('memlens-node-memory')!.links![0].url).toContain('var-node=${instance}');
    const names = byUid.get('memlens-container-memory')!.templating.list.map((v) => v.name);
    expect(names).toEqual(['datasource', 'cluster', 'node', 'namespace', 'pod', 'container']);
  });

  it('gives every provisioned dashboard its own uid, and a datasource variable behind every query', () => {
    const dashboards = provisioned.map((f) => load(PROVISIONED_DIR, f));
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    for (const d of dashboards) {
      expect(d.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
      for (const p of panelsOf(d).filter((x) => x.targets)) {
        expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
    }
  });

  it('has an importable copy of each Kubernetes dashboard, made from the provisioned one', () => {
    expect(imports.sort()).toEqual([...IMPORTABLE].sort());
    for (const file of IMPORTABLE) {
      const expected = serialize(toImportable(JSON.parse(readFileSync(join(ROOT, PROVISIONED_DIR, file), 'utf8'))));
      const actual = readFileSync(join(ROOT, IMPORT_DIR, file), 'utf8');
      expect([file, actual === expected]).toEqual([file, true]);
    }
  });

  it('makes import copies ask for DS_PROMETHEUS and use it everywhere', () => {
    for (const file of IMPORTABLE) {
      const text = readFileSync(join(ROOT, IMPORT_DIR, file), 'utf8');
      const d: Dashboard = JSON.parse(text);
      expect(d.__inputs).toEqual([
        expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
      ]);
      expect(text).not.toContain('${datasource}');
      expect(d.templating.list.some((v) => v.type === 'datasource')).toBe(false);
      const refs = [...text.matchAll(/"type": "prometheus",\s*"uid": "([^"]*)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      expect(new Set(refs)).toEqual(new Set(['${DS_PROMETHEUS}']));
    }
  });

  it('refuses to make an import copy of a dashboard without a datasource variable', () => {
    const d = JSON.parse(readFileSync(join(ROOT, PROVISIONED_DIR, 'node-memory.json'), 'utf8'));
    d.templating.list = d.templating.list.filter((v: Variable) => v.type !== 'datasource');
    expect(() => toImportable(d)).toThrow(/no "datasource" variable/);
  });

  it('loads the dashboards from the folder docker compose mounts', () => {
    const providers = parse(readFileSync(join(ROOT, PROVISIONED_DIR, 'memlens.yaml'), 'utf8')).providers;
    expect(providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: '/etc/grafana/provisioning/dashboards' }),
      }),
    ]);
    expect(readFileSync(join(ROOT, 'docker-compose.yaml'), 'utf8')).toContain(
      './provisioning/dashboards:/etc/grafana/provisioning/dashboards'
    );
  });
});
