/** Timing helpers shared by the benchmarks: repeated runs after a warm-up, summarised as min/median/max. */
import { performance } from 'node:perf_hooks';

export interface Summary {
  min: number;
  median: number;
  max: number;
  runs: number;
}

export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, max: s[s.length - 1], runs: s.length };
}

declare const gc: undefined | (() => void);

/** ms of one call, after a collection so one run's garbage does not land on the next. */
export function timeOnce(fn: () => unknown): { ms: number; result: unknown } {
  if (typeof gc === 'function') {
    gc();
  }
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

/**
 * Runs the contenders interleaved (a, b, a, b, …) so drift in the machine's load hits both alike;
 * `warmup` rounds are discarded.
 */
export function interleaved(
  contenders: Record<string, () => unknown>,
  rounds: number,
  warmup = 1
): Record<string, Summary> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const { ms } = timeOnce(fn);
      if (r >= warmup) {
        samples[name].push(ms);
      }
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)]));
}
