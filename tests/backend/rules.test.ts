/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The MemLens Prometheus rules, checked by the real promtool: syntax (`check config`, which also
 * checks the rule files it loads), the unit tests in provisioning/prometheus/tests (`test rules`), and
 * that those unit tests would catch a leak alert that looked at the working set instead of rss.
 * Also: the recording rules' names are the ones the panel knows, and their filters are the dashboards'.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

import { roleFromMetricName } from '../../src/analysis/roles';
import { PROMTOOL_BIN } from './lib/prometheus';
import { runTool } from './lib/process';

const ROOT = join(__dirname, '..', '..');
const PROM_DIR = join(ROOT, 'provisioning', 'prometheus');
const RULES_FILE = join(PROM_DIR, 'rules', 'memlens.rules.yml');
const TESTS_DIR = join(PROM_DIR, 'tests');
const testFiles = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const groups: Array<{ name: string; rules: Rule[] }> = parse(readFileSync(RULES_FILE, 'utf8')).groups;
const rules = groups.flatMap((g) => g.rules);
/** The layer series (the growth-region groups record for the annotation queries, tested apart). */
const recording = groups.find((g) => g.name === 'memlens.container-memory')!.rules.filter((r) => r.record);
const regionGroups = groups.filter((g) => g.name.endsWith('growth-regions'));
const alerts = rules.filter((r) => r.alert);

/** The names the panel's role table maps (src/analysis/roles.ts), and the role each must get. */
const EXPECTED_RECORDS: Record<string, string> = {
  'namespace_pod_container:container_memory_usage_bytes:max': 'usage',
  'namespace_pod_container:container_memory_working_set_bytes:max': 'workingSet',
  'namespace_pod_container:container_memory_rss:max': 'rss',
  'namespace_pod_container:container_memory_cache:max': 'cache',
  'namespace_pod_container:container_memory_kernel_bytes:derived': 'kernel',
  'namespace_pod_container:container_memory_active_file_bytes:derived': 'activeFile',
  'namespace_pod_container:container_memory_inactive_file_bytes:derived': 'inactiveFile',
  'namespace_pod_container:container_spec_memory_limit_bytes:max': 'limit',
  'namespace_pod_container:kube_pod_container_resource_requests_memory_bytes:max': 'request',
  'namespace_pod_container:kube_pod_container_resource_limits_memory_bytes:max': 'limit',
};

describe('MemLens Prometheus rules', () => {
  it('pass promtool check config (the compose prometheus.yml and the rule files it loads)', async () => {
    const { stdout } = await runTool(PROMTOOL_BIN, ['check', 'config', join(PROM_DIR, 'prometheus.yml')]);
    expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('pass promtool check rules', async () => {
    const { stdout } = await runTool(PROMTOOL_BIN, ['check', 'rules', RULES_FILE]);
    expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('pass their promtool unit tests: seed (file cache) does not page, leaks do, near-limit only when unreclaimable', async () => {
    expect(testFiles.length).toBeGreaterThanOrEqual(2);
    // runTool throws with promtool's report (expected vs got) when any test fails.
    const { stdout } = await runTool(PROMTOOL_BIN, ['test', 'rules', ...testFiles.map((f) => join(TESTS_DIR, f))]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(testFiles.length);
    expect(stdout).not.toContain('FAILED');
  });

  it('have unit tests that catch a leak alert watching the working set instead of rss', async () => {
    const work = mkdtempSync(join(tmpdir(), 'memlens-rules-'));
    try {
      mkdirSync(join(work, 'rules'));
      mkdirSync(join(work, 'tests'));
      const rulesText = readFileSync(RULES_FILE, 'utf8');
      const leakStart = rulesText.indexOf('- alert: MemLensAnonymousMemoryGrowth');
      const leakEnd = rulesText.indexOf('- alert:', leakStart + 1);
      const mutated =
        rulesText.slice(0, leakStart) +
        rulesText
          .slice(leakStart, leakEnd)
          .replace(/container_memory_rss:max/g, 'container_memory_working_set_bytes:max') +
        rulesText.slice(leakEnd);
      expect(mutated).not.toBe(rulesText);
      writeFileSync(join(work, 'rules', 'memlens.rules.yml'), mutated);
      for (const f of testFiles) {
        copyFileSync(join(TESTS_DIR, f), join(work, 'tests', f));
      }
      const run = runTool(PROMTOOL_BIN, ['test', 'rules', join(work, 'tests', 'file-cache-vs-leak.test.yaml')]);
      // The seed's file-cache growth now looks like a leak in shop/api-0/api.
      await expect(run).rejects.toThrow(/MemLensAnonymousMemoryGrowth[\s\S]*pod="api-0"/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('record exactly the layer series the panel knows, each with its role', () => {
    expect(recording.map((r) => r.record).sort()).toEqual(Object.keys(EXPECTED_RECORDS).sort());
    for (const r of recording) {
      expect([r.record, roleFromMetricName(r.record!, { resource: 'memory' })]).toEqual([
        r.record,
        EXPECTED_RECORDS[r.record!],
      ]);
    }
  });

  it('read cAdvisor with the dashboards filters, deduplicated per container', () => {
    const dashboard = JSON.parse(
      readFileSync(join(ROOT, 'provisioning', 'dashboards', 'container-memory.json'), 'utf8')
    );
    const dashboardExprs: string[] = dashboard.panels.flatMap((p: { targets?: Array<{ expr: string }> }) =>
      (p.targets ?? []).map((t) => t.expr)
    );
    const cadvisorSelector = /(?<![\w:])(container_[a-z_]+)\{([^}]*)\}/g;
    let checked = 0;
    for (const r of recording) {
      for (const m of r.expr.matchAll(cadvisorSelector)) {
        checked++;
        expect([r.record, m[2]]).toEqual([r.record, 'container!="", image!="", metrics_path!="/metrics/resource"']);
        expect(r.expr).toMatch(/^max by \(namespace, pod, container\) \(/);
        // The dashboard reads the same metric with the same filters (plus its variables).
        const dashboardSelector = `${m[1]}{${m[2]}, `;
        expect([
          r.record,
          dashboardExprs.some((e) => e.includes(dashboardSelector) && e.includes('namespace=~"$namespace"')),
        ]).toEqual([r.record, true]);
      }
    }
    expect(checked).toBe(5);
  });

  it('record growth regions per container and per node, one series name per kind', () => {
    expect(regionGroups.map((g) => g.name)).toEqual(['memlens.growth-regions', 'memlens.node-growth-regions']);
    for (const g of regionGroups) {
      const marks = g.rules.filter((r) => r.labels?.kind);
      expect(marks.map((r) => r.labels!.kind).sort()).toEqual(['anon', 'file-cache']);
      for (const r of marks) {
        expect(r.record).toBe(
          `${r.record!.split(':')[0]}:memlens_${r.labels!.kind.replace('-', '_')}_growth:bytes_per_day`
        );
        // Hourly means, not raw values, feed every slope: a GC sawtooth's mean is flat.
        const slopes = [...r.expr.matchAll(/deriv\(([\w:]+)\[8h\]\)/g)].map((m) => m[1]);
        expect([r.record, slopes.length, slopes.every((s) => s.endsWith(':avg1h'))]).toEqual([r.record, 3, true]);
      }
    }
  });

  it('give every alert a severity, a hold time and a plain-words summary and description', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'MemLensAnonymousMemoryGrowth',
      'MemLensCacheThrashing',
      'MemLensOOMPredicted',
      'MemLensWorkingSetGrowthFileCache',
      'MemLensWorkingSetNearLimit',
      'MemLensWorkingSetNearLimitFileCache',
    ]);
    for (const a of alerts) {
      expect([a.alert, a.labels?.severity]).toEqual([a.alert, expect.stringMatching(/^(critical|warning|info)$/)]);
      expect(a.for).toMatch(/^\d+[mh]$/);
      expect(a.annotations?.summary).toContain('{{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }}');
      expect((a.annotations?.description ?? '').length).toBeGreaterThan(150);
    }
  });

  it('record the consequence signals under the names the panel and analyzer read', () => {
    const group = groups.find((g) => g.name === 'memlens.consequences');
    expect(group?.rules.filter((r) => r.record).map((r) => r.record)).toEqual([
      'namespace_pod_container:container_memory_workingset_refault_file:rate5m',
      'namespace_pod_container:container_pressure_memory_waiting_seconds:rate5m',
      'namespace_pod_container:container_pressure_memory_stalled_seconds:rate5m',
      'namespace_pod_container:container_memory_nonreclaimable_bytes:derived',
      'instance:node_vmstat_workingset_refault_file:rate5m',
      'instance:node_pressure_memory_waiting_seconds:rate5m',
      'instance:node_pressure_memory_stalled_seconds:rate5m',
    ]);
    // The horizon is 24 h over a 6 h slope; thrashing is 10 % of the cache per hour (4 KiB pages).
    const oom = alerts.find((a) => a.alert === 'MemLensOOMPredicted')!;
    expect([oom.expr.includes('[6h], 24 * 3600)'), oom.for]).toEqual([true, '30m']);
    const thrash = alerts.find((a) => a.alert === 'MemLensCacheThrashing')!;
    expect([/\* 4096 \* 3600[\s\S]*>= 1\n/.test(thrash.expr), thrash.for]).toEqual([true, '15m']);
  });
});
