/**
 * Analyses built by hand for the view's tests: a container whose active file cache grows (one
 * file-cache region) and a leaking one, on a two-hour, one-minute axis. The numbers satisfy the
 * decomposition identities (layers sum to usage; rss + kernel + activeFile = working set).
 */
import type { Analysis, Assessment, Decomposition, Message, Region, Verdict } from '../../analysis/types';

export const MiB = 2 ** 20;
export const START = Date.UTC(2024, 0, 1, 0, 0, 0);
export const STEP = 60_000;
export const POINTS = 121;

interface Spec {
  title: string;
  key?: string;
  rss: (i: number) => number;
  activeFile: (i: number) => number;
  kernel?: number;
  inactiveFile?: number;
  limit?: number;
  verdict: Verdict;
  banner: Message;
  regions?: Region[];
  notes?: Message[];
  assessment?: Assessment;
  consequences?: Message[];
}

export function containerAnalysis(spec: Spec): Analysis {
  const n = POINTS;
  const times = Float64Array.from({ length: n }, (_, i) => START + i * STEP);
  const rss = Float64Array.from({ length: n }, (_, i) => spec.rss(i));
  const kernel = new Float64Array(n).fill(spec.kernel ?? 8 * MiB);
  const activeFile = Float64Array.from({ length: n }, (_, i) => spec.activeFile(i));
  const inactiveFile = new Float64Array(n).fill(spec.inactiveFile ?? 200 * MiB);
  const workingSet = rss.map((v, i) => v + kernel[i] + activeFile[i]);
  const usage = workingSet.map((v, i) => v + inactiveFile[i]);
  const identity = { namespace: 'shop', pod: `${spec.title}-0`, container: spec.title };
  const decomposition: Decomposition = {
    workload: {
      key: spec.key ?? spec.title,
      kind: 'container',
      identity,
      title: `shop/${spec.title}-0/${spec.title}`,
      series: {},
    },
    times,
    stepMs: STEP,
    layers: { rss, kernel, activeFile, inactiveFile },
    lines: { workingSet, usage, ...(spec.limit ? { limit: new Float64Array(n).fill(spec.limit) } : {}) },
    derived: ['kernel', 'activeFile', 'inactiveFile'],
    missing: ['shmem'],
    restarts: [],
    notes: [{ id: 'note.derived', params: { layers: 'kernel, activeFile, inactiveFile' } }],
  };
  const ws0 = workingSet[0];
  const ws1 = workingSet[n - 1];
  return {
    decomposition,
    verdict: spec.verdict,
    workingSetGrowthBytes: ws1 - ws0,
    usageGrowthBytes: usage[n - 1] - usage[0],
    shares: {},
    regions: spec.regions ?? [],
    banner: spec.banner,
    notes: spec.notes ?? [],
    assessment: spec.assessment ?? quietAssessment(),
    consequences: spec.consequences ?? [],
  };
}

/** No signals arrived: temperature unknown, no pressure signal, flat, no projection. */
export function quietAssessment(): Assessment {
  return {
    temperature: { state: 'unknown', refaultBytesPerSec: null, turnoverPerHour: null },
    pressure: { psiSome: null, psiFull: null, underPressure: null, oomKills: 0, limitHits: 0, restarts: 0, events: [] },
    trend: { state: 'flat', ratePerDayBytes: 0, stoppedAtMs: null, nonReclaimableBytes: NaN, layers: [] },
    projection: {
      etaSeconds: null,
      target: null,
      targetBytes: null,
      reason: null,
      fromMs: NaN,
      fromBytes: NaN,
      bytesPerMs: 0,
    },
    slab: null,
    missing: [],
    strip: {},
    regionTemperatures: [],
  };
}

/** Active file cache +100 MiB over the middle hour. */
export const fileCacheAnalysis = () =>
  containerAnalysis({
    title: 'logwriter',
    rss: () => 120 * MiB,
    activeFile: (i) => (i < 30 ? 50 : i > 90 ? 150 : 50 + ((i - 30) * 100) / 60) * MiB,
    limit: 1024 * MiB,
    verdict: 'file-cache',
    banner: { id: 'banner.fileCache', params: { growthBytes: 100 * MiB, share: 0.93 } },
    regions: [
      {
        fromMs: START + 30 * STEP,
        toMs: START + 90 * STEP,
        kind: 'file-cache',
        growthBytes: 100 * MiB,
        share: 0.93,
        shares: { activeFile: 0.93, rss: 0.05, kernel: 0.02 },
        message: { id: 'region.fileCache', params: { growthBytes: 100 * MiB, share: 0.93 } },
      },
    ],
  });

/** rss +40 MiB over two hours. */
export const leakAnalysis = () =>
  containerAnalysis({
    title: 'leaker',
    rss: (i) => (100 + i / 3) * MiB,
    activeFile: () => 30 * MiB,
    verdict: 'anon',
    banner: { id: 'banner.anon', params: { growthBytes: 40 * MiB, share: 0.97 } },
  });

/** A stand-in for the catalogue: readable English with the parameters, enough to assert on. */
export function testRender(message: Message): string {
  const params = Object.entries(message.params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return params ? `${message.id} ${params}` : message.id;
}
