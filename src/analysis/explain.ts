/**
 * explain: the verdict banner and each region's hover text, as messages (ids + parameters) for the
 * renderer. No sentences here: the catalogue in src/locales holds them, in every language.
 */
import type { Detection, DetectedRegion } from './detect';
import type { Analysis, Assessment, Message, Region, ShareKey } from './types';

/** A node's kernel growth at least this much reclaimable slab reads as reclaimable, not as a kernel leak. */
const RECLAIMABLE_SLAB_SHARE = 0.5;

/** Shares below this (half a percent) are left out of the texts. */
const SHOWN_SHARE = 0.005;

/** Layers by share, largest first, each with its share. */
function ranked(shares: Partial<Record<ShareKey, number>>): Array<[ShareKey, number]> {
  return (Object.entries(shares) as Array<[ShareKey, number]>)
    .filter(([, v]) => v >= SHOWN_SHARE)
    .sort((a, b) => b[1] - a[1]);
}

function layerParams(list: Array<[ShareKey, number]>): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  list.forEach(([layer, share], i) => {
    params[`layer${i + 1}`] = layer;
    params[`layer${i + 1}Share`] = share;
  });
  return params;
}

export function regionMessage(region: DetectedRegion): Message {
  const base = { growthBytes: region.growthBytes, durationMs: region.toMs - region.fromMs };
  const list = ranked(region.shares);
  if (!region.attributed || list.length === 0) {
    return { id: 'region.unattributed', params: base };
  }
  return { id: `region.growth${Math.min(list.length, 5)}`, params: { ...base, ...layerParams(list.slice(0, 5)) } };
}

const BANNER_ID: Record<string, string> = {
  'file-cache': 'fileCache',
  anon: 'anon',
  kernel: 'kernel',
  shmem: 'shmem',
};

export function bannerMessage(det: Detection): Message {
  const growth = { growthBytes: det.workingSetGrowthBytes, rangeMs: det.rangeMs };
  switch (det.verdict) {
    case 'stable':
      if (det.notes.some((n) => n.id === 'detect.noWorkingSet')) {
        return { id: 'banner.noData' };
      }
      return det.notes.some((n) => n.id === 'detect.inactiveCache')
        ? { id: 'banner.stableInactiveCache', params: { rangeMs: det.rangeMs, usageGrowthBytes: det.usageGrowthBytes } }
        : { id: 'banner.stable', params: { rangeMs: det.rangeMs } };
    case 'unattributed': {
      const note = det.notes.find((n) => n.id === 'detect.unattributed');
      return { id: 'banner.unattributed', params: { ...growth, queries: note?.params?.queries ?? '' } };
    }
    case 'uncertain': {
      const [rival1, rival2] = det.uncertainty?.rivals ?? ['mixed', 'mixed'];
      return {
        id: 'banner.uncertain',
        params: { ...growth, rival1, rival2, settle: det.uncertainty?.hints[0] ?? 'longerRange' },
      };
    }
    case 'mixed': {
      const top = ranked(det.shares).slice(0, 2);
      while (top.length < 2) {
        top.push([det.shareKeys.find((k) => !top.some(([t]) => t === k)) ?? 'kernel', 0]);
      }
      return { id: 'banner.mixed', params: { ...growth, ...layerParams(top) } };
    }
    default: {
      const key = BANNER_ID[det.verdict];
      // A node has its own texts: no limit to raise, no container to name, its own tools to look with.
      const node = det.decomposition.workload.kind === 'node';
      return { id: `banner.${node ? 'node.' : ''}${key}`, params: { ...growth, share: det.share } };
    }
  }
}

/** The banner's second line: is it still growing, when does it hurt, is the cache needed, is there pressure. */
export function consequenceMessages(det: Detection, a: Assessment): Message[] {
  const out: Message[] = [];
  const { trend, projection, temperature, pressure } = a;
  const endMs = det.decomposition.times[det.decomposition.times.length - 1] ?? 0;
  if (trend.state === 'growing') {
    out.push({ id: 'consequence.growing', params: { rateBytes: trend.ratePerDayBytes } });
  } else if (trend.state === 'stopped' && trend.stoppedAtMs !== null) {
    out.push({ id: 'consequence.stopped', params: { agoMs: endMs - trend.stoppedAtMs } });
  } else if (trend.state === 'warmUp' && trend.stoppedAtMs !== null) {
    out.push({ id: 'consequence.warmUp', params: { flatMs: endMs - trend.stoppedAtMs } });
  }
  if (projection.etaSeconds !== null && projection.targetBytes !== null) {
    const params = {
      rateBytes: trend.ratePerDayBytes,
      limitBytes: projection.targetBytes,
      etaMs: projection.etaSeconds * 1000,
    };
    out.push(
      projection.target === 'eviction'
        ? { id: 'consequence.eviction', params: { ...params, activeFileShare: projection.activeFileShare ?? 0 } }
        : { id: 'consequence.oom', params: { ...params, sumLayers: trend.layers.join(',') } }
    );
  }
  if (a.slab) {
    const share = a.slab.reclaimableShare;
    // Where the banner already says the growth is reclaimable slab, the second line need not repeat it.
    if (share === null) {
      out.push({ id: 'consequence.slabUnknown' });
    } else if (share < RECLAIMABLE_SLAB_SHARE || det.verdict !== 'kernel') {
      out.push({ id: 'consequence.slabShare', params: { reclaimableShare: share } });
    }
  }
  const cacheGrew = det.verdict === 'file-cache' || det.regions.some((r) => r.kind === 'file-cache');
  if (temperature.state === 'hot') {
    out.push({ id: 'consequence.hot', params: { refaultBytes: temperature.refaultBytesPerSec ?? 0 } });
  } else if (cacheGrew && temperature.state === 'idle') {
    out.push({ id: 'consequence.idle' });
  } else if (cacheGrew) {
    out.push({ id: 'consequence.temperatureUnknown' });
  }
  if (pressure.underPressure && pressure.psiSome !== null) {
    out.push({ id: 'consequence.psi', params: { psiSomeShare: pressure.psiSome } });
  }
  if (pressure.oomKills > 0) {
    out.push({ id: 'consequence.oomKills', params: { count: pressure.oomKills } });
  }
  return out;
}

function bannerFor(det: Detection, a: Assessment): Message {
  if (a.trend.state === 'warmUp') {
    return warmUpBanner(det);
  }
  const share = a.slab?.reclaimableShare;
  if (det.verdict === 'kernel' && share !== null && share !== undefined && share >= RECLAIMABLE_SLAB_SHARE) {
    return {
      id: 'banner.node.kernelReclaimable',
      params: { growthBytes: det.workingSetGrowthBytes, rangeMs: det.rangeMs, share: det.share, reclaimableShare: share },
    };
  }
  return bannerMessage(det);
}

export function explain(det: Detection, assessment: Assessment): Analysis {
  const regions: Region[] = det.regions.map((r) => ({
    fromMs: r.fromMs,
    toMs: r.toMs,
    kind: r.kind,
    growthBytes: r.growthBytes,
    share: r.share,
    shares: r.shares,
    message: regionMessage(r),
  }));
  return {
    decomposition: det.decomposition,
    verdict: det.verdict,
    workingSetGrowthBytes: det.workingSetGrowthBytes,
    usageGrowthBytes: det.usageGrowthBytes,
    shares: det.shares,
    regions,
    banner: bannerFor(det, assessment),
    notes: [...det.decomposition.notes, ...det.notes],
    ...(det.uncertainty ? { uncertainty: det.uncertainty } : {}),
    assessment,
    consequences: consequenceMessages(det, assessment),
  };
}

/** Growth right after a start that then stays flat is a warm-up (heap, caches filling), not a leak. */
function warmUpBanner(det: Detection): Message {
  return { id: 'banner.warmUp', params: { growthBytes: det.workingSetGrowthBytes, rangeMs: det.rangeMs } };
}
