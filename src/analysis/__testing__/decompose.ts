/** A Kubernetes container and consistent cAdvisor series for the decompose tests. */
import { frames, MiB, raw } from './frames';
import { decompose } from '../decompose';
import { ingest } from '../ingest';
import type { Decomposition, Labels } from '../types';

export const k8s: Labels = {
  namespace: 'shop',
  pod: 'api-0',
  container: 'api',
  id: '/kubepods/pod1/c1',
  image: 'acme/api:1',
};

/** ingest + decompose of frames that must form exactly one workload. */
export function one(input: ReturnType<typeof frames>): Decomposition {
  const r = ingest(input);
  expect(r.workloads).toHaveLength(1);
  return decompose(r.workloads[0]);
}

export const arr = (a: Float64Array | undefined) => Array.from(a ?? []);
export const noteIds = (d: Decomposition) => d.notes.map((n) => n.id);

/** A consistent container: layers chosen, metrics computed from them as cAdvisor would. */
export function consistent(n: number) {
  const rss = Array.from({ length: n }, (_, i) => 100 * MiB + i * 3 * MiB);
  const kernel = Array.from({ length: n }, (_, i) => 5 * MiB + (i % 3) * 4096);
  const active = Array.from({ length: n }, (_, i) => 20 * MiB + i * MiB);
  const inactive = Array.from({ length: n }, (_, i) => 40 * MiB + i * 2 * MiB);
  const usage = rss.map((r, i) => r + kernel[i] + active[i] + inactive[i]);
  const ws = usage.map((u, i) => u - inactive[i]);
  const cache = active.map((a, i) => a + inactive[i]);
  return { rss, kernel, active, inactive, usage, ws, cache };
}

/** The consistent container plus a growing shmem (tmpfs) inside its cache, usage and working set. */
export function consistentWithShmem(n: number) {
  const c = consistent(n);
  const shmem = c.rss.map((_, i) => 8 * MiB + i * 4096);
  const cache = c.cache.map((x, i) => x + shmem[i]);
  const usage = c.usage.map((u, i) => u + shmem[i]);
  const ws = usage.map((u, i) => u - c.inactive[i]);
  return { ...c, shmem, cache, usage, ws };
}

export function baseFrames(c: ReturnType<typeof consistent>, labels = k8s) {
  return [
    raw('container_memory_usage_bytes', labels, c.usage),
    raw('container_memory_working_set_bytes', labels, c.ws),
    raw('container_memory_rss', labels, c.rss),
    raw('container_memory_cache', labels, c.cache),
  ];
}
