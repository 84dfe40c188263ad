/**
 * A node's memory from node_exporter's /proc/meminfo fields (DOMAIN.md):
 *   used = MemTotal − MemFree (the usage line), stacked as
 *   anon = AnonPages, kernel = Slab + KernelStack + PageTables + Percpu, activeFile = Active_file,
 *   shmem = Shmem, other = used − the rest (vmalloc, drivers, hugetlb pool), inactiveFile = Inactive_file;
 *   workingSet = used − Inactive_file, the node's analogue of a container's working set.
 */
import { alignWorkload } from './align';
import { copyOf } from './arena';
import { clampNegative, hasValues, layersMissingNote, nanArray, sumMismatch, unknownValues } from './layerMath';
import {
  type Decomposition,
  type Layer,
  type LineKey,
  type Message,
  NODE_LAYERS,
  type NodeRole,
  type Workload,
} from './types';

/** Parts of the kernel layer that old kernels or exporters may lack; Slab is required. */
const OPTIONAL_KERNEL_PARTS: NodeRole[] = ['kernelStack', 'pageTables', 'percpu'];
const KERNEL_PART_METRIC: Partial<Record<NodeRole, string>> = {
  kernelStack: 'node_memory_KernelStack_bytes',
  pageTables: 'node_memory_PageTables_bytes',
  percpu: 'node_memory_Percpu_bytes',
};

const METRIC_FOR_NODE_ROLE: Partial<Record<NodeRole, string>> = {
  memTotal: 'node_memory_MemTotal_bytes',
  memFree: 'node_memory_MemFree_bytes',
  anon: 'node_memory_AnonPages_bytes',
  shmem: 'node_memory_Shmem_bytes',
  activeFile: 'node_memory_Active_file_bytes',
  inactiveFile: 'node_memory_Inactive_file_bytes',
  slab: 'node_memory_Slab_bytes',
};

/** The roles whose aligned values the decomposition keeps as they are (lines); the layers are copies. */
const KEPT_ROLES: ReadonlySet<NodeRole> = new Set<NodeRole>(['memAvailable', 'memTotal']);

export function decomposeNode(workload: Workload): Decomposition {
  const aligned = alignWorkload(workload, KEPT_ROLES);
  const { times, values: v } = aligned;
  const n = times.length;
  const notes: Message[] = [...aligned.notes];
  const get = (r: NodeRole) => v[r] ?? unknownValues(n);

  const total = get('memTotal');
  const free = get('memFree');
  const used = nanArray(n);
  for (let i = 0; i < n; i++) {
    used[i] = total[i] - free[i];
  }

  const absentParts = OPTIONAL_KERNEL_PARTS.filter((r) => !hasValues(v[r]));
  const slab = get('slab');
  const kernel = nanArray(n);
  if (hasValues(v.slab)) {
    const parts = OPTIONAL_KERNEL_PARTS.filter((r) => hasValues(v[r])).map((r) => v[r]!);
    for (let i = 0; i < n; i++) {
      let k = slab[i];
      for (const p of parts) {
        k += p[i];
      }
      kernel[i] = k;
    }
    if (absentParts.length) {
      notes.push({
        id: 'decompose.note.kernelPartsMissing',
        params: { parts: absentParts.map((r) => KERNEL_PART_METRIC[r] ?? r).join(', ') },
      });
    }
  }

  const direct: Partial<Record<Layer, Float64Array>> = {
    anon: copyOf(get('anon')),
    kernel,
    activeFile: copyOf(get('activeFile')),
    shmem: copyOf(get('shmem')),
    inactiveFile: copyOf(get('inactiveFile')),
  };
  for (const layer of ['anon', 'kernel', 'activeFile', 'shmem', 'inactiveFile'] as const) {
    const c = clampNegative(layer, direct[layer]!);
    if (c) {
      notes.push(c);
    }
  }

  const layers: Partial<Record<Layer, Float64Array>> = {};
  const missing: Layer[] = [];
  for (const layer of ['anon', 'kernel', 'activeFile', 'shmem', 'inactiveFile'] as const) {
    if (hasValues(direct[layer])) {
      layers[layer] = direct[layer];
    } else {
      missing.push(layer);
    }
  }

  // `other` closes the stack to `used`; it needs every other layer, else it would absorb the unknown ones.
  const derived: Layer[] = layers.kernel ? ['kernel'] : [];
  if (hasValues(used) && !missing.length) {
    const other = nanArray(n);
    for (let i = 0; i < n; i++) {
      other[i] =
        used[i] -
        layers.anon![i] -
        layers.kernel![i] -
        layers.activeFile![i] -
        layers.shmem![i] -
        layers.inactiveFile![i];
    }
    const c = clampNegative('other', other);
    if (c) {
      notes.push(c);
    }
    layers.other = other;
    derived.push('other');
  } else {
    missing.push('other');
  }
  const orderedMissing = NODE_LAYERS.filter((l) => missing.includes(l));
  if (orderedMissing.length) {
    const metrics = (Object.keys(METRIC_FOR_NODE_ROLE) as NodeRole[])
      .filter((r) => !hasValues(v[r]))
      .map((r) => METRIC_FOR_NODE_ROLE[r]);
    notes.push(layersMissingNote(orderedMissing, metrics as string[]));
  }

  const lines: Partial<Record<LineKey, Float64Array>> = {};
  if (hasValues(used)) {
    lines.usage = used;
    if (layers.inactiveFile) {
      const ws = nanArray(n);
      for (let i = 0; i < n; i++) {
        ws[i] = Math.max(0, used[i] - layers.inactiveFile[i]);
      }
      lines.workingSet = ws;
    }
    if (layers.other) {
      const stack = NODE_LAYERS.map((l) => layers[l]!);
      const mismatch = sumMismatch(stack, used);
      if (mismatch) {
        notes.push(mismatch);
      }
    }
  } else {
    notes.push({ id: 'decompose.note.noNodeUsed' });
  }
  if (v.memAvailable) {
    lines.memAvailable = v.memAvailable;
  }
  if (v.memTotal) {
    lines.memTotal = v.memTotal;
  }

  return {
    workload,
    times,
    stepMs: aligned.stepMs,
    layers,
    lines,
    derived,
    missing: orderedMissing,
    // alignWorkload has merged its takeovers already.
    restarts: aligned.takeovers,
    notes,
  };
}
