import { arr, baseFrames, consistent, consistentWithShmem, k8s, noteIds, one } from './__testing__/decompose';
import { frames, grid, MiB, raw, STEP, T0 } from './__testing__/frames';

describe('decompose (container): the stack', () => {
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
    const c = consistentWithShmem(10);
    const { shmem, cache, usage, ws } = c;
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
    const c = consistentWithShmem(10);
    const { shmem, cache, usage, ws } = c;
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
