import { arr, baseFrames, consistent, k8s, noteIds, one } from './__testing__/decompose';
import { frames, MiB, raw } from './__testing__/frames';

describe('decompose (container): inputs that do not agree', () => {
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
});
