/**
 * Shortens a name to a width by cutting its middle, not its end: workload names share their start
 * (namespace, deployment, replica set hash) and differ at the end (pod suffix, container), so the end
 * is what tells them apart. Pure: the width of a text comes from `measure`.
 */
export const ELLIPSIS = '…';

/** Share of the kept characters taken from the end, where pod suffix and container are. */
const TAIL_SHARE = 0.7;

function cut(chars: readonly string[], keep: number): string {
  const tail = Math.ceil(keep * TAIL_SHARE);
  const head = keep - tail;
  return chars.slice(0, head).join('') + ELLIPSIS + chars.slice(chars.length - tail).join('');
}

/**
 * The longest middle-elided form of `text` whose measured width is at most `maxWidth`; `text` itself
 * when it fits, the ellipsis alone when nothing else does. Characters are code points, so a character
 * outside the BMP is never split.
 */
export function elideMiddle(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) {
    return text;
  }
  const chars = Array.from(text);
  // Widths grow with the characters kept: binary search for the most that fit.
  let lo = 1;
  let hi = chars.length - 1;
  let best = ELLIPSIS;
  while (lo <= hi) {
    const keep = (lo + hi) >> 1;
    const candidate = cut(chars, keep);
    if (measure(candidate) <= maxWidth) {
      best = candidate;
      lo = keep + 1;
    } else {
      hi = keep - 1;
    }
  }
  return best;
}
