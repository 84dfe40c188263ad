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
  // Signals of whether it matters (counters unless noted; see assess/signals.ts)
  'refaultFile',
  'refaultAnon',
  'pgscan',
  'pgsteal',
  'psiSome',
  'psiFull',
  'limitHits',
  'highEvents',
  'majorFaults',
  'oomKills',
  'restarts',
  /** kube-state-metrics' last terminated reason: a 0/1 gauge with a `reason` label. */
  'terminatedReason',
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
  // Signals (counters, but the two slab gauges)
  'refaultFile',
  'majorFaults',
  'oomKills',
  'psiSome',
  'psiFull',
  'slabReclaimable',
  'slabUnreclaimable',
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

/** Cache temperature: hot when evicted file pages are read back (refaults), idle when not. */
export type Temperature = 'idle' | 'hot' | 'unknown';

/** What the retained, non-reclaimable working set does now. */
export type TrendState = 'growing' | 'stopped' | 'warmUp' | 'flat';

export interface PressureEvent {
  atMs: number;
  kind: 'oomKill' | 'limitHit' | 'restart';
  /** How many in this step (counters can advance by more than one between samples). */
  count: number;
  /** For a restart: kube-state-metrics' last terminated reason (OOMKilled, Error…), when known. */
  reason?: string;
}

export interface CacheTemperatureResult {
  state: Temperature;
  /** Refaulted file pages as bytes per second (pages × 4 KiB), over the judged span; null when unknown. */
  refaultBytesPerSec: number | null;
  /** Refaulted bytes per hour as a share of the file cache (active + inactive); null when unknown. */
  turnoverPerHour: number | null;
}

export interface PressureResult {
  /** Mean share of time some (psiSome) or all (psiFull) tasks stalled on memory, over the last span. */
  psiSome: number | null;
  psiFull: number | null;
  /** Null when no pressure signal arrived at all. */
  underPressure: boolean | null;
  oomKills: number;
  limitHits: number;
  restarts: number;
  events: PressureEvent[];
}

export interface TrendResult {
  state: TrendState;
  /** Rate of the non-reclaimable working set now, bytes per day. */
  ratePerDayBytes: number;
  /** When it stopped growing ('stopped', 'warmUp'); else null. */
  stoppedAtMs: number | null;
  /** The non-reclaimable working set now, bytes (NaN when its layers are unknown). */
  nonReclaimableBytes: number;
  /** Which layers it counts (rss, kernel, shmem; active file only when the cache is hot). */
  layers: ShareKey[];
}

export interface ProjectionResult {
  /** Seconds until the target is reached at the current rate; null with the reason when none. */
  etaSeconds: number | null;
  /** The container's limit (an OOM kill), or a node's eviction threshold. */
  target: 'limit' | 'eviction' | null;
  targetBytes: number | null;
  /** Why there is no projection (no limit, not growing, only cache grows…); null when there is one. */
  reason: Message | null;
  /** The projected line: from the last level at the current rate. */
  fromMs: number;
  fromBytes: number;
  bytesPerMs: number;
  /** For a node: the share of its working set that is active file cache, which the kubelet counts. */
  activeFileShare?: number;
}

/** Does it matter: the assess stage's answers. Every signal is optional; `missing` says which were absent. */
/** A node's kernel growth and how much of it is reclaimable slab. */
export interface SlabResult {
  /** The kernel layer's growth over the regions it took part in, bytes. */
  kernelGrowthBytes: number;
  /** The share of that growth that is SReclaimable, 0–1; null without node_memory_SReclaimable_bytes. */
  reclaimableShare: number | null;
}

export interface Assessment {
  temperature: CacheTemperatureResult;
  pressure: PressureResult;
  trend: TrendResult;
  projection: ProjectionResult;
  /** A node whose kernel layer grew: how much of it is reclaimable slab. Null otherwise. */
  slab: SlabResult | null;
  /** Roles of the signals that did not arrive (each has a "how to enable" text in the catalogue). */
  missing: Role[];
  /** On the decomposition's axis, for the pressure strip; absent where the signal did not arrive. */
  strip: {
    psiSome?: Float64Array;
    psiFull?: Float64Array;
    refaultBytesPerSec?: Float64Array;
  };
  /** Per file-cache region (same order as `regions`; null for other kinds): its temperature. */
  regionTemperatures: Array<Temperature | null>;
}

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
  /** Does it matter: temperature, pressure, trend, time to the limit. */
  assessment: Assessment;
  /** The banner's second line: trend, time to the limit, temperature and pressure, as messages. */
  consequences: Message[];
}
