/**
 * Cache temperature: is the file cache needed, or idle? Pages the kernel dropped and that are read
 * back are refaults (workingset_refault_file). Cache that is never read again costs nothing: the
 * kernel reclaims it on demand. Cache that keeps coming back is part of what the workload needs.
 */
import type { CacheTemperatureResult, Decomposition } from '../types';
import { meanOf, PAGE_BYTES } from './signals';

/**
 * Hot: the file cache read back from disk once an hour or more.  A reader cycling through more
 * than its limit re-reads its whole cache every few minutes (thousands of % per hour); a log writer
 * refaults nothing. The threshold is the one MemLensCacheThrashing uses (the recording rules).
 */
export const HOT_TURNOVER_PER_HOUR = 1;

/** Below this the cache counts as empty: a handful of refaults must not read as turnover. */
const MIN_CACHE_BYTES = 1024 * 1024;

/** The file cache (active + inactive) at each axis time, NaN where unknown. */
export function fileCache(d: Decomposition): Float64Array | undefined {
  const { activeFile, inactiveFile } = d.layers;
  if (!activeFile && !inactiveFile) {
    return undefined;
  }
  const out = new Float64Array(d.times.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = (activeFile?.[i] ?? 0) + (inactiveFile?.[i] ?? 0);
  }
  return out;
}

/** The temperature of the cache over axis indices [from, to), from the refault rate (pages/s). */
export function temperatureOver(
  refaultPagesPerSec: Float64Array | undefined,
  cache: Float64Array | undefined,
  from: number,
  to: number
): CacheTemperatureResult {
  if (!refaultPagesPerSec) {
    return { state: 'unknown', refaultBytesPerSec: null, turnoverPerHour: null };
  }
  const rate = meanOf(refaultPagesPerSec, from, to);
  if (rate !== rate) {
    return { state: 'unknown', refaultBytesPerSec: null, turnoverPerHour: null };
  }
  const bytesPerSec = rate * PAGE_BYTES;
  const size = Math.max(MIN_CACHE_BYTES, meanOf(cache, from, to) || 0);
  const turnoverPerHour = (bytesPerSec * 3600) / size;
  return {
    state: turnoverPerHour >= HOT_TURNOVER_PER_HOUR ? 'hot' : 'idle',
    refaultBytesPerSec: bytesPerSec,
    turnoverPerHour,
  };
}
