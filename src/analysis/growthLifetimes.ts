/**
 * Where one container lifetime ends and the next begins. Growth is judged per lifetime, so a
 * process that grows and then exits is judged on its growth, not on the drop that followed.
 */
import type { Decomposition } from './types';
import type { Span } from './growth';

/** Anonymous memory at or below this means no process is running in the cgroup. */
const DEAD_RSS_BYTES = 16 * 1024;
/** Any live process holds more anonymous memory than this. */
const ALIVE_RSS_BYTES = 128 * 1024;

/**
 * The first sample worth analysing: leading samples of zero (or unknown) usage come from before the
 * container started, which a scrape never sees.
 */
export function firstLiveIndex(d: Decomposition): number {
  const usage = d.lines.usage ?? d.lines.workingSet;
  if (!usage) {
    return 0;
  }
  let i = 0;
  while (i < usage.length && !(usage[i] > 0)) {
    i++;
  }
  return i;
}

/**
 * Lifetimes from `first` to the end: split at decompose's restarts (a new series, a drop to near
 * zero) and, for a container, wherever its process ends or starts while the cgroup stays (anonymous
 * memory falls to ~0 or rises from it; page cache outlives the process).
 */
export function lifetimes(d: Decomposition, first: number): Span[] {
  const n = d.times.length;
  const cuts = new Set<number>();
  for (const r of d.restarts) {
    if (r > first && r < n) {
      cuts.add(r);
    }
  }
  const rss = d.workload.kind === 'container' ? d.layers.rss : undefined;
  if (rss) {
    let alive: boolean | undefined;
    for (let i = first; i < n; i++) {
      const v = rss[i];
      const state = v > ALIVE_RSS_BYTES ? true : v <= DEAD_RSS_BYTES ? false : undefined;
      if (state === undefined) {
        continue;
      }
      if (alive !== undefined && state !== alive) {
        cuts.add(i);
      }
      alive = state;
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const spans: Span[] = [];
  let from = first;
  for (const c of sorted) {
    if (c > from) {
      spans.push({ from, to: c });
      from = c;
    }
  }
  if (from < n) {
    spans.push({ from, to: n });
  }
  return spans;
}
