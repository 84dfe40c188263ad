/** How far detected regions start from the true ones, in windows (shared by the tests and scripts/accuracy.ts). */
export function regionStartErrors(
  truth: Array<{ fromMs: number }>,
  detected: Array<{ fromMs: number; toMs: number }>,
  windowMs: number
): number[] {
  // Each true start is matched with the detected region nearest to it; a missing region is Infinity.
  return truth.map((t) => {
    let best = Infinity;
    for (const r of detected) {
      best = Math.min(best, Math.abs(r.fromMs - t.fromMs) / windowMs);
    }
    return best;
  });
}
