/**
 * Every generated file, from the typed sources: the provisioned dashboards, their import copies and
 * the kube-prometheus-stack manifests. `npm run dashboards` writes them; a test fails when one on
 * disk differs (tests/backend/dashboards.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { parse } from 'yaml';

import { containerDashboard, containerRulesDashboard, teamDashboard } from './container';
import { IMPORT_DIR, IMPORTABLE, PROVISIONED_DIR, serialize, toImportable } from './importable';
import { dashboardConfigMap, KUBE_DIR, prometheusRule, valuesSnippet } from './kube';
import { composeDashboard, nodeDashboard } from './node';

export const ROOT = join(__dirname, '..', '..');
export const RULES_FILE = 'provisioning/prometheus/rules/memlens.rules.yml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const DASHBOARDS: Record<string, () => Builder<Dashboard>> = {
  'container-memory.json': containerDashboard,
  'container-memory-rules.json': containerRulesDashboard,
  'team-overview.json': teamDashboard,
  'node-memory.json': nodeDashboard,
  'compose-demo.json': composeDashboard,
};

/**
 * The SDK follows Grafana's newest schema, where links and annotation toggles default to the
 * controls menu (`placement: "inControlsMenu"`); 12.4 has no such menu, and 13 would hide them there.
 */
function forGrafana124(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(forGrafana124);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !(k === 'placement' && v === 'inControlsMenu'))
        .map(([k, v]) => [k, forGrafana124(v)])
    );
  }
  return value;
}

export function buildDashboard(file: string): Record<string, Json> {
  return forGrafana124(DASHBOARDS[file]().build() as unknown as Json) as Record<string, Json>;
}

export interface GeneratedFile {
  path: string;
  text: string;
}

export function generatedFiles(): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  for (const file of Object.keys(DASHBOARDS)) {
    const d = buildDashboard(file);
    const text = serialize(d);
    out.push({ path: `${PROVISIONED_DIR}/${file}`, text });
    if (IMPORTABLE.includes(file)) {
      out.push({ path: `${IMPORT_DIR}/${file}`, text: serialize(toImportable(d)) });
      out.push({
        path: `${KUBE_DIR}/dashboard-${file.replace(/\.json$/, '')}.yaml`,
        text: dashboardConfigMap(file, d, text),
      });
    }
  }
  const rules = parse(readFileSync(join(ROOT, RULES_FILE), 'utf8'));
  out.push({ path: `${KUBE_DIR}/prometheusrule.yaml`, text: prometheusRule(rules.groups) });
  out.push({ path: `${KUBE_DIR}/values.yaml`, text: valuesSnippet(version) });
  return out;
}
