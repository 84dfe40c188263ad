import { DEFAULT_OPTIONS, formatRoles, parseRoles, toAnalysisSettings } from './options';
import type { MemLensOptions } from './types';

describe('parseRoles', () => {
  it('reads refId=role per line or comma, the analyzer --role syntax', () => {
    expect(parseRoles('A=usage\nB = workingSet, C=memAvailable')).toEqual({
      roles: { A: 'usage', B: 'workingSet', C: 'memAvailable' },
      errors: [],
    });
  });

  it('keeps the good entries and says what is wrong with each bad one', () => {
    const r = parseRoles('A=usage\nB=heap\njust text');
    expect(r.roles).toEqual({ A: 'usage' });
    expect(r.errors).toEqual(['B: "heap" is not a role', '"just text": not of the form refId=role']);
  });

  it('round-trips through formatRoles', () => {
    const roles = { A: 'usage', B: 'rss' } as const;
    expect(parseRoles(formatRoles(roles)).roles).toEqual(roles);
  });
});

describe('toAnalysisSettings', () => {
  it('maps the defaults to the detector defaults, automatic grouping and no pod-level series', () => {
    const { settings, problems } = toAnalysisSettings(DEFAULT_OPTIONS);
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      ingest: { roles: {}, includePodLevel: false },
      detect: { minGrowthBytes: 16 * 2 ** 20, minGrowthRatio: 0.05, share: 0.5 },
      assess: { evictionThreshold: 'memory.available<100Mi' },
    });
  });

  it('passes a fixed window, group-by labels and roles through', () => {
    const options: MemLensOptions = {
      ...DEFAULT_OPTIONS,
      groupBy: ['namespace', ' pod ', ''],
      roles: { A: 'usage' },
      includePodLevel: true,
      growth: { window: '6h', minGrowth: '20MB', minGrowthRatio: 0.1, share: 0.6 },
    };
    expect(toAnalysisSettings(options).settings).toEqual({
      ingest: { roles: { A: 'usage' }, groupBy: ['namespace', 'pod'], includePodLevel: true },
      detect: { window: 21_600_000, minGrowthBytes: 20e6, minGrowthRatio: 0.1, share: 0.6 },
      assess: { evictionThreshold: 'memory.available<100Mi' },
    });
  });

  it('reports bad values and falls back to the defaults for them', () => {
    const options = {
      ...DEFAULT_OPTIONS,
      growth: { window: '6 hours', minGrowth: 'big', minGrowthRatio: 7, share: -1 },
    };
    const { settings, problems } = toAnalysisSettings(options);
    expect(settings.detect).toEqual({});
    expect(problems).toEqual([
      '"6 hours": the growth window is not a duration like 6h; using auto',
      '"big": the minimum growth is not a size like 16MiB; using the default',
    ]);
  });
});
