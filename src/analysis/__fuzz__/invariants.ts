/**
 * The invariants the fuzz suite holds the pipeline to. Each check throws an Error that names the
 * workload, the instant and the numbers, so a shrunk counterexample reads as a bug report.
 *
 * "The inputs agree" at an instant t, for a container workload, means (DOMAIN.md's identities):
 *   - the workload has exactly one series for each of usage, workingSet, rss and cache, and for every
 *     other stack role it has (kernel, activeFile, inactiveFile) exactly one series too;
 *   - each of those series has exactly one sample at t, none other within one axis step of t, and the
 *     sample is finite with |value| < 2^50 (so sums of five are exact in a double);
 *   - 0 ≤ workingSet ≤ usage; 0 ≤ rss; 0 ≤ cache ≤ usage; rss + cache ≤ usage;
 *     usage − workingSet ≤ cache (inactive file is part of the cache, so active file is not negative);
 *   - when present: inactiveFile = usage − workingSet; activeFile + inactiveFile ≤ cache;
 *     kernel = usage − rss − cache (cgroup v1 charges kmem into usage); all within 1 byte.
 * Where they agree and t is on the decomposition's axis, the layers rss, kernel, activeFile and
 * inactiveFile must be known, and all layers must sum to the input usage within 1 byte.
 */
import { type DataFrame, FieldType } from '@grafana/data';

import type { Analysis, Decomposition, IngestResult, Labels, Role, Series } from '../types';

const VERDICTS = new Set(['file-cache', 'anon', 'kernel', 'shmem', 'mixed', 'stable', 'unattributed', 'uncertain']);
const LIMIT = 2 ** 50;

function fail(what: string, detail: Record<string, unknown>): never {
  throw new Error(
    `${what}: ${JSON.stringify(detail, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`
  );
}

/** Layers are NaN or finite and ≥ 0; the axis is finite and strictly ascending; every array fits it. */
export function checkDecomposition(d: Decomposition): void {
  const n = d.times.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d.times[i]) || (i > 0 && !(d.times[i] > d.times[i - 1]))) {
      fail('time axis not finite and strictly ascending', {
        workload: d.workload.key,
        i,
        t: d.times[i],
        prev: d.times[i - 1],
      });
    }
  }
  if (!(d.stepMs > 0) || !Number.isFinite(d.stepMs)) {
    fail('step is not a positive finite number', { workload: d.workload.key, stepMs: d.stepMs });
  }
  for (const [layer, values] of Object.entries(d.layers)) {
    if (!values || values.length !== n) {
      fail('layer length differs from the axis', { workload: d.workload.key, layer, length: values?.length, n });
    }
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isNaN(v) && !(v >= 0 && v < Infinity)) {
        fail('negative or infinite layer', { workload: d.workload.key, layer, i, t: d.times[i], value: v });
      }
    }
  }
  for (const [line, values] of Object.entries(d.lines)) {
    if (!values || values.length !== n) {
      fail('line length differs from the axis', { workload: d.workload.key, line, length: values?.length, n });
    }
  }
  for (const r of d.restarts) {
    if (!Number.isInteger(r) || r < 0 || r >= Math.max(n, 1)) {
      fail('restart index outside the axis', { workload: d.workload.key, r, n });
    }
  }
}

/** Verdict from the list; every figure finite; shares in [0, 1]; regions ordered and on the axis. */
export function checkAnalysis(a: Analysis): void {
  const d = a.decomposition;
  checkDecomposition(d);
  const key = d.workload.key;
  if (!VERDICTS.has(a.verdict)) {
    fail('unknown verdict', { workload: key, verdict: a.verdict });
  }
  if (!Number.isFinite(a.workingSetGrowthBytes) || !Number.isFinite(a.usageGrowthBytes)) {
    fail('growth is not finite', { workload: key, ws: a.workingSetGrowthBytes, usage: a.usageGrowthBytes });
  }
  for (const [k, s] of Object.entries(a.shares)) {
    if (!(typeof s === 'number' && s >= 0 && s <= 1 + 1e-9)) {
      fail('share outside [0, 1]', { workload: key, share: k, value: s });
    }
  }
  if (typeof a.banner?.id !== 'string' || a.banner.id === '') {
    fail('no banner message', { workload: key });
  }
  const first = d.times[0];
  const last = d.times[d.times.length - 1];
  let prevTo = -Infinity;
  for (const r of a.regions) {
    if (!(r.fromMs <= r.toMs) || r.fromMs < first || r.toMs > last || r.fromMs < prevTo) {
      fail('region off the axis or overlapping', { workload: key, from: r.fromMs, to: r.toMs, first, last, prevTo });
    }
    if (!Number.isFinite(r.growthBytes) || !(r.share >= 0 && r.share <= 1 + 1e-9) || !VERDICTS.has(r.kind)) {
      fail('region figures invalid', { workload: key, kind: r.kind, growth: r.growthBytes, share: r.share });
    }
    prevTo = r.toMs;
  }
}

/** The labels that identify a series across stages: everything but `__name__`, sorted. */
export function labelKey(labels: Labels | undefined): string {
  const own = labels ?? {};
  return JSON.stringify(
    Object.keys(own)
      .filter((k) => k !== '__name__')
      .sort()
      .map((k) => [k, own[k]])
  );
}

/**
 * Every non-time field of every frame is a series: count them by label key. A frame with no such
 * field has no series; ingest may list it (once, as the frame) among the ignored, or not.
 */
export function inputSeriesCounts(frames: DataFrame[]): {
  required: Map<string, number>;
  optional: Map<string, number>;
} {
  const required = new Map<string, number>();
  const optional = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const frame of frames) {
    const timeIndex = frame.fields.findIndex((f) => f.type === FieldType.time);
    const series = frame.fields.filter((_, i) => i !== timeIndex);
    for (const f of series) {
      bump(required, labelKey(f.labels));
    }
    if (series.length === 0) {
      bump(optional, labelKey(frame.fields[0]?.labels));
    }
  }
  return { required, optional };
}

/**
 * A workload's identity is made of its series' own labels: every identity label is an own label of
 * each of its series, with the same string value (never something inherited from Object.prototype).
 */
export function checkIdentities(result: IngestResult): void {
  for (const w of result.workloads) {
    for (const [k, v] of Object.entries(w.identity)) {
      for (const list of Object.values(w.series)) {
        for (const s of list ?? []) {
          if (typeof v !== 'string' || !Object.prototype.hasOwnProperty.call(s.labels, k) || s.labels[k] !== v) {
            fail('identity label not taken from the series', {
              workload: w.key,
              label: k,
              value: String(v),
              series: s.name,
            });
          }
        }
      }
    }
    if (typeof w.key !== 'string' || typeof w.title !== 'string' || /\[native code\]/.test(w.key + w.title)) {
      fail('workload key or title not built from label strings', { key: String(w.key), title: String(w.title) });
    }
  }
}

/** Nothing silently dropped, nothing counted twice: each input series is in one workload or ignored. */
export function checkAccounted(frames: DataFrame[], result: IngestResult): number {
  checkIdentities(result);
  const { required, optional } = inputSeriesCounts(frames);
  const output = new Map<string, number>();
  const bump = (k: string) => output.set(k, (output.get(k) ?? 0) + 1);
  for (const w of result.workloads) {
    for (const list of Object.values(w.series)) {
      for (const s of list ?? []) {
        bump(labelKey(s.labels));
      }
    }
  }
  for (const ig of result.ignored) {
    if (typeof ig.reason?.id !== 'string' || ig.reason.id === '') {
      fail('ignored series without a reason', { name: ig.name, labels: ig.labels });
    }
    bump(labelKey(ig.labels));
  }
  let total = 0;
  for (const k of new Set([...required.keys(), ...output.keys()])) {
    const want = required.get(k) ?? 0;
    const got = output.get(k) ?? 0;
    if (got < want || got > want + (optional.get(k) ?? 0)) {
      fail(got < want ? 'input series neither used nor ignored' : 'series accounted more than once', {
        labels: k,
        inputs: want,
        accounted: got,
      });
    }
    total += want;
  }
  return total;
}

/** The value a single series has at exactly t, if t is its only sample within `stepMs`. */
function isolatedSample(s: Series, t: number, stepMs: number): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < s.times.length; i++) {
    const dt = Math.abs(s.times[i] - t);
    if (dt < stepMs) {
      if (dt !== 0 || found !== undefined) {
        return undefined;
      }
      found = s.values[i];
    }
  }
  return found !== undefined && Number.isFinite(found) && Math.abs(found) < LIMIT ? found : undefined;
}

const BASE: Role[] = ['usage', 'workingSet', 'rss', 'cache'];
const OPTIONAL: Role[] = ['kernel', 'activeFile', 'inactiveFile'];

/** Input values at t when they agree (see the header), else undefined. */
export function agreeingInputs(d: Decomposition, t: number): Partial<Record<Role, number>> | undefined {
  const w = d.workload;
  if (w.kind !== 'container') {
    return undefined;
  }
  const got: Partial<Record<Role, number>> = {};
  for (const role of [...BASE, ...OPTIONAL]) {
    const list = w.series[role];
    if (!list || list.length === 0) {
      if (BASE.includes(role)) {
        return undefined;
      }
      continue;
    }
    if (list.length !== 1) {
      return undefined;
    }
    const v = isolatedSample(list[0], t, d.stepMs);
    if (v === undefined) {
      return undefined;
    }
    got[role] = v;
  }
  const { usage, workingSet, rss, cache, kernel, activeFile, inactiveFile } = got as Record<Role, number>;
  const ok =
    workingSet >= 0 &&
    workingSet <= usage &&
    rss >= 0 &&
    cache >= 0 &&
    cache <= usage &&
    rss + cache <= usage &&
    usage - workingSet <= cache &&
    (inactiveFile === undefined || Math.abs(inactiveFile - (usage - workingSet)) <= 1) &&
    (activeFile === undefined || (activeFile >= 0 && activeFile + (usage - workingSet) <= cache)) &&
    (kernel === undefined || Math.abs(kernel - (usage - rss - cache)) <= 1);
  return ok ? got : undefined;
}

/** Where the inputs agree, the stack sums to usage within 1 byte. Returns how many instants it judged. */
export function checkSumsWhereAgreeing(d: Decomposition): number {
  let judged = 0;
  for (let i = 0; i < d.times.length; i++) {
    const t = d.times[i];
    const inputs = agreeingInputs(d, t);
    if (!inputs) {
      continue;
    }
    let sum = 0;
    for (const layer of ['rss', 'kernel', 'activeFile', 'inactiveFile'] as const) {
      const v = d.layers[layer]?.[i];
      if (v === undefined || Number.isNaN(v)) {
        fail('layer unknown although the inputs agree', { workload: d.workload.key, t, layer, inputs });
      }
    }
    for (const values of Object.values(d.layers)) {
      const v = values![i];
      sum += Number.isNaN(v) ? 0 : v;
    }
    if (Math.abs(sum - inputs.usage!) > 1) {
      const layers = Object.fromEntries(Object.entries(d.layers).map(([k, v]) => [k, v![i]]));
      fail('layers do not sum to usage', { workload: d.workload.key, t, sum, usage: inputs.usage, layers, inputs });
    }
    judged++;
  }
  return judged;
}
