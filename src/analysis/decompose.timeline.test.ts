import { arr, k8s, noteIds, one } from './__testing__/decompose';
import { frames, grid, MiB, raw, STEP, T0 } from './__testing__/frames';

describe('decompose (container): one time axis, gaps and restarts', () => {
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
});
