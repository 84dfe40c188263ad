import { dateTime } from '@grafana/data';

import { createTranslate } from '../../i18n/catalogue';
import { renderMessage } from '../../i18n/render';
import {
  containerAnalysis,
  fileCacheAnalysis,
  leakAnalysis,
  MiB,
  POINTS,
  quietAssessment,
} from '../__fixtures__/analysis';
import { containerDashboardUrl } from './links';
import {
  filterRows,
  growthMessage,
  headroomMessage,
  isCounted,
  sortRows,
  toRow,
  verdictCounts,
  verdictMessage,
} from './rows';

const en = createTranslate('en-US');
const render = (m: Parameters<typeof renderMessage>[0]) => renderMessage(m, en);

function steady(title: string, rssMiB: number, limitMiB?: number) {
  return containerAnalysis({
    title,
    rss: () => rssMiB * MiB,
    activeFile: () => 10 * MiB,
    limit: limitMiB ? limitMiB * MiB : undefined,
    verdict: 'stable',
    banner: { id: 'banner.stable', params: { rangeMs: 7_200_000 } },
  });
}

describe('overview rows', () => {
  it('reads working set now, growth against the first level, and headroom to the limit', () => {
    const a = fileCacheAnalysis();
    a.shares = { activeFile: 0.93, rss: 0.05, kernel: 0.02 };
    const row = toRow(a);
    const ws = a.decomposition.lines.workingSet!;
    expect(row.workingSetBytes).toBe(ws[POINTS - 1]);
    expect(row.workingSetBytes).toBe((120 + 8 + 150) * MiB);
    expect(row.growthBytes).toBe(100 * MiB);
    expect(row.growthRatio).toBeCloseTo(100 / (120 + 8 + 50), 10);
    expect(row.headroomBytes).toBe(1024 * MiB - row.workingSetBytes);
    expect(row.headroomRatio).toBeCloseTo(1 - 278 / 1024, 10);
    expect(row.share).toBeCloseTo(0.93, 10);
    expect(render(verdictMessage(row))).toBe('93 % file cache');
    expect(render(growthMessage(row))).toBe('+100 MiB (56 %)');
    expect(render(headroomMessage(row))).toBe('746 MiB free (73 %)');
  });

  it('says "no limit" for an unlimited container (the limit reaches the view as NaN)', () => {
    const a = leakAnalysis();
    expect(a.decomposition.lines.limit).toBeUndefined();
    expect(render(headroomMessage(toRow(a)))).toBe('no limit');
    a.decomposition.lines.limit = new Float64Array(POINTS).fill(NaN);
    const row = toRow(a);
    expect(row.headroomBytes).toBeUndefined();
    expect(render(headroomMessage(row))).toBe('no limit');
  });

  it('uses the last known limit when the last samples lack one', () => {
    const a = steady('api', 100, 512);
    a.decomposition.lines.limit![POINTS - 1] = NaN;
    expect(toRow(a).headroomBytes).toBe(512 * MiB - (100 + 8 + 10) * MiB);
  });

  it('shows the two largest layers of a mixed verdict, and no share for a stable one', () => {
    const mixed = steady('mix', 100);
    mixed.verdict = 'mixed';
    mixed.workingSetGrowthBytes = 50 * MiB;
    mixed.shares = { rss: 0.4, activeFile: 0.45, kernel: 0.15 };
    expect(render(verdictMessage(toRow(mixed)))).toBe('mixed: active file cache 45 %, rss 40 %');
    const still = toRow(steady('still', 100));
    expect(still.share).toBeUndefined();
    expect(render(verdictMessage(still))).toBe('stable');
  });

  it('sorts by growth, working set, headroom (tightest first, no limit last) and name', () => {
    const rows = [
      toRow(steady('b-small', 50, 100)), // ws 68 MiB, headroom 32
      toRow(steady('a-big', 400)), // no limit
      toRow(steady('c-mid', 150, 1000)), // headroom 832
    ];
    rows[0].growthBytes = 5;
    rows[1].growthBytes = 30;
    rows[2].growthBytes = 20;
    for (const r of rows) {
      r.verdict = 'anon';
    }
    const titles = (list: typeof rows) => list.map((r) => r.analysis.decomposition.workload.key);
    expect(titles(sortRows(rows, { key: 'growth', direction: 'desc' }))).toEqual(['a-big', 'c-mid', 'b-small']);
    expect(titles(sortRows(rows, { key: 'growth', direction: 'asc' }))).toEqual(['b-small', 'c-mid', 'a-big']);
    expect(titles(sortRows(rows, { key: 'workingSet', direction: 'desc' }))).toEqual(['a-big', 'c-mid', 'b-small']);
    expect(titles(sortRows(rows, { key: 'headroom', direction: 'asc' }))).toEqual(['b-small', 'c-mid', 'a-big']);
    expect(titles(sortRows(rows, { key: 'headroom', direction: 'desc' }))).toEqual(['c-mid', 'b-small', 'a-big']);
    expect(titles(sortRows(rows, { key: 'name', direction: 'asc' }))).toEqual(['a-big', 'b-small', 'c-mid']);
    // The input is not reordered.
    expect(titles(rows)).toEqual(['b-small', 'a-big', 'c-mid']);
  });

  it("shows a stable row's retained creep as noise and ranks it as no growth", () => {
    const creep = toRow(steady('creep', 65));
    creep.growthBytes = 22.9 * MiB;
    const leak = toRow(leakAnalysis());
    expect(render(growthMessage(creep))).toMatch(/^\+22\.9 MiB \(\d+(\.\d)? %\), noise$/);
    expect(render(verdictMessage(creep))).toBe('stable');
    expect(render(growthMessage(leak))).not.toMatch(/noise/);
    expect(sortRows([creep, leak], { key: 'growth', direction: 'desc' }).map((r) => r.verdict)).toEqual([
      'anon',
      'stable',
    ]);
  });

  it('says uncertain, with both rivals, instead of a possible leak', () => {
    const a = leakAnalysis();
    a.verdict = 'uncertain';
    a.uncertainty = { rivals: ['anon', 'file-cache'], hints: ['longerRange'] };
    const text = render(verdictMessage(toRow(a)));
    expect(text).toBe('uncertain: anonymous memory or file cache');
    expect(text).not.toMatch(/leak/);
  });

  it('sorts names the way people count (pod-2 before pod-10)', () => {
    const rows = ['pod-10', 'pod-2', 'pod-1'].map((p) => toRow(steady(p, 10)));
    expect(sortRows(rows, { key: 'name', direction: 'asc' }).map((r) => r.key)).toEqual(['pod-1', 'pod-2', 'pod-10']);
  });

  it('filters by verdict and counts each verdict present, worrying ones first', () => {
    const rows = [toRow(fileCacheAnalysis()), toRow(leakAnalysis()), toRow(steady('s', 10)), toRow(leakAnalysis())];
    expect(verdictCounts(rows)).toEqual([
      { verdict: 'anon', count: 2 },
      { verdict: 'file-cache', count: 1 },
      { verdict: 'stable', count: 1 },
    ]);
    expect(filterRows(rows, 'anon').map((r) => r.verdict)).toEqual(['anon', 'anon']);
    expect(filterRows(rows, 'all')).toHaveLength(4);
    expect(filterRows(rows, 'kernel')).toEqual([]);
  });
});

describe('container dashboard link', () => {
  it('fills the variables and keeps a relative range as it is', () => {
    const url = containerDashboardUrl(
      { namespace: 'shop', pod: 'api-0', container: 'api' },
      { from: 'now-6h', to: 'now' }
    );
    expect(url).toBe(
      '/d/memlens-container-memory?from=now-6h&to=now&var-namespace=shop&var-pod=api-0&var-container=api'
    );
  });

  it('keeps an absolute range in ms and escapes label values', () => {
    const from = dateTime(1_700_000_000_000);
    const to = dateTime(1_700_003_600_000);
    const url = containerDashboardUrl({ namespace: 'a&b', pod: 'p 1', container: 'c/d' }, { from, to })!;
    const query = new URLSearchParams(url.split('?')[1]);
    expect(url.startsWith('/d/memlens-container-memory?')).toBe(true);
    expect(Object.fromEntries(query)).toEqual({
      from: '1700000000000',
      to: '1700003600000',
      'var-namespace': 'a&b',
      'var-pod': 'p 1',
      'var-container': 'c/d',
    });
  });

  it('offers no link for a workload without namespace/pod/container', () => {
    expect(containerDashboardUrl({ instance: '10.0.0.7:9100' }, { from: 'now-1h', to: 'now' })).toBeUndefined();
    expect(
      containerDashboardUrl({ namespace: 'shop', pod: 'api-0', container: '' }, { from: 'now-1h', to: 'now' })
    ).toBeUndefined();
  });
});

describe('a warm-up that is over', () => {
  it('reads as a warm-up, not as a possible leak, and its growth does not rank', () => {
    const leak = leakAnalysis();
    const warm = {
      ...leak,
      assessment: { ...quietAssessment(), trend: { ...quietAssessment().trend, state: 'warmUp' as const } },
    };
    const t = createTranslate('en-US');
    const text = (m: Parameters<typeof renderMessage>[0]) => renderMessage(m, t);
    expect(text(verdictMessage(toRow(leak)))).toMatch(/anonymous/);
    expect(text(verdictMessage(toRow(warm)))).toBe('warm-up, then flat (not a leak)');
    expect(isCounted(toRow(leak))).toBe(true);
    expect(isCounted(toRow(warm))).toBe(false);
    expect(text(growthMessage(toRow(warm)))).toMatch(/warm-up$/);
  });
});
