/**
 * Shortens a name to a width by cutting its middle, not its end: workload names share their start
 * (namespace, deployment, replica set hash) and differ at the end (pod suffix, container), so the end
 * is what tells them apart. Pure: the width of a text comes from `measure`.
 */
export const ELLIPSIS = '…';

/** Share of the kept characters taken from the end, where pod suffix and container are. */
const TAIL_SHARE = 0.7;

/** In the part that tells a name apart, its start matters most (the pod suffix before the container). */
const DISTINCT_TAIL_SHARE = 0.4;

function cut(chars: readonly string[], keep: number, tailShare = TAIL_SHARE): string {
  const tail = Math.ceil(keep * tailShare);
  const head = keep - tail;
  return chars.slice(0, head).join('') + ELLIPSIS + chars.slice(chars.length - tail).join('');
}

/**
 * The longest middle-elided form of `text` whose measured width is at most `maxWidth`; `text` itself
 * when it fits, the ellipsis alone when nothing else does. Characters are code points, so a character
 * outside the BMP is never split. With `distinctFrom` (a code point index, from distinctStarts), the
 * cut falls before that index where it can, so that what tells the name apart from its neighbours
 * stays whole (or, when it cannot, its start); otherwise the cut keeps more of the end than of
 * the start.
 */
export function elideMiddle(
  text: string,
  maxWidth: number,
  measure: (text: string) => number,
  distinctFrom?: number
): string {
  if (measure(text) <= maxWidth) {
    return text;
  }
  const chars = Array.from(text);
  if (distinctFrom !== undefined && distinctFrom > 0 && distinctFrom < chars.length) {
    const rest = chars.slice(distinctFrom).join('');
    const head = longest(distinctFrom - 1, (h) => chars.slice(0, h).join('') + ELLIPSIS + rest, maxWidth, measure);
    if (head !== undefined) {
      return head;
    }
    // Not even that part fits whole: cut inside it too, keeping its start.
    const distinct = chars.slice(distinctFrom);
    const inner = longest(
      distinct.length - 1,
      (keep) => ELLIPSIS + cut(distinct, keep, DISTINCT_TAIL_SHARE),
      maxWidth,
      measure
    );
    if (inner !== undefined) {
      return inner;
    }
  }
  return longest(chars.length - 1, (keep) => cut(chars, keep), maxWidth, measure) ?? ELLIPSIS;
}

/** The candidate for the largest n in [0, max] that fits (widths grow with n), if any fits. */
function longest(
  max: number,
  candidate: (n: number) => string,
  maxWidth: number,
  measure: (text: string) => number
): string | undefined {
  let lo = 0;
  let hi = max;
  let best: string | undefined;
  while (lo <= hi) {
    const n = (lo + hi) >> 1;
    const text = candidate(n);
    if (measure(text) <= maxWidth) {
      best = text;
      lo = n + 1;
    } else {
      hi = n - 1;
    }
  }
  return best;
}

/** Where a word of a name starts: after a separator of namespace, pod, container or replica set hash. */
const SEPARATOR = /[/\-_.:\s]/;

/**
 * For each name, where the part that tells it apart from the others begins: the start of the word
 * (between separators such as "/" and "-") holding the first character it differs from its closest
 * neighbour in. 0 when nothing is shared.
 */
export function distinctStarts(names: readonly string[]): number[] {
  const chars = names.map((n) => Array.from(n));
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const shared = new Array<number>(names.length).fill(0);
  const common = (a: string[], b: string[]) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) {
      i++;
    }
    return i;
  };
  // In sorted order a name shares the longest prefix with one of its two neighbours.
  for (let k = 1; k < order.length; k++) {
    const [a, b] = [order[k - 1], order[k]];
    const n = common(chars[a], chars[b]);
    shared[a] = Math.max(shared[a], n);
    shared[b] = Math.max(shared[b], n);
  }
  return shared.map((n, i) => {
    let start = Math.min(n, chars[i].length);
    while (start > 0 && !SEPARATOR.test(chars[i][start - 1])) {
      start--;
    }
    return start;
  });
}
