import type { PanelModel } from '@grafana/data';

import { migrateOptions } from './migrations';
import { DEFAULT_OPTIONS } from './options';
import type { MemLensOptions } from './types';

const panel = (options: unknown, pluginVersion?: string) =>
  ({
    id: 1,
    type: 'memlens-memory-panel',
    options,
    fieldConfig: { defaults: {}, overrides: [] },
    pluginVersion,
  }) as PanelModel<Partial<MemLensOptions>>;

describe('migrateOptions', () => {
  it('gives the defaults for a new panel', () => {
    expect(migrateOptions(panel({}))).toEqual(DEFAULT_OPTIONS);
    expect(migrateOptions(panel(undefined))).toEqual(DEFAULT_OPTIONS);
  });

  it('turns the scaffold options (v0) into MemLens defaults', () => {
    const migrated = migrateOptions(
      panel({ text: 'Default value of text input option', showSeriesCount: false, seriesCountSize: 'sm' }, '')
    );
    expect(migrated).toMatchSnapshot();
    expect(migrated).not.toHaveProperty('text');
  });

  it('migrates v0 shapes: roles as text or a list, groupBy as text, minGrowthBytes as a number', () => {
    const migrated = migrateOptions(
      panel({
        roles: 'A=usage, B=workingSet, C=nonsense',
        groupBy: 'namespace, pod',
        growth: { window: '6h', minGrowthBytes: 20_000_000, share: 0.7 },
        layers: ['rss', 'heap', 'activeFile'],
      })
    );
    expect(migrated).toMatchSnapshot();
    expect(migrated.roles).toEqual({ A: 'usage', B: 'workingSet' });
    expect(migrated.groupBy).toEqual(['namespace', 'pod']);
    expect(migrated.growth).toEqual({ window: '6h', minGrowth: '20000000', minGrowthRatio: 0.05, share: 0.7 });
    expect(migrated.layers).toEqual(['rss', 'activeFile']);
    expect(migrateOptions(panel({ roles: [{ refId: 'A', role: 'rss' }, { refId: 'B' }] })).roles).toEqual({ A: 'rss' });
  });

  it('keeps valid current options unchanged', () => {
    const current: MemLensOptions = {
      ...DEFAULT_OPTIONS,
      view: 'grid',
      groupBy: ['name'],
      lines: ['workingSet'],
      roles: { A: 'usage' },
      includePodLevel: true,
      growth: { window: '2h', minGrowth: '8MiB', minGrowthRatio: 0.1, share: 0.6 },
      legend: { ...DEFAULT_OPTIONS.legend, placement: 'right' },
    };
    expect(migrateOptions(panel(current, '1.0.0'))).toEqual(current);
    // Every layout survives, the overview table too (it came after the first two).
    for (const view of ['auto', 'grid', 'overview'] as const) {
      expect(migrateOptions(panel({ ...current, view }, '1.0.0')).view).toBe(view);
    }
  });

  it('replaces values of the wrong type with defaults', () => {
    const migrated = migrateOptions(
      panel({ view: 'carousel', includePodLevel: 'yes', growth: { minGrowthRatio: 'x', window: 5 }, lines: 'all' })
    );
    expect(migrated.view).toBe('auto');
    expect(migrated.includePodLevel).toBe(false);
    expect(migrated.growth).toEqual(DEFAULT_OPTIONS.growth);
    expect(migrated.lines).toEqual(DEFAULT_OPTIONS.lines);
  });
});
