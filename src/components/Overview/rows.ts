/**
 * The overview's table model: one row per analysed workload, with the figures a team lead scans
 * (working set now, growth over the range, the verdict and its share, headroom to the limit), and the
 * sorting and verdict filter applied to them. Pure: no React, no theme.
 */
import { workingSetLine } from '../../analysis/decomposition';
import { kindOf } from '../../analysis/detect';
import type { Analysis, Labels, Message, ShareKey, Verdict } from '../../analysis/types';

export interface OverviewRow {
  key: string;
  title: string;
  kind: Analysis['decomposition']['workload']['kind'];
  identity: Labels;
  verdict: Verdict;
  /** Share of the growth held by the verdict's kind (the largest kind's for mixed); undefined without growth. */
  share?: number;
  /** Last known working set, bytes; NaN when never known. */
  workingSetBytes: number;
  growthBytes: number;
  /** Growth relative to the first known working set; undefined when that is 0 or unknown. */
  growthRatio?: number;
  /**
   * Room left, bytes: limit − working set for a container, MemAvailable for a node; undefined when
   * there is no limit (unlimited or no limit series).
   */
  headroomBytes?: number;
  /** headroomBytes relative to the limit (MemTotal for a node). */
  headroomRatio?: number;
  /** Seconds until the non-reclaimable memory reaches the limit (a node: eviction); undefined when none. */
  etaSeconds?: number;
  analysis: Analysis;
}

export type SortKey = 'growth' | 'workingSet' | 'headroom' | 'timeToLimit' | 'name';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** The direction a column sorts in on its first click: what a reader looks for first in it. */
export const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
  growth: 'desc',
  workingSet: 'desc',
  headroom: 'asc',
  timeToLimit: 'asc',
  name: 'asc',
};

export const DEFAULT_SORT: SortState = { key: 'growth', direction: 'desc' };

function lastFinite(a: Float64Array | undefined): number {
  if (a) {
    for (let i = a.length - 1; i >= 0; i--) {
      if (Number.isFinite(a[i])) {
        return a[i];
      }
    }
  }
  return NaN;
}

function firstFinite(a: Float64Array | undefined): number {
  if (a) {
    for (let i = 0; i < a.length; i++) {
      if (Number.isFinite(a[i])) {
        return a[i];
      }
    }
  }
  return NaN;
}

export function toRow(analysis: Analysis): OverviewRow {
  const dec = analysis.decomposition;
  const ws = workingSetLine(dec);
  const workingSetBytes = lastFinite(ws);
  const first = firstFinite(ws);
  const growthBytes = analysis.workingSetGrowthBytes;
  const growing = growthBytes > 0 && analysis.verdict !== 'stable';

  let headroomBytes: number | undefined;
  let headroomRatio: number | undefined;
  if (dec.workload.kind === 'node') {
    const available = lastFinite(dec.lines.memAvailable);
    const total = lastFinite(dec.lines.memTotal);
    if (Number.isFinite(available)) {
      headroomBytes = available;
      headroomRatio = total > 0 ? available / total : undefined;
    }
  } else {
    // A limit of 0 (unlimited) reaches the view as NaN; the last known limit is the one in force
    // (kube-state-metrics often lags the range's last sample by a scrape).
    const limit = lastFinite(dec.lines.limit);
    if (Number.isFinite(limit) && limit > 0 && Number.isFinite(workingSetBytes)) {
      headroomBytes = limit - workingSetBytes;
      headroomRatio = headroomBytes / limit;
    }
  }

  return {
    key: dec.workload.key,
    title: dec.workload.title,
    kind: dec.workload.kind,
    identity: dec.workload.identity,
    verdict: analysis.verdict,
    share: growing && Object.keys(analysis.shares).length ? kindOf(analysis.shares, 0).share : undefined,
    workingSetBytes,
    growthBytes,
    growthRatio: first > 0 ? growthBytes / first : undefined,
    headroomBytes,
    headroomRatio,
    etaSeconds: analysis.assessment.projection.etaSeconds ?? undefined,
    analysis,
  };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Unknown values (no limit, no working set) sort last in either direction. */
function compareNumbers(a: number | undefined, b: number | undefined, sign: number): number {
  const ua = a === undefined || Number.isNaN(a);
  const ub = b === undefined || Number.isNaN(b);
  if (ua || ub) {
    return ua === ub ? 0 : ua ? 1 : -1;
  }
  return sign * (a! - b!);
}

export function sortRows(rows: readonly OverviewRow[], sort: SortState): OverviewRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const by = (r: OverviewRow): number | undefined =>
    sort.key === 'growth'
      ? isCounted(r)
        ? r.growthBytes
        : 0
      : sort.key === 'workingSet'
        ? r.workingSetBytes
        : sort.key === 'timeToLimit'
          ? r.etaSeconds
          : r.headroomBytes;
  return [...rows].sort((a, b) => {
    const primary =
      sort.key === 'name' ? sign * collator.compare(a.title, b.title) : compareNumbers(by(a), by(b), sign);
    // Ties keep a stable, readable order.
    return primary || collator.compare(a.title, b.title);
  });
}

export type VerdictFilter = Verdict | 'all';

export function filterRows(rows: readonly OverviewRow[], filter: VerdictFilter): OverviewRow[] {
  return filter === 'all' ? [...rows] : rows.filter((r) => r.verdict === filter);
}

/** Verdicts in the order the filter offers them: the worrying ones first. */
export const VERDICT_ORDER: readonly Verdict[] = [
  'anon',
  'shmem',
  'kernel',
  'mixed',
  'uncertain',
  'unattributed',
  'file-cache',
  'stable',
];

/** How many rows have each verdict, in VERDICT_ORDER, only verdicts that occur. */
export function verdictCounts(rows: readonly OverviewRow[]): Array<{ verdict: Verdict; count: number }> {
  const counts = new Map<Verdict, number>();
  for (const r of rows) {
    counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  }
  return VERDICT_ORDER.filter((v) => counts.has(v)).map((verdict) => ({ verdict, count: counts.get(verdict)! }));
}

/**
 * The verdict cell's text, e.g. "93 % file cache", or the two largest layers for mixed; in its short
 * form (for a narrow panel) the kind's short name, as the verdict filter names it, and no layers.
 */
export function verdictMessage(row: OverviewRow, form: 'long' | 'short' = 'long'): Message {
  if (isWarmUp(row)) {
    // Over, and not a leak: it must not read (nor rank) as "anonymous memory (possible leak)".
    return { id: form === 'short' ? 'overview.verdict.warmUpShort' : 'overview.verdict.warmUp' };
  }
  if (form === 'short') {
    const withShare =
      row.share !== undefined && !['stable', 'unattributed', 'mixed', 'uncertain'].includes(row.verdict);
    return withShare
      ? { id: 'overview.verdict.short', params: { kindShort: row.verdict, share: row.share! } }
      : { id: `overview.filter.${row.verdict}` };
  }
  const rivals = row.analysis.uncertainty?.rivals;
  if (row.verdict === 'uncertain' && rivals) {
    return { id: 'overview.verdict.uncertain', params: { rival1: rivals[0], rival2: rivals[1] } };
  }
  if (row.verdict === 'mixed') {
    const top = (Object.entries(row.analysis.shares) as Array<[ShareKey, number]>)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2);
    if (top.length === 2) {
      return {
        id: 'overview.verdict.mixed',
        params: { layer1: top[0][0], layer1Share: top[0][1], layer2: top[1][0], layer2Share: top[1][1] },
      };
    }
  }
  if (row.share !== undefined && !['stable', 'unattributed', 'uncertain'].includes(row.verdict)) {
    // Share first: the figure stays readable when a narrow column cuts the kind's name.
    return { id: 'overview.verdict.single', params: { kind: row.verdict, share: row.share } };
  }
  return { id: `kind.${row.verdict}` };
}

export function growthMessage(row: OverviewRow): Message {
  if (!isCounted(row) && row.growthBytes > 0) {
    // The same judgement as the verdict: a stable row's retained creep is noise, and says so.
    return row.growthRatio === undefined
      ? { id: 'overview.growth.notCountedBytes', params: { growthBytes: row.growthBytes } }
      : {
          id: isWarmUp(row) ? 'overview.growth.warmUp' : 'overview.growth.notCounted',
          params: { growthBytes: row.growthBytes, growthShare: row.growthRatio },
        };
  }
  return row.growthRatio === undefined
    ? { id: 'overview.growth.bytes', params: { growthBytes: row.growthBytes } }
    : { id: 'overview.growth.withShare', params: { growthBytes: row.growthBytes, growthShare: row.growthRatio } };
}

/** Whether the row's growth is growth by its verdict: a stable workload's creep is not, nor a warm-up that is over. */
export function isCounted(row: OverviewRow): boolean {
  return row.verdict !== 'stable' && !isWarmUp(row);
}

export function isWarmUp(row: OverviewRow): boolean {
  return row.analysis.assessment.trend.state === 'warmUp';
}

export function headroomMessage(row: OverviewRow): Message {
  if (row.headroomBytes === undefined) {
    return { id: row.kind === 'node' ? 'overview.headroom.unknown' : 'overview.headroom.none' };
  }
  return row.headroomRatio === undefined
    ? { id: 'overview.headroom.bytes', params: { headroomBytes: row.headroomBytes } }
    : {
        id: 'overview.headroom.withShare',
        params: { headroomBytes: row.headroomBytes, headroomShare: row.headroomRatio },
      };
}

/** "in 38 d" where the non-reclaimable memory heads to the limit; else why not, briefly. */
export function timeToLimitMessage(row: OverviewRow): Message {
  if (row.etaSeconds !== undefined) {
    return { id: 'overview.timeToLimit.eta', params: { etaMs: row.etaSeconds * 1000 } };
  }
  return { id: 'overview.timeToLimit.none' };
}

/**
 * The pressure and the cache's temperature, most urgent first: OOM kills, the share of time
 * stalled, a hot or idle cache. Empty when no such signal arrived (the cell then says so).
 */
export function pressureMessages(row: OverviewRow): Message[] {
  const { pressure, temperature } = row.analysis.assessment;
  const out: Message[] = [];
  if (pressure.oomKills > 0) {
    out.push({ id: 'overview.pressure.oomKills', params: { count: pressure.oomKills } });
  }
  if (pressure.psiSome !== null && (pressure.underPressure || out.length === 0)) {
    out.push({ id: 'overview.pressure.psi', params: { psiSomeShare: pressure.psiSome } });
  }
  if (temperature.state === 'hot' || temperature.state === 'idle') {
    out.push({ id: `overview.pressure.${temperature.state}` });
  }
  return out;
}
