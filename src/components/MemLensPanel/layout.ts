/** The smallest chart that still reads: narrower or lower cells scroll instead of shrinking. */
const MIN_CELL_WIDTH = 320;
export const MIN_CELL_HEIGHT = 240;

export interface GridLayout {
  columns: number;
  cellWidth: number;
  cellHeight: number;
}

/**
 * How to lay out `count` workloads as one chart each. Whether the overview table replaces the charts
 * is decided by showsOverview (components/Overview), which MemLensPanelView asks first.
 */
export function gridLayout(count: number, width: number, height: number): GridLayout {
  const n = Math.max(1, count);
  const maxColumns = Math.max(1, Math.floor(width / MIN_CELL_WIDTH));
  // Prefer the column count that keeps cells closest to 2:1 while fitting the panel's height.
  let columns = Math.min(n, maxColumns);
  for (let c = 1; c <= Math.min(n, maxColumns); c++) {
    const rows = Math.ceil(n / c);
    if (height / rows >= MIN_CELL_HEIGHT || c === Math.min(n, maxColumns)) {
      columns = c;
      break;
    }
  }
  const rows = Math.ceil(n / columns);
  const cellWidth = Math.floor(width / columns);
  // One row of charts takes the panel's height however low it is: a low panel shows its charts
  // whole (with a compact banner) rather than half a chart to scroll.
  const cellHeight = rows === 1 ? Math.floor(height) : Math.max(MIN_CELL_HEIGHT, Math.floor(height / rows));
  return { columns, cellWidth, cellHeight };
}

/**
 * The rows of equal height `rowHeight` that a viewport `viewport` high, scrolled to `scrollTop`,
 * shows at least in part: [first, last).
 */
export function rowsInView(scrollTop: number, viewport: number, rowHeight: number, rows: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight));
  const last = Math.min(rows, Math.ceil((scrollTop + viewport) / rowHeight));
  return [Math.min(first, last), last];
}
