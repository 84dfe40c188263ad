/**
 * Typed arrays for the pipeline's results, carved from shared blocks rather than each with its own
 * ArrayBuffer. V8 answers a stream of ArrayBuffer allocations with full garbage collections, each of
 * which marks the whole heap (in a panel: every frame of the query); one block per ~20 arrays made
 * the pipeline collect several times less (see bench/). A block lives as long as any array carved
 * from it, so only results that live together (one analysis run's) come from here, never scratch.
 */

/** Arrays larger than a quarter block get their own buffer, so a block wastes at most a quarter. */
const BLOCK_BYTES = 1 << 20;

let block = new ArrayBuffer(0);
let used = 0;

function carve(bytes: number): [ArrayBuffer, number] {
  // Float64Array views must start on an 8-byte boundary.
  const offset = (used + 7) & ~7;
  if (offset + bytes <= block.byteLength) {
    used = offset + bytes;
    return [block, offset];
  }
  if (bytes > BLOCK_BYTES / 4) {
    return [new ArrayBuffer(bytes), 0];
  }
  block = new ArrayBuffer(BLOCK_BYTES);
  used = bytes;
  return [block, 0];
}

/** A zero-filled Float64Array of length n. */
export function float64Array(n: number): Float64Array {
  const [buffer, offset] = carve(n * 8);
  return new Float64Array(buffer, offset, n);
}

/** A copy of `a` in a carved array. */
export function copyOf(a: Float64Array): Float64Array {
  const out = float64Array(a.length);
  out.set(a);
  return out;
}

/**
 * Working arrays for one unit of work (one workload's alignment) that the next unit reuses:
 * `reset()` at its start hands the same buffers out again. What is taken is valid only until then,
 * so nothing taken from a pool may end up in a result.
 */
export class ScratchPool<T extends Float64Array | Uint8Array> {
  private readonly buffers: T[] = [];
  private used = 0;

  constructor(private readonly make: (n: number) => T) {}

  reset(): void {
    this.used = 0;
  }

  /** An array of length n, zero-filled (its old contents are not to be read). */
  take(n: number): T {
    let buffer = this.buffers[this.used];
    if (!buffer || buffer.length < n) {
      buffer = this.make(n);
      this.buffers[this.used] = buffer;
    }
    this.used++;
    const view = (buffer.length === n ? buffer : buffer.subarray(0, n)) as T;
    view.fill(0);
    return view;
  }
}
