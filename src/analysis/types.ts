/**
 * The data types that flow through the pipeline:
 *   DataFrame[] → ingest → IngestResult → decompose → Decomposition → detect → Analysis → explain → Message
 * Every stage is pure; only the view knows React. Times are epoch milliseconds, values are bytes.
 */

/** Roles of container series (cAdvisor, kube-state-metrics). See DESIGN.md's role table. */
export const CONTAINER_ROLES = [
  'usage',
  'workingSet',
  'rss',
  'cache',
  'kernel',
  'activeFile',
  'inactiveFile',
  'shmem',
  'swap',
  'mappedFile',
  'limit',
  'request',
] as const;
export type ContainerRole = (typeof CONTAINER_ROLES)[number];

/** Roles of node series (node_exporter's /proc/meminfo fields). */
export const NODE_ROLES = [
  'memTotal',
  'memFree',
  'memAvailable',
  'anon',
  'shmem',
  'activeFile',
  'inactiveFile',
  'slab',
  'kernelStack',
  'pageTables',
  'percpu',
  'buffers',
  'cached',
] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

export type Role = ContainerRole | NodeRole;

export type Labels = Record<string, string>;

/**
 * A user-facing message: an id from the catalogue (src/locales) and its parameters.
 * The analysis never builds sentences; the renderer turns messages into text in the user's language.
 * Parameter naming convention, which the renderer relies on to format values:
 *   `*Bytes` → bytes (IEC), `*Ms` → duration, `*Share`/`share` → percent of 1, `layer`/`layerN` → a
 *   layer id, `layers` → comma-separated layer ids (both shown by name), anything else → as is.
 */
export interface Message {
  id: string;
  params?: Record<string, string | number>;
}

export type WorkloadKind = 'container' | 'node';

/** One input series after ingest: its role, where it came from, and its samples. */
export interface Series {
  role: Role;
  /** The query it came from (frame refId), when known. */
  refId?: string;
  /** All labels of the series as received (without __name__ when it had none). */
  labels: Labels;
  /** A short name for messages, e.g. `container_memory_rss{pod="api-0"}` or `A: Value`. */
  name: string;
  /**
   * Sample times, ms, ascending. Read-only: it may be the frame's own time column (see ingest's
   * readTimes), shared by every series of the column.
   */
  times: ArrayLike<number>;
  /**
   * Sample values, bytes; NaN where the sample was null, NaN or ±Inf. Read-only: where every value
   * was a usable number it is the frame's own array.
   */
  values: ArrayLike<number>;
  /** The query step in ms (the time field's config.interval), when known. */
  stepMs?: number;
}

export interface Workload {
  /** Stable identity key, e.g. `namespace=shop,pod=api-0,container=api`. */
  key: string;
  kind: WorkloadKind;
  /** The identity labels (the labels that were grouped on). */
  identity: Labels;
  /** A human title, e.g. `shop/api-0/api`. */
  title: string;
  /** Series by role; a role may hold several series (restarts, duplicates). */
  series: Partial<Record<Role, Series[]>>;
}

export interface IgnoredSeries {
  labels: Labels;
  name: string;
  reason: Message;
}

export interface IngestResult {
  workloads: Workload[];
  ignored: IgnoredSeries[];
  /** Notes about the whole input (not about one workload). */
  notes: Message[];
}

/** Stacked layers, bottom to top. Container: rss, kernel, activeFile, shmem, inactiveFile. */
export const CONTAINER_LAYERS = ['rss', 'kernel', 'activeFile', 'shmem', 'inactiveFile'] as const;
export type ContainerLayer = (typeof CONTAINER_LAYERS)[number];
/** Node: anon, kernel, activeFile, shmem, other, inactiveFile (sums to MemTotal − MemFree). */
export const NODE_LAYERS = ['anon', 'kernel', 'activeFile', 'shmem', 'other', 'inactiveFile'] as const;
export type NodeLayer = (typeof NODE_LAYERS)[number];
export type Layer = ContainerLayer | NodeLayer;

/**
 * Lines drawn over the stack. For a node, `usage` is MemTotal − MemFree and `workingSet` is
 * usage − Inactive_file (the node's analogue), plus memAvailable and memTotal.
 */
export const LINE_KEYS = ['workingSet', 'usage', 'limit', 'request', 'memAvailable', 'memTotal'] as const;
export type LineKey = (typeof LINE_KEYS)[number];

export interface Decomposition {
  workload: Workload;
  /** One time axis for the workload, ms ascending. */
  times: Float64Array;
  /** The step of the axis, ms. */
  stepMs: number;
  /** Layer values on `times`, bytes, never negative; NaN where unknown. Absent: layer missing. */
  layers: Partial<Record<Layer, Float64Array>>;
  /** Line values on `times`; NaN where unknown. A limit of 0 (unlimited) is NaN. */
  lines: Partial<Record<LineKey, Float64Array>>;
  /** Layers computed from identities rather than read directly. */
  derived: Layer[];
  /** Layers that could not be known at all. */
  missing: Layer[];
  /** Indices into `times` where a new container lifetime begins (restart or new series). */
  restarts: number[];
  notes: Message[];
}

export type GrowthKind = 'file-cache' | 'anon' | 'kernel' | 'shmem' | 'mixed';
/** A region's kind: uncertain where its layers' changes cannot tell the kinds apart. */
export type RegionKind = GrowthKind | 'uncertain';
export type Verdict = RegionKind | 'stable' | 'unattributed';

/** What would settle an uncertain verdict: a finer step, the LRU metrics, a longer range. */
export type UncertainHint = 'finerStep' | 'lruMetrics' | 'longerRange';

export interface Uncertainty {
  /** The two kinds the data cannot tell apart, the likelier first ('mixed' when it is one kind or none). */
  rivals: [RegionKind, RegionKind];
  hints: UncertainHint[];
}

/** Keys of `shares`: the working-set layers. Container: rss, kernel, activeFile, shmem. Node: anon, kernel, activeFile, shmem, other. */
export type ShareKey = 'rss' | 'kernel' | 'activeFile' | 'shmem' | 'anon' | 'other';

export interface Region {
  fromMs: number;
  toMs: number;
  kind: RegionKind;
  /** Working-set growth over the region, bytes. */
  growthBytes: number;
  /** The share of the dominant kind (fraction of growthBytes). */
  share: number;
  /** Every layer's share of the region's growth. */
  shares: Partial<Record<ShareKey, number>>;
  /** The hover text as a message. */
  message: Message;
}

export interface DetectOptions {
  /** Window length in ms, or 'auto' (from the range). */
  window: number | 'auto';
  /** Minimum working-set growth that counts, bytes. */
  minGrowthBytes: number;
  /** Minimum growth relative to the working set's level (0.05 = 5 %). */
  minGrowthRatio: number;
  /** The share that makes a kind "mostly". */
  share: number;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  window: 'auto',
  minGrowthBytes: 16 * 1024 * 1024,
  minGrowthRatio: 0.05,
  share: 0.5,
};

export interface Analysis {
  decomposition: Decomposition;
  verdict: Verdict;
  workingSetGrowthBytes: number;
  usageGrowthBytes: number;
  shares: Partial<Record<ShareKey, number>>;
  regions: Region[];
  /** The one-line banner as a message. */
  banner: Message;
  notes: Message[];
  /** When the verdict is uncertain: the kinds the data cannot tell apart, and what would settle it. */
  uncertainty?: Uncertainty;
}
