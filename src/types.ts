/**
 * The panel's options (what a dashboard's JSON stores under `options`). The analysis types live in
 * src/analysis/types.ts; these are only what the user sets in the panel editor.
 */
import type { OptionsWithLegend, OptionsWithTooltip } from '@grafana/schema';

import type { Layer, LineKey, Role } from './analysis/types';

/**
 * 'grid' draws one chart per workload; 'overview' one table row per workload; 'auto' picks from the
 * number of workloads (components/Overview: showsOverview).
 */
export const VIEW_MODES = ['auto', 'grid', 'overview'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export interface GrowthOptions {
  /** 'auto' (from the time range) or a Prometheus duration such as `6h`. */
  window: string;
  /** Bytes, or a size with a unit: `16MiB`, `20MB`. */
  minGrowth: string;
  /** Fraction of the working set's level, 0.05 = 5 %. */
  minGrowthRatio: number;
  /** The share that makes a kind "mostly", 0.5 = 50 %. */
  share: number;
}

export interface MemLensOptions extends OptionsWithLegend, OptionsWithTooltip {
  view: ViewMode;
  /** Labels that identify a workload; empty = MemLens's automatic rules. */
  groupBy: string[];
  /** Stacked layers to draw. */
  layers: Layer[];
  /** Lines to draw over the stack. */
  lines: LineKey[];
  /** refId → role, for queries whose series have no `__name__` (expressions, recording rules). */
  roles: Record<string, Role>;
  /** Keep pod-level cgroup series (`container=""`) instead of listing them as ignored. */
  includePodLevel: boolean;
  growth: GrowthOptions;
  /** A node's kubelet eviction threshold, as the kubelet writes it: `memory.available<100Mi` or `<10%`. */
  evictionThreshold: string;
}
