import { frames, grid, MiB, raw, STEP, T0 } from './__testing__/frames';
import { decompose } from './decompose';
import { ingest } from './ingest';
import type { Decomposition, Labels } from './types';

const k8s: Labels = { namespace: 'shop', pod: 'api-0', container: 'api', id: '/kubepods/pod1/c1', image: 'acme/api:1' };

/** ingest + decompose of frames that must form exactly one workload. */
function one(input: ReturnType<typeof frames>): Decomposition {
  const r = ingest(input);
  expect(r.workloads).toHaveLength(1);
  return decompose(r.workloads[0]);
}

const arr = (a: Float64Array | undefined) => Array.from(a ?? []);
const noteIds = (d: Decomposition) => d.notes.map((n) => n.id);

/** A consistent container: layers chosen, metrics computed from them as cAdvisor would. */
function consistent(n: number) {
  const rss = Array.from({ length: n }, (_, i) => 100 * MiB + i * 3 * MiB);
  const kernel = Array.from({ length: n }, (_, i) => 5 * MiB + (i % 3) * 4096);
  const active = Array.from({ length: n }, (_, i) => 20 * MiB + i * MiB);
  const inactive = Array.from({ length: n }, (_, i) => 40 * MiB + i * 2 * MiB);
  const usage = rss.map((r, i) => r + kernel[i] + active[i] + inactive[i]);
  const ws = usage.map((u, i) => u - inactive[i]);
  const cache = active.map((a, i) => a + inactive[i]);
  return { rss, kernel, active, inactive, usage, ws, cache };
}

function baseFrames(c: ReturnType<typeof consistent>, labels = k8s) {
  return [
    raw('container_memory_usage_bytes', labels, c.usage),
    raw('container_memory_working_set_bytes', labels, c.ws),
    raw('container_memory_rss', labels, c.rss),
    raw('container_memory_cache', labels, c.cache),
  ];
}

describe('decompose (container)', () => {
  it('derives the stack from usage, workingSet, rss and cache: it sums to usage and to the working set', () => {
    const c = consistent(20);
    const d = one(frames(...baseFrames(c)));
    expect(arr(d.times)).toEqual(grid(20));
    expect(d.stepMs).toBe(STEP);
    expect(arr(d.layers.rss)).toEqual(c.rss);
    expect(arr(d.layers.kernel)).toEqual(c.kernel);
    expect(arr(d.layers.activeFile)).toEqual(c.active);
    expect(arr(d.layers.inactiveFile)).toEqual(c.inactive);
    expect(d.layers.shmem).toBeUndefined();
    expect(d.derived).toEqual(['kernel', 'activeFile', 'inactiveFile']);
    expect(d.missing).toEqual([]);
    expect(d.restarts).toEqual([]);
    expect(noteIds(d)).toEqual(['decompose.note.shmemInActiveFile']);
    for (let i = 0; i < 20; i++) {
      const L = d.layers;
      expect(
        Math.abs(L.rss![i] + L.kernel![i] + L.activeFile![i] + L.inactiveFile![i] - d.lines.usage![i])
      ).toBeLessThanOrEqual(1);
      expect(Math.abs(L.rss![i] + L.kernel![i] + L.activeFile![i] - d.lines.workingSet![i])).toBeLessThanOrEqual(1);
    }
  });

  it('uses the direct LRU lists and splits shmem out of the cache', () => {
    const c = consistent(10);
    const shmem = c.rss.map((_, i) => 8 * MiB + i * 4096);
    const cache = c.cache.map((x, i) => x + shmem[i]);
    const usage = c.usage.map((u, i) => u + shmem[i]);
    const ws = usage.map((u, i) => u - c.inactive[i]);
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, usage),
        raw('container_memory_working_set_bytes', k8s, ws),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, cache),
        raw('container_memory_total_active_file_bytes', k8s, c.active),
        raw('container_memory_total_inactive_file_bytes', k8s, c.inactive)
      )
    );
    expect(arr(d.layers.shmem)).toEqual(shmem);
    expect(arr(d.layers.activeFile)).toEqual(c.active);
    expect(arr(d.layers.kernel)).toEqual(c.kernel);
    expect(d.derived).toEqual(['kernel', 'shmem']);
    expect(noteIds(d)).toEqual([]);
    const L = d.layers;
    for (let i = 0; i < 10; i++) {
      expect(L.rss![i] + L.kernel![i] + L.activeFile![i] + L.shmem![i] + L.inactiveFile![i]).toBe(usage[i]);
      expect(L.rss![i] + L.kernel![i] + L.activeFile![i] + L.shmem![i]).toBe(ws[i]);
    }
  });

  it('with the direct active list but no inactive list, splits shmem off the derived inactive list: the stack sums to usage', () => {
    const c = consistent(10);
    const shmem = c.rss.map((_, i) => 8 * MiB + i * 4096);
    const cache = c.cache.map((x, i) => x + shmem[i]);
    const usage = c.usage.map((u, i) => u + shmem[i]);
    const ws = usage.map((u, i) => u - c.inactive[i]);
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, usage),
        raw('container_memory_working_set_bytes', k8s, ws),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, cache),
        raw('container_memory_total_active_file_bytes', k8s, c.active)
      )
    );
    expect(arr(d.layers.activeFile)).toEqual(c.active);
    expect(arr(d.layers.inactiveFile)).toEqual(c.inactive);
    expect(arr(d.layers.shmem)).toEqual(shmem);
    expect(d.derived).toEqual(['kernel', 'shmem', 'inactiveFile']);
    expect(noteIds(d)).toEqual([]);
    const L = d.layers;
    for (let i = 0; i < 10; i++) {
      expect(L.rss![i] + L.kernel![i] + L.activeFile![i] + L.shmem![i] + L.inactiveFile![i]).toBe(usage[i]);
    }
  });

  it('prefers a derivation from fresh inputs to a direct metric carried over its own gap', () => {
    const c = consistent(6);
    const times = grid(6);
    const gappy = (name: string, values: number[]) => ({
      refId: 'B',
      labels: { __name__: name, ...k8s },
      times: times.filter((_, i) => i !== 3),
      values: values.filter((_, i) => i !== 3),
      stepMs: STEP,
    });
    const d = one(
      frames(
        ...baseFrames(c),
        gappy('container_memory_total_inactive_file_bytes', c.inactive),
        gappy('container_memory_total_active_file_bytes', c.active)
      )
    );
    expect(arr(d.layers.inactiveFile)).toEqual(c.inactive);
    expect(arr(d.layers.activeFile)).toEqual(c.active);
    expect(d.layers.shmem![3]).toBeNaN();
    expect(d.derived).toEqual(['kernel', 'activeFile', 'shmem', 'inactiveFile']);
  });

  it('cgroup v1: takes kernel_usage directly; cgroup v2 (always 0): derives it and says so', () => {
    const c = consistent(6);
    const v1 = one(frames(...baseFrames(c), raw('container_memory_kernel_usage', k8s, c.kernel)));
    expect(arr(v1.layers.kernel)).toEqual(c.kernel);
    expect(v1.derived).toEqual(['activeFile', 'inactiveFile']);
    const v2 = one(frames(...baseFrames(c), raw('container_memory_kernel_usage', k8s, new Array(6).fill(0))));
    expect(arr(v2.layers.kernel)).toEqual(c.kernel);
    expect(v2.derived).toContain('kernel');
    expect(noteIds(v2)).toContain('decompose.note.kernelUsageZero');
  });

  it('clamps negative remainders at 0 and notes the largest amount and the points', () => {
    const c = consistent(8);
    const ws = c.ws.slice();
    ws[2] = c.usage[2] + 3 * MiB; // working set read after usage grew
    const cache = c.cache.slice();
    cache[5] = c.usage[5] - c.rss[5] + 2 * MiB; // cache > usage − rss: kernel −2 MiB
    cache[6] = c.usage[6] - c.rss[6] + 1 * MiB;
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, c.usage),
        raw('container_memory_working_set_bytes', k8s, ws),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, cache)
      )
    );
    for (const layer of Object.values(d.layers)) {
      expect(Array.from(layer!).every((v) => v >= 0)).toBe(true);
    }
    expect(d.layers.inactiveFile![2]).toBe(0);
    expect(d.layers.kernel![5]).toBe(0);
    expect(d.notes).toContainEqual({
      id: 'decompose.note.clamped',
      params: { layer: 'inactiveFile', maxBytes: 3 * MiB, points: 1 },
    });
    expect(d.notes).toContainEqual({
      id: 'decompose.note.clamped',
      params: { layer: 'kernel', maxBytes: 2 * MiB, points: 2 },
    });
    expect(d.notes).toContainEqual({ id: 'decompose.note.sumMismatch', params: { maxBytes: 2 * MiB, points: 2 } });
    // Where inputs agree, the stack still sums to usage.
    const L = d.layers;
    expect(L.rss![0] + L.kernel![0] + L.activeFile![0] + L.inactiveFile![0]).toBe(c.usage[0]);
    expect(L.rss![2] + L.kernel![2] + L.activeFile![2] + L.inactiveFile![2]).toBe(c.usage[2]);
    // Usage below the working set at one point of eight: a timing difference, said as such.
    expect(d.notes).toContainEqual({
      id: 'decompose.note.usageBelowWorkingSet',
      params: { points: 1, maxBytes: 3 * MiB },
    });
    expect(noteIds(d)).not.toContain('decompose.note.usageBelowWorkingSetPersistent');
    expect(noteIds(d).filter((id) => id.startsWith('decompose.note.cacheAbove'))).toEqual([]);
  });

  it('clamps a 1-byte negative remainder (rounding) without a note', () => {
    const c = consistent(4);
    const cache = c.cache.map((x, i) => (i === 1 ? c.usage[i] - c.rss[i] + 1 : x));
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, c.usage),
        raw('container_memory_working_set_bytes', k8s, c.ws),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, cache)
      )
    );
    expect(d.layers.kernel![1]).toBe(0);
    expect(noteIds(d)).not.toContain('decompose.note.clamped');
  });

  it('usage below the working set at (nearly) every point: one specific note, not "read at different instants"', () => {
    const c = consistent(10);
    const usage = c.usage.map((u, i) => (i === 4 ? u : c.ws[i] - 10 * MiB - i));
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, usage),
        raw('container_memory_working_set_bytes', k8s, c.ws),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, c.cache)
      )
    );
    expect(d.notes).toContainEqual({
      id: 'decompose.note.usageBelowWorkingSetPersistent',
      params: { points: 9, known: 10, maxBytes: 10 * MiB + 9 },
    });
    expect(noteIds(d)).not.toContain('decompose.note.clamped');
    expect(noteIds(d)).not.toContain('decompose.note.usageBelowWorkingSet');
    expect(noteIds(d)).toContain('decompose.note.sumMismatch');
    for (const layer of Object.values(d.layers)) {
      expect(Array.from(layer!).every((v) => v >= 0)).toBe(true);
    }
  });

  it('cache above usage at every point: a specific note that replaces the kernel clamping note', () => {
    const c = consistent(6);
    const cache = c.usage.map((u, i) => u + 50 * MiB + i * MiB);
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, c.usage),
        raw('container_memory_working_set_bytes', k8s, c.ws),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, cache)
      )
    );
    expect(d.notes).toContainEqual({
      id: 'decompose.note.cacheAboveUsagePersistent',
      params: { points: 6, known: 6, maxBytes: 55 * MiB },
    });
    expect(d.notes.filter((n) => n.id === 'decompose.note.clamped').map((n) => n.params!.layer)).not.toContain(
      'kernel'
    );
    expect(arr(d.layers.kernel)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('usage above the limit: says at how many points and by how much', () => {
    const c = consistent(4);
    const limit = [c.usage[0] + MiB, c.usage[1] - 2 * MiB, c.usage[2] - 5 * MiB, 0];
    const d = one(frames(...baseFrames(c), raw('container_spec_memory_limit_bytes', k8s, limit)));
    expect(d.notes).toContainEqual({ id: 'decompose.note.usageAboveLimit', params: { points: 2, maxBytes: 5 * MiB } });
    const fits = one(frames(...baseFrames(c), raw('container_spec_memory_limit_bytes', k8s, c.usage)));
    expect(noteIds(fits)).not.toContain('decompose.note.usageAboveLimit');
  });

  it('aligns misaligned timestamps and different steps on the finest grid', () => {
    const n = 12;
    const usage = Array.from({ length: n }, (_, i) => 100 * MiB + i * MiB);
    // Working set from another query: 30 s step, timestamps 5 s earlier.
    const wsTimes = Array.from({ length: n / 2 }, (_, i) => T0 - 5000 + i * 30_000);
    const d = one(
      frames(raw('container_memory_usage_bytes', k8s, usage), {
        refId: 'B',
        labels: { __name__: 'container_memory_working_set_bytes', ...k8s },
        times: wsTimes,
        values: wsTimes.map((_, i) => 50 * MiB + i * MiB),
        stepMs: 30_000,
      })
    );
    expect(d.stepMs).toBe(STEP);
    expect(arr(d.times)).toEqual(grid(n));
    expect(arr(d.lines.workingSet)).toEqual([50, 50, 51, 51, 52, 52, 53, 53, 54, 54, 55, 55].map((x) => x * MiB));
    expect(arr(d.layers.inactiveFile).slice(0, 3)).toEqual([50 * MiB, 51 * MiB, 51 * MiB]);
  });

  it('leaves a gap longer than two steps as NaN', () => {
    const times = [...grid(5), ...grid(5, STEP, T0 + 10 * STEP)];
    const d = one(
      frames({
        refId: 'A',
        labels: { __name__: 'container_memory_usage_bytes', ...k8s },
        times,
        values: times.map(() => 10 * MiB),
        stepMs: STEP,
      })
    );
    expect(arr(d.lines.usage).map((v) => (Number.isNaN(v) ? 'gap' : v / MiB))).toEqual([
      10,
      10,
      10,
      10,
      10,
      10,
      10,
      'gap',
      'gap',
      'gap',
      10,
      10,
      10,
      10,
      10,
    ]);
  });

  it('follows a restart to the new series without double counting, and names the lingering duplicate', () => {
    const old = { ...k8s, id: '/kubepods/pod1/c1' };
    const fresh = { ...k8s, id: '/kubepods/pod1/c2' };
    // The old series lingers flat for 5 points after the new container starts at index 10.
    const oldWs = Array.from({ length: 15 }, (_, i) => (i < 10 ? 200 + i : 209) * MiB);
    const newWs = Array.from({ length: 10 }, (_, i) => (20 + i) * MiB);
    const d = one(
      frames(raw('container_memory_working_set_bytes', old, oldWs), {
        refId: 'A',
        labels: { __name__: 'container_memory_working_set_bytes', ...fresh },
        times: grid(10, STEP, T0 + 10 * STEP),
        values: newWs,
        stepMs: STEP,
      })
    );
    expect(d.restarts).toEqual([10]);
    expect(arr(d.lines.workingSet)).toEqual([...oldWs.slice(0, 10), ...newWs]);
    const dup = d.notes.find((n) => n.id === 'decompose.note.duplicates');
    expect(dup?.params).toMatchObject({ role: 'workingSet', count: 2 });
    expect(String(dup?.params?.series)).toContain('c2');
  });

  it('marks a drop of usage to near zero as a restart', () => {
    const usage = [100, 110, 120, 3, 10, 40, 60].map((x) => x * MiB);
    const d = one(frames(raw('container_memory_usage_bytes', k8s, usage)));
    expect(d.restarts).toEqual([3]);
    const small = one(
      frames(
        raw(
          'container_memory_usage_bytes',
          k8s,
          [100, 110, 20, 30].map((x) => x * MiB)
        )
      )
    );
    expect(small.restarts).toEqual([]);
  });

  it('does not count a /metrics/resource twin as a restart', () => {
    const cadvisor = raw(
      'container_memory_working_set_bytes',
      { ...k8s, metrics_path: '/metrics/cadvisor' },
      new Array(8).fill(64 * MiB)
    );
    const resource = raw(
      'container_memory_working_set_bytes',
      { namespace: 'shop', pod: 'api-0', container: 'api', metrics_path: '/metrics/resource' },
      new Array(8).fill(64 * MiB + 4096)
    );
    const d = one(frames(cadvisor, resource));
    expect(d.restarts).toEqual([]);
    expect(noteIds(d)).toContain('decompose.note.duplicates');
    expect(arr(d.lines.workingSet).every((v) => v === 64 * MiB + 4096)).toBe(true);
  });

  it('draws no limit where it is 0 (unlimited), and says so', () => {
    const d = one(
      frames(
        raw(
          'container_memory_usage_bytes',
          k8s,
          [1, 2, 3, 4].map((x) => x * MiB)
        ),
        raw('container_spec_memory_limit_bytes', k8s, [0, 0, 512 * MiB, 2 ** 63 - 4096])
      )
    );
    expect(arr(d.lines.limit)).toEqual([NaN, NaN, 512 * MiB, NaN]);
    expect(d.notes).toContainEqual({ id: 'decompose.note.unlimited', params: { points: 3 } });
  });

  it('with only a working set, every layer is missing and the note names the metrics to add', () => {
    const d = one(
      frames(
        raw(
          'container_memory_working_set_bytes',
          k8s,
          [1, 2, 3].map((x) => x * MiB)
        )
      )
    );
    expect(d.layers).toEqual({});
    expect(d.missing).toEqual(['rss', 'kernel', 'activeFile', 'shmem', 'inactiveFile']);
    expect(d.notes).toContainEqual({
      id: 'decompose.note.layersMissing',
      params: {
        layers: 'rss, kernel, activeFile, shmem, inactiveFile',
        metrics: 'container_memory_rss, container_memory_usage_bytes, container_memory_cache',
      },
    });
    expect(arr(d.lines.workingSet)).toEqual([1, 2, 3].map((x) => x * MiB));
  });

  it('names the layers that stay unknown when the inputs never meet in time', () => {
    const c = consistent(4);
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, c.usage),
        raw('container_memory_rss', k8s, c.rss),
        raw('container_memory_cache', k8s, c.cache),
        {
          refId: 'B',
          labels: { __name__: 'container_memory_working_set_bytes', ...k8s },
          times: grid(4, STEP, T0 + 20 * STEP),
          values: c.ws,
          stepMs: STEP,
        }
      )
    );
    expect(d.missing).toEqual(['activeFile', 'shmem', 'inactiveFile']);
    expect(d.notes).toContainEqual({
      id: 'decompose.note.layersUnknown',
      params: { layers: 'activeFile, shmem, inactiveFile' },
    });
    expect(arr(d.layers.kernel).slice(0, 4)).toEqual(c.kernel);
  });

  it('keeps a workload that has only a limit, noting that usage is missing', () => {
    const d = one(
      frames(
        raw(
          'kube_pod_container_resource_limits',
          { namespace: 'shop', pod: 'api-0', container: 'api', resource: 'memory', unit: 'byte' },
          [1e9, 1e9]
        )
      )
    );
    expect(d.times.length).toBe(2);
    expect(noteIds(d)).toContain('decompose.note.noUsage');
    expect(arr(d.lines.limit)).toEqual([1e9, 1e9]);
  });

  it('drops the leading samples taken before the container started', () => {
    const c = consistent(6);
    const pad = (a: number[]) => [0, 0, 0, ...a];
    const d = one(
      frames(
        raw('container_memory_usage_bytes', k8s, pad(c.usage)),
        raw('container_memory_working_set_bytes', k8s, pad(c.ws)),
        raw('container_memory_rss', k8s, pad(c.rss)),
        raw('container_memory_cache', k8s, pad(c.cache))
      )
    );
    expect(d.times[0]).toBe(T0 + 3 * STEP);
    expect(arr(d.layers.rss)).toEqual(c.rss);
    expect(d.notes.some((n) => n.id === 'decompose.note.clamped')).toBe(false);
  });

  it('takes a frame of 10⁶ points', () => {
    const n = 1_000_000;
    const times = new Float64Array(n);
    const usage = new Float64Array(n);
    const ws = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = T0 + i * 1000;
      usage[i] = 200 * MiB + (i % 1000) * 4096;
      ws[i] = usage[i] - 50 * MiB;
    }
    const input = frames(
      { refId: 'A', labels: { __name__: 'container_memory_usage_bytes', ...k8s }, times, values: usage, stepMs: 1000 },
      {
        refId: 'B',
        labels: { __name__: 'container_memory_working_set_bytes', ...k8s },
        times,
        values: ws,
        stepMs: 1000,
      }
    );
    const d = one(input);
    expect(d.times.length).toBe(n);
    expect(d.layers.inactiveFile![n - 1]).toBe(50 * MiB);
    expect(d.layers.inactiveFile).toBeInstanceOf(Float64Array);
  });
});
