/**
 * assess: does it matter? After detect (which says what grew), the cache's temperature, the
 * pressure now, the trend of what cannot be reclaimed, and the time to the limit. Every signal is
 * optional: what did not arrive is listed in `missing`, and the texts say how to get it.
 */
import type { Detection } from '../detect';
import type { Assessment, Role, Temperature } from '../types';
import { assessPressure } from './pressure';
import { assessProjection, DEFAULT_EVICTION_THRESHOLD } from './projection';
import { gaugeOnAxis, hasSignal, rateOnAxis } from './signals';
import { assessSlab } from './slab';
import { fileCache, temperatureOver } from './temperature';
import { assessTrend, currentLifetime, levelTrend, nonReclaimable } from './trend';

export interface AssessOptions {
  /** The kubelet's eviction threshold for nodes, e.g. `memory.available<100Mi`. */
  evictionThreshold: string;
}

export const DEFAULT_ASSESS_OPTIONS: AssessOptions = { evictionThreshold: DEFAULT_EVICTION_THRESHOLD };

/** "Now" is the last 30 minutes (or the last quarter of a shorter range, at least two steps). */
const NOW_MS = 30 * 60_000;

/** The signals worth asking for, by kind, in the order the texts name them. */
const WANTED: Record<'container' | 'node', Role[]> = {
  container: ['refaultFile', 'psiSome', 'limitHits', 'oomKills', 'restarts'],
  node: ['refaultFile', 'psiSome', 'oomKills', 'slabReclaimable'],
};

export function assess(det: Detection, options: AssessOptions = DEFAULT_ASSESS_OPTIONS): Assessment {
  const d = det.decomposition;
  const w = d.workload;
  const { times, stepMs } = d;
  const n = times.length;
  const rangeMs = n ? times[n - 1] - times[0] : 0;
  const nowMs = Math.max(2 * stepMs, Math.min(NOW_MS, rangeMs / 4));
  let nowFrom = n;
  while (nowFrom > 0 && times[n - 1] - times[nowFrom - 1] < nowMs) {
    nowFrom--;
  }

  const refault = rateOnAxis(w.series.refaultFile, times, stepMs);
  const cache = fileCache(d);
  const temperature = temperatureOver(refault, cache, nowFrom, n);
  const regionTemperatures = det.regions.map((r): Temperature | null => {
    if (r.kind !== 'file-cache') {
      return null;
    }
    const from = times.findIndex((t) => t >= r.fromMs);
    const to = times.findIndex((t) => t > r.toMs);
    return temperatureOver(refault, cache, Math.max(from, 0), to < 0 ? n : to).state;
  });

  const psiSome = rateOnAxis(w.series.psiSome, times, stepMs);
  const psiFull = rateOnAxis(w.series.psiFull, times, stepMs);
  const pressure = assessPressure({ workload: w, times, stepMs, psiSome, psiFull, nowFrom, nowTo: n });

  const grew = det.verdict !== 'stable' && det.verdict !== 'unattributed';
  const hot = temperature.state === 'hot';
  // What cannot be reclaimed grows only where detect says the growth is not (idle) file cache: a
  // few MiB of rss creeping beside a cache growth must not project the cache's workload to an OOM.
  const retainedGrew = grew && (det.verdict !== 'file-cache' || hot);
  const slab = gaugeOnAxis(w.series.slabReclaimable, times, stepMs);
  const series = nonReclaimable(d, hot, slab);
  const { trend, level } = assessTrend({ d, regions: det.regions, grew: retainedGrew, windowMs: det.windowMs, series });
  const span = currentLifetime(d);
  const nodeLevel =
    w.kind === 'node' && d.lines.workingSet
      ? levelTrend(times, d.lines.workingSet, span.from, span.to, stepMs)
      : undefined;
  const projection = assessProjection({
    d,
    trend,
    level,
    nodeLevel,
    grew,
    evictionThreshold: options.evictionThreshold,
  });

  return {
    temperature,
    pressure,
    trend,
    projection,
    slab: assessSlab(d, det.regions, slab),
    missing: WANTED[w.kind].filter((r) => !hasSignal(w, r)),
    strip: {
      ...(psiSome ? { psiSome } : {}),
      ...(psiFull ? { psiFull } : {}),
      ...(refault ? { refaultBytesPerSec: refault.map((v) => v * 4096) } : {}),
    },
    regionTemperatures,
  };
}
