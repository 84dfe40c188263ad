/**
 * Which of the overview's columns a panel of a given width shows, and how wide each is. Figures are
 * never cut: a column is as wide as its widest text (measured by the caller), and when the panel is
 * too narrow for all of them the least needed columns give way, in PRIORITY order; the workload name
 * takes what is left and is cut in its middle. Pure: widths in, widths out.
 */
export type ColumnId =
  | 'name'
  | 'layers'
  | 'workingSet'
  | 'growth'
  | 'verdict'
  | 'pressure'
  | 'timeToLimit'
  | 'headroom';

/** Left to right. */
export const COLUMN_ORDER: readonly ColumnId[] = [
  'name',
  'layers',
  'workingSet',
  'growth',
  'verdict',
  'pressure',
  'timeToLimit',
  'headroom',
];

/**
 * The columns besides the name, most needed first: the verdict answers the panel's question, the
 * growth and the time to the limit say whether it matters, and the layers show what grew, which a
 * reader checks the verdict against before any other figure.
 */
export const PRIORITY: readonly ColumnId[] = [
  'verdict',
  'growth',
  'timeToLimit',
  'layers',
  'headroom',
  'pressure',
  'workingSet',
];

/** A name narrower than this no longer tells workloads apart, even cut in the middle. */
export const NAME_MIN = 140;
/** Room kept for the list's vertical scrollbar. */
export const SCROLLBAR = 12;
const SPARK_MIN = 80;
const SPARK_MAX = 200;

export interface ColumnNeeds {
  /** Widest text of each figure column, header included, padding included, px. */
  workingSet: number;
  growth: number;
  headroom: number;
  timeToLimit: number;
  pressure: number;
  /** The verdict cell with its full text, and with the short kind name. */
  verdictLong: number;
  verdictShort: number;
  /** The widest workload name whole, px (the name column never needs more). */
  name: number;
}

export interface ColumnLayout {
  /** The columns shown, left to right, with their widths, px. */
  columns: Array<{ id: ColumnId; width: number }>;
  /** The columns left out at this width, in COLUMN_ORDER. */
  hidden: ColumnId[];
  verdictText: 'long' | 'short';
  /** The sum of the widths: never more than the panel's width less the scrollbar. */
  total: number;
}

export function layoutColumns(width: number, needs: ColumnNeeds): ColumnLayout {
  const room = Math.max(0, Math.floor(width) - SCROLLBAR);
  const spark = Math.round(Math.min(SPARK_MAX, Math.max(SPARK_MIN, room * 0.18)));
  const wants: Record<Exclude<ColumnId, 'name'>, number> = {
    verdict: needs.verdictShort,
    growth: needs.growth,
    headroom: needs.headroom,
    timeToLimit: needs.timeToLimit,
    pressure: needs.pressure,
    workingSet: needs.workingSet,
    layers: spark,
  };
  const nameMin = Math.min(NAME_MIN, needs.name);
  const shown = new Map<ColumnId, number>();
  let used = 0;
  for (const id of PRIORITY) {
    const w = wants[id as keyof typeof wants];
    // The verdict stays even where the name must then shrink below its minimum: it is the answer.
    if (nameMin + used + w <= room || id === 'verdict') {
      shown.set(id, w);
      used += w;
    } else {
      // Lower columns may still fit where a wider one did not, but a gap in priority would read as
      // arbitrary: once one column gives way, the ones after it do too.
      break;
    }
  }
  let verdictText: 'long' | 'short' = 'short';
  const longer = needs.verdictLong - needs.verdictShort;
  // The whole name comes before the verdict's long text: the names are what tell the rows apart.
  if (longer > 0 && needs.name + used + longer <= room) {
    verdictText = 'long';
    shown.set('verdict', needs.verdictLong);
    used += longer;
  } else if (longer <= 0) {
    verdictText = 'long';
  }
  const name = Math.max(0, room - used);
  shown.set('name', name);
  const columns = COLUMN_ORDER.filter((id) => shown.has(id)).map((id) => ({ id, width: shown.get(id)! }));
  return {
    columns,
    hidden: COLUMN_ORDER.filter((id) => !shown.has(id)),
    verdictText,
    total: columns.reduce((sum, c) => sum + c.width, 0),
  };
}
