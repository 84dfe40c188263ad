/**
 * When does it hurt? A container's non-reclaimable memory projected to its limit (an OOM kill);
 * a node's working set projected to the kubelet's eviction threshold, which counts active file
 * cache (kubernetes#43916). Reclaimable cache is never projected to an OOM.
 */
import type { Decomposition, Message, ProjectionResult, TrendResult } from '../types';
import type { LevelTrend } from './trend';

/** The kubelet's default hard eviction signal for memory. */
export const DEFAULT_EVICTION_THRESHOLD = 'memory.available<100Mi';

const QUANTITY: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/**
 * The eviction threshold in bytes for a node of `memTotal` bytes, from the kubelet's syntax:
 * `memory.available<100Mi` or `memory.available<10%`. Undefined when it cannot be read.
 */
export function evictionThresholdBytes(threshold: string, memTotal: number): number | undefined {
  const m = /^\s*memory\.available\s*<\s*([0-9]*\.?[0-9]+)\s*(%|Ki|Mi|Gi|Ti|k|K|M|G|T)?\s*$/.exec(threshold);
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  return m[2] === '%' ? (n / 100) * memTotal : n * QUANTITY[m[2] ?? ''];
}

function lastFinite(a: Float64Array | undefined): number {
  if (!a) {
    return NaN;
  }
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i] === a[i]) {
      return a[i];
    }
  }
  return NaN;
}

function none(
  reason: Message,
  target: ProjectionResult['target'] = null,
  targetBytes: number | null = null
): ProjectionResult {
  return { etaSeconds: null, target, targetBytes, reason, fromMs: NaN, fromBytes: NaN, bytesPerMs: 0 };
}

function project(level: LevelTrend, target: 'limit' | 'eviction', targetBytes: number): ProjectionResult {
  const etaMs = level.levelNow >= targetBytes ? 0 : (targetBytes - level.levelNow) / level.bytesPerMs;
  return {
    etaSeconds: etaMs / 1000,
    target,
    targetBytes,
    reason: null,
    fromMs: level.endMs,
    fromBytes: level.levelNow,
    bytesPerMs: level.bytesPerMs,
  };
}

export interface ProjectionInput {
  d: Decomposition;
  trend: TrendResult;
  /** The non-reclaimable level's trend (containers). */
  level?: LevelTrend;
  /** The node working set's trend (nodes). */
  nodeLevel?: LevelTrend;
  /** Detect saw working-set growth. */
  grew: boolean;
  evictionThreshold: string;
}

export function assessProjection(p: ProjectionInput): ProjectionResult {
  const { d } = p;
  if (d.workload.kind === 'node') {
    const total = lastFinite(d.lines.memTotal);
    if (total !== total) {
      return none({ id: 'projection.noMemTotal' }, 'eviction');
    }
    const threshold = evictionThresholdBytes(p.evictionThreshold, total);
    if (threshold === undefined) {
      return none({ id: 'projection.badThreshold', params: { threshold: p.evictionThreshold } }, 'eviction');
    }
    const targetBytes = total - threshold;
    if (!p.grew || !p.nodeLevel?.rising) {
      return none({ id: 'projection.nodeNotGrowing' }, 'eviction', targetBytes);
    }
    const ws = lastFinite(d.lines.workingSet);
    const active = lastFinite(d.layers.activeFile);
    return {
      ...project(p.nodeLevel, 'eviction', targetBytes),
      ...(ws > 0 && active === active ? { activeFileShare: active / ws } : {}),
    };
  }
  const limit = lastFinite(d.lines.limit);
  if (limit !== limit) {
    return none({ id: 'projection.noLimit' });
  }
  if (p.trend.state !== 'growing' || !p.level) {
    // Growth of the working set that is all cache is not on its way to an OOM kill.
    const id = p.grew ? 'projection.onlyReclaimableGrows' : 'projection.notGrowing';
    return none({ id }, 'limit', limit);
  }
  return project(p.level, 'limit', limit);
}
