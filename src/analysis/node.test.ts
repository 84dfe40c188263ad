import { frames, raw } from './__testing__/frames';
import { decompose } from './decompose';
import { ingest } from './ingest';
import type { Decomposition, Labels } from './types';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
/** node_exporter labels as kube-prometheus scrapes them (its own pod labels included). */
const node: Labels = {
  instance: '10.0.0.7:9100',
  job: 'node-exporter',
  namespace: 'monitoring',
  pod: 'node-exporter-x2x',
  container: 'node-exporter',
};

function meminfo(n: number) {
  const total = new Array(n).fill(16 * GiB);
  const anon = Array.from({ length: n }, (_, i) => 4 * GiB + i * 64 * MiB);
  const shmem = new Array(n).fill(300 * MiB);
  const active = Array.from({ length: n }, (_, i) => 2 * GiB + i * MiB);
  const inactive = Array.from({ length: n }, (_, i) => 3 * GiB + i * 8 * MiB);
  const slab = new Array(n).fill(500 * MiB);
  const kstack = new Array(n).fill(20 * MiB);
  const ptables = new Array(n).fill(40 * MiB);
  const percpu = new Array(n).fill(10 * MiB);
  const other = new Array(n).fill(100 * MiB);
  const used = anon.map(
    (a, i) => a + shmem[i] + active[i] + inactive[i] + slab[i] + kstack[i] + ptables[i] + percpu[i] + other[i]
  );
  const free = used.map((u, i) => total[i] - u);
  const available = free.map((f, i) => f + inactive[i] + active[i] / 2);
  return { total, anon, shmem, active, inactive, slab, kstack, ptables, percpu, other, used, free, available };
}

function nodeFrames(m: ReturnType<typeof meminfo>, omit: string[] = []) {
  const all: Array<[string, number[]]> = [
    ['node_memory_MemTotal_bytes', m.total],
    ['node_memory_MemFree_bytes', m.free],
    ['node_memory_MemAvailable_bytes', m.available],
    ['node_memory_AnonPages_bytes', m.anon],
    ['node_memory_Shmem_bytes', m.shmem],
    ['node_memory_Active_file_bytes', m.active],
    ['node_memory_Inactive_file_bytes', m.inactive],
    ['node_memory_Slab_bytes', m.slab],
    ['node_memory_KernelStack_bytes', m.kstack],
    ['node_memory_PageTables_bytes', m.ptables],
    ['node_memory_Percpu_bytes', m.percpu],
    ['node_memory_Buffers_bytes', m.active.map(() => 50 * MiB)],
    ['node_memory_Cached_bytes', m.active.map((a, i) => a + m.inactive[i] + m.shmem[i] - 50 * MiB)],
  ];
  return frames(...all.filter(([name]) => !omit.includes(name)).map(([name, v]) => raw(name, node, v)));
}

function one(input: ReturnType<typeof frames>): Decomposition {
  const r = ingest(input);
  expect(r.ignored).toEqual([]);
  expect(r.workloads).toHaveLength(1);
  expect(r.workloads[0]).toMatchObject({ kind: 'node', title: '10.0.0.7:9100' });
  return decompose(r.workloads[0]);
}

const arr = (a: Float64Array | undefined) => Array.from(a ?? []);

describe('decompose (node)', () => {
  it('stacks /proc/meminfo to MemTotal − MemFree, with the working-set analogue and availability lines', () => {
    const m = meminfo(10);
    const d = one(nodeFrames(m));
    expect(arr(d.lines.usage)).toEqual(m.used);
    expect(arr(d.lines.workingSet)).toEqual(m.used.map((u, i) => u - m.inactive[i]));
    expect(arr(d.lines.memAvailable)).toEqual(m.available);
    expect(arr(d.lines.memTotal)).toEqual(m.total);
    expect(arr(d.layers.anon)).toEqual(m.anon);
    expect(arr(d.layers.kernel)).toEqual(m.slab.map((s, i) => s + m.kstack[i] + m.ptables[i] + m.percpu[i]));
    expect(arr(d.layers.other)).toEqual(m.other);
    expect(d.derived).toEqual(['kernel', 'other']);
    expect(d.missing).toEqual([]);
    expect(d.notes).toEqual([]);
    const L = d.layers;
    for (let i = 0; i < 10; i++) {
      const sum = L.anon![i] + L.kernel![i] + L.activeFile![i] + L.shmem![i] + L.other![i] + L.inactiveFile![i];
      expect(Math.abs(sum - m.used[i])).toBeLessThanOrEqual(1);
    }
  });

  it('clamps `other` at 0 when the parts exceed used, and notes it', () => {
    const m = meminfo(4);
    const anon = m.anon.slice();
    anon[1] += m.other[1] + 5 * MiB;
    const d = one(nodeFrames({ ...m, anon }));
    expect(d.layers.other![1]).toBe(0);
    expect(d.notes).toContainEqual({
      id: 'decompose.note.clamped',
      params: { layer: 'other', maxBytes: 5 * MiB, points: 1 },
    });
    expect(d.notes).toContainEqual({ id: 'decompose.note.sumMismatch', params: { maxBytes: 5 * MiB, points: 1 } });
  });

  it('counts the kernel without Percpu on old kernels, naming the missing part', () => {
    const m = meminfo(3);
    const d = one(nodeFrames(m, ['node_memory_Percpu_bytes']));
    expect(arr(d.layers.kernel)).toEqual(m.slab.map((s, i) => s + m.kstack[i] + m.ptables[i]));
    expect(d.notes).toContainEqual({
      id: 'decompose.note.kernelPartsMissing',
      params: { parts: 'node_memory_Percpu_bytes' },
    });
  });

  it('without MemFree there is no used line and no `other`; the missing metrics are named', () => {
    const m = meminfo(3);
    const d = one(nodeFrames(m, ['node_memory_MemFree_bytes', 'node_memory_Slab_bytes']));
    expect(d.lines.usage).toBeUndefined();
    expect(d.missing).toEqual(['kernel', 'other']);
    expect(d.notes).toContainEqual({
      id: 'decompose.note.layersMissing',
      params: { layers: 'kernel, other', metrics: 'node_memory_MemFree_bytes, node_memory_Slab_bytes' },
    });
    expect(d.notes).toContainEqual({ id: 'decompose.note.noNodeUsed' });
  });
});
