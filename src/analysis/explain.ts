/**
 * explain: the verdict banner and each region's hover text, as messages (ids + parameters) for the
 * renderer. No sentences here: the catalogue in src/locales holds them, in every language.
 */
import type { Detection, DetectedRegion } from './detect';
import type { Analysis, Message, Region, ShareKey } from './types';

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

export function explain(det: Detection): Analysis {
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
    banner: bannerMessage(det),
    notes: [...det.decomposition.notes, ...det.notes],
    ...(det.uncertainty ? { uncertainty: det.uncertainty } : {}),
  };
}
