import { COLUMN_ORDER, layoutColumns, NAME_MIN, SCROLLBAR } from './columns';

const NEEDS = {
  workingSet: 90,
  growth: 150,
  headroom: 170,
  timeToLimit: 110,
  pressure: 160,
  verdictLong: 300,
  verdictShort: 150,
  name: 420,
};

const ids = (width: number) => layoutColumns(width, NEEDS).columns.map((c) => c.id);

describe('layoutColumns', () => {
  it('shows every column, the verdict in full, on a wide panel, and never exceeds the panel', () => {
    const layout = layoutColumns(1900, NEEDS);
    expect(layout.columns.map((c) => c.id)).toEqual(COLUMN_ORDER);
    expect(layout.hidden).toEqual([]);
    expect(layout.verdictText).toBe('long');
    expect(layout.total).toBe(1900 - SCROLLBAR);
  });

  it('lets columns give way in priority order as the panel narrows, the verdict last', () => {
    expect(ids(1000)).toEqual(['name', 'layers', 'growth', 'verdict', 'timeToLimit', 'headroom']);
    // The time to the limit comes before the headroom: it says when, the headroom only how much;
    // the layers come before both figures of the workload's state, the working set last.
    expect(ids(700)).toEqual(['name', 'layers', 'growth', 'verdict', 'timeToLimit']);
    expect(ids(640)).toEqual(['name', 'growth', 'verdict', 'timeToLimit']);
    expect(ids(480)).toEqual(['name', 'growth', 'verdict']);
    expect(ids(320)).toEqual(['name', 'verdict']);
    expect(layoutColumns(320, NEEDS).hidden).toEqual([
      'layers',
      'workingSet',
      'growth',
      'pressure',
      'timeToLimit',
      'headroom',
    ]);
  });

  it('uses the short verdict until the long one fits beside the others and the whole name', () => {
    expect(layoutColumns(1000, NEEDS).verdictText).toBe('short');
    // 1,500 px would hold the long verdict, but only by cutting the name.
    expect(layoutColumns(1500, NEEDS).verdictText).toBe('short');
    const wide = layoutColumns(1650, NEEDS);
    expect(wide.verdictText).toBe('long');
    expect(wide.columns.find((c) => c.id === 'name')!.width).toBeGreaterThanOrEqual(NEEDS.name);
  });

  it('keeps every width within the panel and the name at its minimum or more while a column shows', () => {
    for (let width = 200; width <= 2000; width += 37) {
      const layout = layoutColumns(width, NEEDS);
      expect(layout.total).toBeLessThanOrEqual(width - SCROLLBAR);
      const name = layout.columns.find((c) => c.id === 'name')!.width;
      if (layout.columns.length > 2) {
        expect(name).toBeGreaterThanOrEqual(NAME_MIN);
      }
      for (const c of layout.columns) {
        expect(c.width).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('never asks more of the name than its widest text needs', () => {
    const short = { ...NEEDS, name: 90 };
    // With a short name the minimum is the name itself: more columns fit.
    expect(layoutColumns(480, short).columns.map((c) => c.id)).toEqual(['name', 'growth', 'verdict']);
    expect(layoutColumns(600, short).columns.map((c) => c.id)).toEqual(['name', 'growth', 'verdict', 'timeToLimit']);
  });
});
