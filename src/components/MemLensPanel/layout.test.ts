import { gridLayout, MIN_CELL_HEIGHT, rowsInView } from './layout';

describe('gridLayout', () => {
  it('gives one workload the whole panel', () => {
    expect(gridLayout(1, 900, 500)).toEqual({ columns: 1, cellWidth: 900, cellHeight: 500 });
  });

  it('stacks two workloads when they fit one above the other, else side by side', () => {
    expect(gridLayout(2, 900, 600).columns).toBe(1);
    expect(gridLayout(2, 900, 400).columns).toBe(2);
  });

  it('never shrinks cells below the readable minimum: many workloads scroll', () => {
    const l = gridLayout(40, 1200, 600);
    expect(l.columns).toBe(3);
    expect(l.cellHeight).toBe(MIN_CELL_HEIGHT);
    expect(l.cellWidth).toBe(400);
  });

  it('fits one row of charts to a panel lower than the minimum instead of scrolling', () => {
    expect(gridLayout(1, 320, 200)).toEqual({ columns: 1, cellWidth: 320, cellHeight: 200 });
    expect(gridLayout(4, 1900, 200)).toEqual({ columns: 4, cellWidth: 475, cellHeight: 200 });
    // Two rows still keep the minimum and scroll.
    expect(gridLayout(4, 640, 200).cellHeight).toBe(MIN_CELL_HEIGHT);
  });

  it('keeps one column in a narrow panel', () => {
    expect(gridLayout(3, 250, 900).columns).toBe(1);
  });
});

describe('rowsInView', () => {
  it('counts a row shown in part', () => {
    expect(rowsInView(0, 900, 240, 7)).toEqual([0, 4]);
    expect(rowsInView(250, 900, 240, 7)).toEqual([1, 5]);
  });

  it('never goes past the last row', () => {
    expect(rowsInView(1500, 900, 240, 7)).toEqual([6, 7]);
    expect(rowsInView(0, 900, 240, 2)).toEqual([0, 2]);
  });

  it('shows no row in an empty grid', () => {
    expect(rowsInView(0, 900, 240, 0)).toEqual([0, 0]);
  });
});
