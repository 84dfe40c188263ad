/**
 * Turns a provisioned MemLens dashboard into the form Grafana's "Import dashboard" dialog takes:
 * the `datasource` variable becomes a `DS_PROMETHEUS` input that the dialog asks for, and every
 * reference to it becomes `${DS_PROMETHEUS}`. The import copies are generated, never edited, so they
 * cannot drift from the provisioned dashboards (a test compares them).
 */
export const PROVISIONED_DIR = 'provisioning/dashboards';
export const IMPORT_DIR = 'dashboards/import';

/** The Kubernetes dashboards (the compose demo's is only useful inside the compose stack). */
export const IMPORTABLE = [
  'container-memory.json',
  'container-memory-rules.json',
  'node-memory.json',
  'team-overview.json',
];

const VARIABLE_REF = '${datasource}';
/** Links carry the chosen datasource; an imported dashboard has its datasource fixed, so they drop it. */
const LINK_PARAM = /&?\$\{datasource:queryparam\}/g;
const INPUT_REF = '${DS_PROMETHEUS}';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function replaceDatasourceRefs(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(replaceDatasourceRefs);
  }
  if (value !== null && typeof value === 'object') {
    if (value.type === 'prometheus' && value.uid === VARIABLE_REF) {
      return { ...value, uid: INPUT_REF };
    }
    if (typeof value.url === 'string' && LINK_PARAM.test(value.url)) {
      value = { ...value, url: value.url.replace(LINK_PARAM, '') };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDatasourceRefs(v)]));
  }
  return value;
}

export function toImportable(dashboard: Record<string, Json>): Record<string, Json> {
  const templating = dashboard.templating as { list: Array<Record<string, Json>> } | undefined;
  const list = templating?.list ?? [];
  if (!list.some((v) => v.type === 'datasource' && v.name === 'datasource')) {
    throw new Error(`dashboard "${String(dashboard.title)}" has no "datasource" variable to turn into an input`);
  }
  const rest = Object.fromEntries(Object.entries(dashboard).filter(([k]) => k !== 'templating'));
  return {
    __inputs: [
      {
        name: 'DS_PROMETHEUS',
        label: 'Prometheus',
        description:
          'The Prometheus (or VictoriaMetrics) that scrapes kubelet cAdvisor, kube-state-metrics and node_exporter',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    __elements: {},
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '12.4.0' },
      { type: 'panel', id: 'memlens-memory-panel', name: 'MemLens memory', version: '' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
    ],
    ...(replaceDatasourceRefs(rest) as Record<string, Json>),
    templating: { list: list.filter((v) => v.type !== 'datasource').map((v) => replaceDatasourceRefs(v)) as Json[] },
  };
}

export function serialize(dashboard: Record<string, Json>): string {
  return JSON.stringify(dashboard, null, 2) + '\n';
}
