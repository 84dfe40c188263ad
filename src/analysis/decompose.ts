/**
 * Per workload: one time axis, the stacked layers (direct where cAdvisor gives them, else derived
 * from DOMAIN.md's identities), the lines, and notes on what was derived, clamped or missing.
 *
 *   inactiveFile = usage − workingSet          (or container_memory_total_inactive_file_bytes)
 *   kernel       = usage − rss − cache         (or container_memory_kernel_usage when > 0; 0 on cgroup v2)
 *   shmem        = cache − activeFile − inactiveFile, only when the active list is given directly
 *   activeFile   = cache − inactiveFile − shmem (or container_memory_total_active_file_bytes)
 *   rss + kernel + activeFile + shmem = workingSet ; + inactiveFile = usage
 */
import { type AlignedWorkload, alignWorkload, mergeIndices } from './align';
import { copyOf, float64Array } from './arena';
import { type ContainerStack, FRESHNESS_ROLES, stackContainer } from './containerStack';
import {
  clampNegative,
  type Excess,
  excess,
  hasNegative,
  hasValues,
  layersMissingNote,
  sliceFrom,
  unknownValues,
} from './layerMath';
import { decomposeNode } from './node';
import {
  CONTAINER_LAYERS,
  type ContainerLayer,
  type Decomposition,
  type Layer,
  type LineKey,
  type Message,
  type Role,
  type Workload,
} from './types';

/** A drop below this fraction of the previous level means the process ended. */
export const RESTART_DROP_RATIO = 0.05;

/** Limits at or above this are "no limit" (cgroup v1 reports 2⁶³ − 4096 as its unlimited value). */
const UNLIMITED_BYTES = 2 ** 62;

/** The cAdvisor metric that provides each input, for the "add this metric" note. */
const METRIC_FOR_ROLE: Partial<Record<Role, string>> = {
  usage: 'container_memory_usage_bytes',
  workingSet: 'container_memory_working_set_bytes',
  rss: 'container_memory_rss',
  cache: 'container_memory_cache',
};

/** Which inputs each layer needs when it is not given directly. */
const NEEDS: Record<ContainerLayer, Role[]> = {
  rss: ['rss'],
  kernel: ['usage', 'rss', 'cache'],
  activeFile: ['usage', 'workingSet', 'cache'],
  shmem: ['usage', 'workingSet', 'cache'],
  inactiveFile: ['usage', 'workingSet'],
};

export function decompose(workload: Workload): Decomposition {
  return workload.kind === 'node' ? decomposeNode(workload) : decomposeContainer(workload);
}

/** Index of the first non-zero value (NaN counts as not yet started), or -1. */
function firstNonZero(a: Float64Array): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] > 0) {
      return i;
    }
  }
  return -1;
}

/** Indices where the value falls below RESTART_DROP_RATIO of the previous known level. */
export function dropsToZero(a: Float64Array): number[] {
  const out: number[] = [];
  let prev = NaN;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isNaN(v)) {
      continue;
    }
    if (prev > 0 && v < RESTART_DROP_RATIO * prev) {
      out.push(i);
    }
    prev = v;
  }
  return out;
}

/** Drops the leading points before the container is first seen (zero or no usage). */
function trimLeading(aligned: AlignedWorkload, primary: Float64Array | undefined): AlignedWorkload {
  if (!primary) {
    return aligned;
  }
  const from = firstNonZero(primary);
  if (from <= 0) {
    return aligned;
  }
  return {
    ...aligned,
    times: aligned.times.slice(from),
    values: sliceFrom(aligned.values, from),
    carried: aligned.carried.subarray(from),
    takeovers: aligned.takeovers.map((i) => i - from).filter((i) => i > 0),
  };
}

/** The roles whose aligned values the decomposition keeps as they are (the rss layer, the lines). */
const KEPT_ROLES: ReadonlySet<Role> = new Set<Role>(['usage', 'workingSet', 'rss', 'limit', 'request']);

function decomposeContainer(workload: Workload): Decomposition {
  const first = alignWorkload(workload, KEPT_ROLES, FRESHNESS_ROLES);
  const aligned = trimLeading(first, first.values.usage ?? first.values.workingSet);
  const { times, values: v } = aligned;
  const n = times.length;
  const notes: Message[] = [...aligned.notes];
  const get = (r: Role) => v[r] ?? unknownValues(n);
  const U = get('usage');
  const W = get('workingSet');
  const R = get('rss');
  const C = get('cache');
  const K = get('kernel');
  const A = get('activeFile');
  const I = get('inactiveFile');
  const S = get('shmem');

  // Aligned values may be the input series' own arrays: copy only what clamping will change.
  const rss = hasNegative(R) ? copyOf(R) : R;
  // Without a negative value there is nothing to clamp and no note: skip the pass. (Its loop also
  // ran unoptimised for whole runs at times, after V8 dropped its code on the clamp's construction.)
  const rssClamp = rss !== R ? clampNegative('rss', rss) : undefined;
  // A value is fresh when its sample lies within the last axis step, not carried over a gap.
  // Freshness only decides between values that are known, so an absent role reads as fresh (no bit).
  const stack = stackContainer(
    { usage: U, workingSet: W, rss, cache: C, kernel: K, activeFile: A, inactiveFile: I, shmem: S },
    aligned.carried
  );
  const { inactiveFile, kernel, shmem, activeFile } = stack.layers;
  const { derivedAt, kernelDirect } = stack;
  const clamped = [rssClamp, ...stack.clamped];

  const computed: Record<ContainerLayer, Float64Array> = { rss, kernel, activeFile, shmem, inactiveFile };
  const layers: Partial<Record<Layer, Float64Array>> = {};
  const missing: Layer[] = [];
  const derived: Layer[] = [];
  for (const layer of CONTAINER_LAYERS) {
    if (hasValues(computed[layer])) {
      layers[layer] = computed[layer];
      if (derivedAt[layer]) {
        derived.push(layer);
      }
    } else if (layer !== 'shmem' || !hasValues(activeFile)) {
      missing.push(layer);
    }
  }
  const broken = brokenIdentities(stack.checks);
  for (const c of clamped) {
    if (c && layers[c.params!.layer as Layer] && !broken.explains.has(c.params!.layer as Layer)) {
      notes.push(c);
    }
  }
  notes.push(...broken.notes);
  if (layers.activeFile && !layers.shmem) {
    notes.push({ id: 'decompose.note.shmemInActiveFile' });
  }
  if (v.kernel && !kernelDirect && hasValues(v.kernel)) {
    notes.push({ id: layers.kernel ? 'decompose.note.kernelUsageZero' : 'decompose.note.kernelUsageZeroNoDerive' });
  }
  notes.push(...missingNotes(missing, v));

  const lines = containerLines(v, inactiveFile, n, notes);
  if (lines.usage && lines.limit) {
    const over = excess(lines.usage, lines.limit);
    if (over.points) {
      notes.push({ id: 'decompose.note.usageAboveLimit', params: { points: over.points, maxBytes: over.maxBytes } });
    }
  }
  // The stack tallied the layers' sum against usage (its line) as it went.
  if (lines.usage && layers.rss && layers.kernel && layers.activeFile && layers.inactiveFile) {
    const mismatch = layers.shmem ? stack.checks.sumMismatchWithShmem : stack.checks.sumMismatch;
    if (mismatch) {
      notes.push(mismatch);
    }
  }

  const primary = lines.usage ?? lines.workingSet;
  const restarts = mergeIndices([...aligned.takeovers, ...(primary ? dropsToZero(primary) : [])], 2);
  return { workload, times, stepMs: aligned.stepMs, layers, lines, derived, missing, restarts, notes };
}

/** A contradiction at this share of the known points or more is systematic, not a timing difference. */
export const PERSISTENT_SHARE = 0.9;

/**
 * The inputs contradict an identity: usage below the working set (working set = usage − inactive
 * file), or cache above usage (usage includes the cache). At a few points it is a timing difference;
 * at nearly every point it is not (series of another container or exporter), and then the note
 * replaces the "read at different instants" clamping notes of the layers it drives negative.
 */
function brokenIdentities(tallied: ContainerStack['checks']): { notes: Message[]; explains: Set<Layer> } {
  const notes: Message[] = [];
  const explains = new Set<Layer>();
  // An absent role reads NaN in the stack, so its check has no known point and no excess.
  const checks: Array<[string, Excess, Layer[]]> = [
    ['usageBelowWorkingSet', tallied.workingSetOverUsage, ['inactiveFile', 'kernel']],
    ['cacheAboveUsage', tallied.cacheOverUsage, ['kernel']],
  ];
  for (const [id, e, drivenNegative] of checks) {
    if (!e.points) {
      continue;
    }
    const { points, known, maxBytes } = e;
    if (points > 1 && points >= PERSISTENT_SHARE * known) {
      drivenNegative.forEach((layer) => explains.add(layer));
      notes.push({ id: `decompose.note.${id}Persistent`, params: { points, known, maxBytes } });
    } else {
      notes.push({ id: `decompose.note.${id}`, params: { points, maxBytes } });
    }
  }
  return { notes, explains };
}

function missingNotes(missing: Layer[], v: Partial<Record<Role, Float64Array>>): Message[] {
  const notes: Message[] = [];
  if (!hasValues(v.usage) && !hasValues(v.workingSet)) {
    notes.push({ id: 'decompose.note.noUsage' });
  }
  if (!missing.length) {
    return notes;
  }
  const absent = new Set<string>();
  for (const layer of missing) {
    for (const role of NEEDS[layer as ContainerLayer]) {
      if (!hasValues(v[role]) && METRIC_FOR_ROLE[role]) {
        absent.add(METRIC_FOR_ROLE[role]!);
      }
    }
  }
  notes.push(layersMissingNote(missing, [...absent]));
  return notes;
}

function containerLines(
  v: Partial<Record<Role, Float64Array>>,
  inactiveFile: Float64Array,
  n: number,
  notes: Message[]
): Partial<Record<LineKey, Float64Array>> {
  const lines: Partial<Record<LineKey, Float64Array>> = {};
  if (v.workingSet) {
    lines.workingSet = v.workingSet;
  } else if (v.usage && v.inactiveFile) {
    // Without the metric, cAdvisor's own formula from the direct inactive list.
    const ws = float64Array(n);
    for (let i = 0; i < n; i++) {
      ws[i] = Math.max(0, v.usage[i] - inactiveFile[i]);
    }
    lines.workingSet = ws;
  }
  if (v.usage) {
    lines.usage = v.usage;
  }
  if (v.limit) {
    const isUnlimited = (x: number) => x === 0 || x >= UNLIMITED_BYTES;
    let unlimited = 0;
    for (let i = 0; i < n; i++) {
      if (isUnlimited(v.limit[i])) {
        unlimited++;
      }
    }
    // Copied only to blank the unlimited points: the aligned limit may be the input series' own array.
    const limit = unlimited ? copyOf(v.limit) : v.limit;
    for (let i = 0; unlimited && i < n; i++) {
      if (isUnlimited(limit[i])) {
        limit[i] = NaN;
      }
    }
    if (unlimited) {
      notes.push({ id: 'decompose.note.unlimited', params: { points: unlimited } });
    }
    lines.limit = limit;
  }
  if (v.request) {
    lines.request = v.request;
  }
  return lines;
}
