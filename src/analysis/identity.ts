/**
 * Which workload a series belongs to: its identity labels, key and title, and whether it is a
 * series that would double count (pod-level cgroup, cgroup hierarchy, pause container).
 */
import type { Labels, Message, WorkloadKind } from './types';

/** Labels that change across restarts, scrapes or exporters and so never identify a workload. */
export const VOLATILE_LABELS: ReadonlySet<string> = new Set([
  '__name__',
  'id',
  'name',
  'image',
  'instance',
  'job',
  'metrics_path',
  'endpoint',
  'service',
  'uid',
  'node',
  'resource',
  'unit',
]);

const COMPOSE_SERVICE = 'container_label_com_docker_compose_service';
const COMPOSE_PROJECT = 'container_label_com_docker_compose_project';

export interface WorkloadIdentity {
  identity: Labels;
  key: string;
  title: string;
}

/** Own labels only: a label may be named `constructor` or `__proto__`. */
function own(labels: Labels, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, name) ? labels[name] : undefined;
}

function pick(labels: Labels, names: readonly string[]): Labels {
  const out: Labels = {};
  for (const n of names) {
    const v = own(labels, n);
    if (v !== undefined && v !== '') {
      Object.defineProperty(out, n, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function isEmpty(labels: Labels): boolean {
  return Object.keys(labels).length === 0;
}

function keyOf(identity: Labels, order: readonly string[]): string {
  return order
    .filter((k) => own(identity, k) !== undefined)
    .map((k) => `${k}=${identity[k]}`)
    .join(',');
}

function make(identity: Labels, order: readonly string[], title: string, prefix = ''): WorkloadIdentity {
  return { identity, key: prefix + keyOf(identity, order), title };
}

/** Prometheus's text for an empty label set: the whole input is one workload. */
const ALL_TITLE = '{}';

function byLabels(labels: Labels, order: readonly string[], prefix: string): WorkloadIdentity {
  const identity = pick(labels, order);
  const values = order.filter((k) => own(identity, k) !== undefined).map((k) => identity[k]);
  return make(identity, order, values.length ? values.join('/') : ALL_TITLE, prefix);
}

/** The automatic rules for container series; the first that gives labels wins. */
function containerIdentity(labels: Labels): WorkloadIdentity | undefined {
  const k8s = ['namespace', 'pod', 'container'];
  if (!isEmpty(pick(labels, k8s))) {
    return byLabels(labels, k8s, '');
  }
  const service = labels[COMPOSE_SERVICE];
  if (service) {
    const order = [COMPOSE_PROJECT, COMPOSE_SERVICE];
    return make(pick(labels, order), order, service);
  }
  if (labels.name) {
    return make({ name: labels.name }, ['name'], labels.name);
  }
  const rest = Object.keys(labels)
    .filter((k) => !VOLATILE_LABELS.has(k) && !k.startsWith('container_env_') && !k.startsWith('container_label_'))
    .sort();
  if (rest.length) {
    return byLabels(labels, rest, '');
  }
  return undefined;
}

/** Node keys carry a prefix so that a node and a container never share a key. */
const NODE_PREFIX = 'node:';

function nodeIdentity(labels: Labels): WorkloadIdentity {
  for (const k of ['instance', 'node']) {
    if (labels[k]) {
      return make({ [k]: labels[k] }, [k], labels[k], NODE_PREFIX);
    }
  }
  const rest = Object.keys(labels)
    .filter((k) => !VOLATILE_LABELS.has(k))
    .sort();
  return byLabels(labels, rest, NODE_PREFIX);
}

/**
 * The workload of a series. `kind` is undefined when the role alone does not tell (activeFile,
 * inactiveFile, shmem from an expression): then container rules 1–3 decide, else `instance`/`node`
 * labels make it a node, else rule 4.
 */
export function identify(
  labels: Labels,
  kind: WorkloadKind | undefined,
  groupBy?: readonly string[]
): { kind: WorkloadKind; id: WorkloadIdentity } {
  const resolved = kind ?? guessKind(labels);
  if (groupBy && groupBy.length) {
    return { kind: resolved, id: byLabels(labels, groupBy, resolved === 'node' ? NODE_PREFIX : '') };
  }
  if (resolved === 'node') {
    return { kind: 'node', id: nodeIdentity(labels) };
  }
  return { kind: 'container', id: containerIdentity(labels) ?? make({}, [], ALL_TITLE) };
}

function guessKind(labels: Labels): WorkloadKind {
  const strong = ['namespace', 'pod', 'container', COMPOSE_SERVICE, 'name'];
  if (strong.some((k) => labels[k])) {
    return 'container';
  }
  return labels.instance || labels.node ? 'node' : 'container';
}

/** Images of the pod sandbox: registry.k8s.io/pause:3.9, k8s.gcr.io/pause-amd64:3.1, …/pause@sha256:… */
const PAUSE_IMAGE = /(^|\/)pause([-:@]|$)/;

/**
 * Why a container series would double count, or undefined when it is a container's own series.
 * - pause/sandbox container: `container="POD"` or a pause image;
 * - pod-level cgroup (kubelet cAdvisor): `pod` set, `container` empty, raw series (has `id`): it sums the pod's containers;
 * - cgroup hierarchy (standalone cAdvisor's `id="/"`, `/system.slice`, the kubelet's `/kubepods`):
 *   a raw series (has `id`) with no pod, container, name or image: it sums everything below it.
 * Expressions have no `id`, so `sum by (pod)` results are kept: the user asked for them.
 */
export function doubleCountReason(labels: Labels, seriesName: string): Message | undefined {
  const container = labels.container ?? '';
  const image = labels.image ?? '';
  if (container === 'POD' || PAUSE_IMAGE.test(image)) {
    return { id: 'ingest.ignored.pause', params: { series: seriesName } };
  }
  if (labels.id === undefined) {
    return undefined;
  }
  if (labels.pod && !container) {
    return { id: 'ingest.ignored.podLevel', params: { series: seriesName } };
  }
  if (!labels.pod && !container && !labels.name && !image) {
    return { id: 'ingest.ignored.cgroupHierarchy', params: { series: seriesName, cgroup: labels.id } };
  }
  return undefined;
}
