/**
 * A node's kernel growth: how much of it is reclaimable slab (SReclaimable: dentries, inodes),
 * which the kernel frees under pressure as it frees cache. A node whose kernel layer grows by
 * reclaimable slab must not read as a kernel leak; where SReclaimable did not arrive, the texts
 * say the growth's reclaimability is unknown and which series would tell.
 */
import type { DetectedRegion } from '../detect';
import { rangeMean } from '../growth';
import type { Decomposition, SlabResult } from '../types';

/** A region whose kernel layer made less than this of its growth says nothing about slab. */
const KERNEL_SHARE_MIN = 0.25;
/** Each edge of a region is averaged over this fraction of its points, against noise. */
const EDGE_FRACTION = 0.05;

function edgeChange(values: ArrayLike<number>, from: number, to: number): number {
  const k = Math.max(1, Math.round((to - from) * EDGE_FRACTION));
  return rangeMean(values, to - k, to) - rangeMean(values, from, from + k);
}

/** Null when this is not a node, or its kernel layer did not grow. */
export function assessSlab(
  d: Decomposition,
  regions: readonly DetectedRegion[],
  slabReclaimable: Float64Array | undefined
): SlabResult | null {
  const kernel = d.layers.kernel;
  if (d.workload.kind !== 'node' || !kernel) {
    return null;
  }
  const { times } = d;
  let kernelGrowth = 0;
  let slabGrowth = 0;
  for (const r of regions) {
    if ((r.shares.kernel ?? 0) < KERNEL_SHARE_MIN) {
      continue;
    }
    let from = times.findIndex((t) => t >= r.fromMs);
    let to = times.findIndex((t) => t > r.toMs);
    from = Math.max(from, 0);
    to = to < 0 ? times.length : to;
    if (to - from < 2) {
      continue;
    }
    const dk = edgeChange(kernel, from, to);
    if (!(dk > 0)) {
      continue;
    }
    kernelGrowth += dk;
    if (slabReclaimable) {
      const ds = edgeChange(slabReclaimable, from, to);
      slabGrowth += Number.isFinite(ds) ? ds : 0;
    }
  }
  if (kernelGrowth <= 0) {
    return null;
  }
  return {
    kernelGrowthBytes: kernelGrowth,
    reclaimableShare: slabReclaimable ? Math.min(1, Math.max(0, slabGrowth / kernelGrowth)) : null,
  };
}
