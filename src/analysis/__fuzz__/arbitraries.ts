/**
 * fast-check arbitraries for the pipeline's input: sets of Grafana wire frames, built the way Grafana's
 * Prometheus backend builds them (`toWireFrame`) and then bent out of shape: random roles and labels,
 * gaps, misaligned and unsorted times, NaN/±Inf/null, negatives, huge values, duplicates, empty frames,
 * string fields, ragged columns. Two families:
 *   - `arbFrameSet`: anything goes (the "never throws / accounts for everything" properties);
 *   - `arbAgreeingSet`: cAdvisor series that satisfy the memory identities, sample for sample
 *     (the "layers sum to usage" property).
 * Inputs are kept small on purpose: the suite runs 100,000 cases on two shared cores.
 */
import fc from 'fast-check';
import { type DataFrameJSON, FieldType } from '@grafana/data';

import { toWireFrame } from '../../scenarios/wire';
import { ROLE_BY_METRIC } from '../roles';
import type { DetectOptions, Labels, Role } from '../types';

const UNRELATED = ['container_cpu_usage_seconds_total', 'up', 'http_requests_total', 'go_memstats_heap_inuse_bytes'];

/** Label values that must never be interpreted: markup, prototype keys, odd characters. */
export const HOSTILE_VALUES = [
  '<script>window.__memlensInjected=1</script>',
  '<img src=x onerror="window.__memlensInjected=1">',
  '__proto__',
  'constructor',
  'toString',
  '"quoted"\\',
  '',
  'ns/with/slashes',
  '节点-一',
];
/** Label keys that collide with Object.prototype, or that carry markup. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '<b>k</b>'];

/** Builds a label set with own properties only, even for `__proto__` (as JSON.parse would). */
export function ownLabels(entries: Array<[string, string]>): Labels {
  const labels: Labels = {};
  for (const [k, v] of entries) {
    Object.defineProperty(labels, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return labels;
}

const arbNamespace = fc.constantFrom('shop', 'kube-system', 'default', ...HOSTILE_VALUES.slice(0, 4));
const arbPod = fc.constantFrom('api-0', 'api-1', 'worker-7', 'constructor');
const arbContainer = fc.constantFrom('api', 'api', 'sidecar', '', 'POD', '__proto__');
const arbImage = fc.constantFrom('app:1.2', 'app:1.2', '', 'registry.k8s.io/pause:3.9');
const arbPath = fc.constantFrom('/metrics/cadvisor', '/metrics/cadvisor', '/metrics/resource');
const arbCgroupId = fc.constantFrom('/kubepods/burstable/pod1/aaa', '/kubepods/burstable/pod1/bbb');
const arbInstance = fc.constantFrom('node-a:9100', 'node-b:9100', HOSTILE_VALUES[0]);

/** A value as a sample: mostly plausible byte counts, sometimes anything a float can be. */
export const arbSampleValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 8 * 2 ** 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 4096) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: -1 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300, 2 ** 64, 2 ** 60, 5e-324) },
  { weight: 1, arbitrary: fc.double({ noDefaultInfinity: false, noNaN: false, min: -1e300, max: 1e300 }) },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, Number.MAX_VALUE) }
);

export interface SeriesSpec {
  refId?: string;
  labels: Labels;
  times: number[];
  values: number[];
  stepMs: number;
}

/** Where a query's grid starts and its step; most series of a frame set share one, as one dashboard's queries do. */
export interface Grid {
  start: number;
  stepMs: number;
}
const arbGrid: fc.Arbitrary<Grid> = fc.record({
  start: fc.constantFrom(1_700_000_000_000, 1_700_000_007_500),
  stepMs: fc.constantFrom(15_000, 15_000, 30_000, 1_000, 60_000),
});
/** A series off the set's grid: another step, an offset start, rarely a timestamp at the epoch. */
const arbOwnGrid: fc.Arbitrary<(base: Grid) => Grid> = fc
  .record({
    offset: fc.constantFrom(7_500, 7_500, -60_000, 900_000),
    stepMs: fc.constantFrom(15_000, 30_000, 1_000, 60_000),
    epoch: fc
      .boolean()
      .chain((b) => (b ? fc.boolean() : fc.constant(false)))
      .chain((b) => (b ? fc.boolean() : fc.constant(false))),
  })
  .map(({ offset, stepMs, epoch }) => (base: Grid) => ({ start: epoch ? 0 : base.start + offset, stepMs }));

/** Sample times on a grid with gaps, sometimes shifted, jittered, unsorted or duplicated. */
export const arbTimes = (maxLen: number): fc.Arbitrary<(base: Grid) => { times: number[]; stepMs: number }> =>
  fc
    .record({
      own: fc.option(arbOwnGrid, { freq: 6 }),
      len: fc.nat({ max: maxLen }),
      gapMask: fc.array(fc.boolean(), { maxLength: maxLen }),
      shift: fc.constantFrom(0, 0, 0, 7_000, -15_000),
      mess: fc.constantFrom('grid', 'grid', 'grid', 'jitter', 'unsorted', 'duplicate'),
      seed: fc.nat(),
    })
    .map(({ own, len, gapMask, shift, mess, seed }) => (base: Grid) => {
      const { start, stepMs } = own ? own(base) : base;
      const times: number[] = [];
      for (let k = 0; k < len; k++) {
        if (gapMask[k] === true && k % 3 === 0) {
          continue; // a missing sample
        }
        times.push(start + shift + k * stepMs);
      }
      if (mess === 'jitter') {
        for (let i = 0; i < times.length; i++) {
          times[i] += ((seed + i * 7919) % 2001) - 1000;
        }
      } else if (mess === 'unsorted' && times.length > 1) {
        const i = seed % times.length;
        [times[0], times[i]] = [times[i], times[0]];
      } else if (mess === 'duplicate' && times.length > 0) {
        times.splice(seed % times.length, 0, times[seed % times.length]);
      }
      return { times, stepMs };
    });

/** Labels of one series: a metric name (or none, as an expression), identity labels and extras. */
const arbSeriesLabels: fc.Arbitrary<Labels> = fc
  .record({
    name: fc.oneof(
      // Every name ingest recognises, straight from its table: a name added there is fuzzed too.
      { weight: 10, arbitrary: fc.constantFrom(...Object.keys(ROLE_BY_METRIC)) },
      { weight: 2, arbitrary: fc.constantFrom(...UNRELATED) },
      { weight: 2, arbitrary: fc.constant(undefined) }
    ),
    namespace: arbNamespace,
    pod: arbPod,
    container: arbContainer,
    image: arbImage,
    path: arbPath,
    id: arbCgroupId,
    instance: arbInstance,
    resource: fc.constantFrom('memory', 'memory', 'cpu'),
    keep: fc.array(fc.constantFrom('namespace', 'pod', 'container', 'image', 'path', 'id', 'instance', 'extra'), {
      maxLength: 8,
    }),
    extraKey: fc.constantFrom(...HOSTILE_KEYS),
    extraValue: fc.constantFrom(...HOSTILE_VALUES),
  })
  .map((r) => {
    const entries: Array<[string, string]> = [];
    if (r.name !== undefined) {
      entries.push(['__name__', r.name]);
    }
    const isNode = r.name?.startsWith('node_') ?? false;
    const isKsm = r.name?.startsWith('kube_') ?? false;
    // Most series carry their natural identity; `keep` adds or drops labels at random on top.
    const keep = new Set(r.keep);
    if (isNode) {
      entries.push(['instance', r.instance], ['job', 'node']);
    } else {
      entries.push(['namespace', r.namespace], ['pod', r.pod], ['container', r.container]);
      if (isKsm) {
        entries.push(['resource', r.resource], ['unit', r.resource === 'memory' ? 'byte' : 'core']);
      } else if (keep.has('image') || keep.size < 4) {
        entries.push(['image', r.image], ['id', r.id], ['metrics_path', r.path]);
      }
    }
    if (keep.has('extra')) {
      entries.push([r.extraKey, r.extraValue]);
    }
    return ownLabels(entries.filter(([k], i, all) => all.findIndex(([k2]) => k2 === k) === i));
  });

const arbSeriesSpec = (maxLen: number): fc.Arbitrary<(base: Grid) => SeriesSpec> =>
  fc
    .record({
      refId: fc.constantFrom('A', 'B', 'C', undefined),
      labels: arbSeriesLabels,
      grid: arbTimes(maxLen),
      values: fc.array(arbSampleValue, { maxLength: maxLen + 1 }),
      fill: arbSampleValue,
    })
    .map(({ refId, labels, grid, values, fill }) => (base: Grid) => {
      const { times, stepMs } = grid(base);
      return { refId, labels, times, stepMs, values: times.map((_, i) => values[i] ?? fill) };
    });

/** What can happen to a well-formed frame on its way to the panel. */
type Mangle = 'none' | 'stringField' | 'rawNulls' | 'noTimeField' | 'ragged' | 'wide' | 'noFields' | 'stringNumbers';

function mangle(frame: DataFrameJSON, how: Mangle): DataFrameJSON {
  const fields = frame.schema!.fields;
  const values = frame.data!.values as unknown[][];
  switch (how) {
    case 'stringField':
      return {
        schema: { ...frame.schema, fields: [fields[0], { ...fields[1], type: FieldType.string }] },
        data: { values: [values[0], values[1].map((v) => (v === null ? null : `${v} bytes`))] },
      };
    case 'rawNulls':
      // nulls without entities: a gap the datasource did not explain
      return { ...frame, data: { values: [values[0], values[1].map((v, i) => (i % 2 ? null : v))] } };
    case 'noTimeField':
      return { schema: { ...frame.schema, fields: [fields[1]] }, data: { values: [values[1]] } };
    case 'ragged':
      return { ...frame, data: { values: [values[0].slice(0, Math.floor(values[0].length / 2)), values[1]] } };
    case 'wide':
      return {
        schema: { ...frame.schema, fields: [...fields, { ...fields[1], name: 'Value #2' }] },
        data: { values: [values[0], values[1], values[1].slice()] },
      };
    case 'noFields':
      return { schema: { ...frame.schema, fields: [] }, data: { values: [] } };
    case 'stringNumbers':
      return { ...frame, data: { values: [values[0], values[1].map((v) => (v === null ? v : String(v)))] } };
    default:
      return frame;
  }
}

export interface FrameSet {
  frames: DataFrameJSON[];
  /** Ingest's options: `roles` (refId → role) for series with no `__name__`, `groupBy`, `includePodLevel`. */
  options: { roles: Record<string, Role>; groupBy?: string[]; includePodLevel?: boolean };
  /** The detector's options, as the panel editor or the analyzer's flags could set them. */
  detect: Partial<DetectOptions>;
}

const arbDetect: fc.Arbitrary<Partial<DetectOptions>> = fc.record(
  {
    window: fc.constantFrom<DetectOptions['window']>('auto', 'auto', 15_000, 3_600_000, 30 * 86_400_000),
    minGrowthBytes: fc.constantFrom(0, 1, 16 * 2 ** 20),
    minGrowthRatio: fc.constantFrom(0, 0.05, 1),
    share: fc.constantFrom(0, 0.5, 1),
  },
  { requiredKeys: [] }
);

const arbRoles: fc.Arbitrary<Record<string, Role>> = fc.dictionary(
  fc.constantFrom('A', 'B', 'C'),
  fc.constantFrom<Role>('usage', 'workingSet', 'rss', 'cache', 'limit', 'memTotal', 'anon'),
  { maxKeys: 3 }
);

/** Any set of frames, well-formed or not. */
export const arbFrameSet = (opts: { maxFrames?: number; maxLen?: number } = {}): fc.Arbitrary<FrameSet> =>
  fc
    .record({
      base: arbGrid,
      specs: fc.array(arbSeriesSpec(opts.maxLen ?? 16), { maxLength: opts.maxFrames ?? 8 }),
      mangles: fc.array(
        fc.oneof(
          { weight: 20, arbitrary: fc.constant<Mangle>('none') },
          {
            weight: 1,
            arbitrary: fc.constantFrom<Mangle>(
              'stringField',
              'rawNulls',
              'noTimeField',
              'ragged',
              'wide',
              'noFields',
              'stringNumbers'
            ),
          }
        ),
        { maxLength: opts.maxFrames ?? 8 }
      ),
      twins: fc.array(fc.nat(), { maxLength: 2 }),
      roles: arbRoles,
      groupBy: fc.option(fc.subarray(['namespace', 'pod', 'container', 'instance', ...HOSTILE_KEYS]), { freq: 5 }),
      includePodLevel: fc.option(fc.boolean(), { freq: 3 }),
      detect: arbDetect,
    })
    .map(({ base, specs: makeSpecs, mangles, twins, roles, groupBy, includePodLevel, detect }) => {
      const specs = makeSpecs.map((make) => make(base));
      // Exact duplicates of a series (the same frame twice, e.g. two queries asking for the same thing).
      const all = [...specs, ...(specs.length ? twins.map((i) => specs[i % specs.length]) : [])];
      const frames = all.map((s, i) => mangle(toWireFrame({ ...s }), mangles[i] ?? 'none'));
      const options: FrameSet['options'] = { roles };
      if (groupBy !== null) {
        options.groupBy = groupBy;
      }
      if (includePodLevel !== null) {
        options.includePodLevel = includePodLevel;
      }
      return { frames, options, detect };
    });
