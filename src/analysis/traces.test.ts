/**
 * The decomposition on real cgroup v1 traces (tests/fixtures/cgroup-traces), re-stamped as scrapes
 * 15 s apart and sent through the wire format: the identities must hold on real kernel numbers.
 */
import { readTrace, STEP, T0, traceFrames, TRACE_METRICS } from './__testing__/frames';
import { decompose } from './decompose';
import { ingest } from './ingest';
import type { Decomposition } from './types';

const TRACES = ['filecache', 'smallappend', 'rereader', 'sentinel', 'leak', 'mixed'];
const labels = { namespace: 'demo', pod: 'w-0', container: 'w', id: '/kubepods/pod/w', image: 'demo:1' };
const BASE = [
  'container_memory_usage_bytes',
  'container_memory_working_set_bytes',
  'container_memory_rss',
  'container_memory_cache',
];
const LRU = ['container_memory_total_active_file_bytes', 'container_memory_total_inactive_file_bytes'];

function run(
  name: string,
  metrics: string[]
): { d: Decomposition; leading: number; rows: ReturnType<typeof readTrace> } {
  const rows = readTrace(name);
  const input = traceFrames(rows, metrics, labels);
  const r = ingest(input);
  expect(r.ignored).toEqual([]);
  expect(r.workloads).toHaveLength(1);
  const leading = rows.findIndex((row) => row.usage > 0);
  return { d: decompose(r.workloads[0]), leading, rows };
}

describe.each(TRACES)('real trace %s', (name) => {
  it('from the four base metrics: layers sum to usage and rss + kernel + activeFile to the working set', () => {
    const { d, leading, rows } = run(name, BASE);
    expect(leading).toBeGreaterThan(0);
    expect(d.times[0]).toBe(T0 + leading * STEP);
    expect(d.times.length).toBe(rows.length - leading);
    // When the process ends its page cache stays charged, so usage only collapses where the process
    // held most of it (the leak): that end is a new lifetime, and the only one.
    if (name === 'leak') {
      expect(d.restarts).toHaveLength(1);
      const at = d.restarts[0] + leading;
      expect(rows[at - 1].rss).toBeGreaterThan(100 * 1024 * 1024);
      expect(rows[at].usage).toBeLessThan(0.05 * rows[at - 1].usage);
    } else {
      expect(d.restarts).toEqual([]);
    }
    const L = d.layers;
    let checked = 0;
    for (let i = 0; i < d.times.length; i++) {
      const row = rows[i + leading];
      expect(L.rss![i]).toBe(row.rss);
      expect(L.inactiveFile![i]).toBe(row.inactive_file);
      const clampedHere = row.usage - row.rss - row.cache < 0;
      if (clampedHere) {
        continue;
      }
      expect(L.rss![i] + L.kernel![i] + L.activeFile![i] + L.inactiveFile![i]).toBe(row.usage);
      expect(L.rss![i] + L.kernel![i] + L.activeFile![i]).toBe(row.working_set);
      checked++;
    }
    expect(checked).toBeGreaterThan(d.times.length * 0.8);
    for (const layer of Object.values(L)) {
      expect(Array.from(layer!).every((v) => v >= 0)).toBe(true);
    }
  });

  it("with the direct LRU lists: active file is the kernel's, shmem is split out, the sum holds", () => {
    const { d, leading, rows } = run(name, [...BASE, ...LRU]);
    const L = d.layers;
    expect(L.shmem).toBeDefined();
    for (let i = 0; i < d.times.length; i++) {
      const row = rows[i + leading];
      expect(L.activeFile![i]).toBe(row.active_file);
      expect(L.shmem![i]).toBe(Math.max(0, row.cache - row.active_file - row.inactive_file));
      if (row.usage - row.rss - row.cache >= 0) {
        expect(L.rss![i] + L.kernel![i] + L.activeFile![i] + L.shmem![i] + L.inactiveFile![i]).toBe(row.usage);
      }
    }
  });

  it('with kernel_usage (cgroup v1) the kernel layer is read directly and the remainder is reported', () => {
    const { d, leading, rows } = run(
      name,
      TRACE_METRICS.map(([m]) => m)
    );
    expect(d.derived).not.toContain('kernel');
    expect(Array.from(d.layers.kernel!)).toEqual(rows.slice(leading).map((r) => r.kmem));
    const mismatch = d.notes.find((n) => n.id === 'decompose.note.sumMismatch');
    const worst = Math.max(...rows.slice(leading).map((r) => Math.abs(r.usage - r.rss - r.cache - r.kmem)));
    expect(mismatch?.params?.maxBytes).toBe(worst);
  });
});
