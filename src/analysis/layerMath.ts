/** Small typed-array helpers shared by the container and node decompositions. */
import { float64Array } from './arena';
import type { Layer, Message } from './types';

export function nanArray(n: number): Float64Array {
  return float64Array(n).fill(NaN);
}

let unknown: Float64Array = new Float64Array(0);

/**
 * An all-NaN array of length n for a role with no series, shared and never written: one fresh array
 * per absent role and workload was a good part of the garbage. Callers only read it.
 */
export function unknownValues(n: number): Float64Array {
  if (unknown.length < n) {
    unknown = nanArray(n);
  }
  return unknown.length === n ? unknown : unknown.subarray(0, n);
}

/** True when some value is below 0 (clamping would change the array). */
export function hasNegative(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) {
      return true;
    }
  }
  return false;
}

/** True when at least one value is a number. */
export function hasValues<T extends ArrayLike<number>>(a: T | undefined): a is T {
  if (!a) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isNaN(a[i])) {
      return true;
    }
  }
  return false;
}

/**
 * NaN for "unknown" in hot loops. V8 reads the global NaN as a boxed number, so `c ? x : NaN` made it
 * box x too: one heap allocation per point. A constant of the module's own compiles to a plain double.
 */
export const NO_VALUE = NaN;

/**
 * Sets negative values to 0 and counts them for a note with the largest clamped amount; values
 * above −1 byte are rounding (as in sumMismatch) and clamped without a note. Negative remainders
 * come from counters read at different instants; a stacked band must never go below zero.
 */
export class NegativeClamp {
  points = 0;
  maxBytes = 0;

  clamp(x: number): number {
    if (x < 0) {
      if (x < -1) {
        this.points++;
        this.maxBytes = Math.max(this.maxBytes, -x);
      }
      return 0;
    }
    return x;
  }

  note(layer: Layer): Message | undefined {
    const { points, maxBytes } = this;
    return points ? { id: 'decompose.note.clamped', params: { layer, maxBytes, points } } : undefined;
  }
}

/** Clamps the negative values of `a` in place (see NegativeClamp); the note, or undefined. */
export function clampNegative(layer: Layer, a: Float64Array): Message | undefined {
  const c = new NegativeClamp();
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0) {
      a[i] = c.clamp(a[i]);
    }
  }
  return c.note(layer);
}

/** Copies every array from index `from` on (dropping leading points). */
export function sliceFrom<T extends Partial<Record<string, Float64Array | Uint8Array>>>(arrays: T, from: number): T {
  const out: Partial<Record<string, Float64Array | Uint8Array>> = {};
  for (const [k, v] of Object.entries(arrays)) {
    if (v) {
      out[k] = v.slice(from);
    }
  }
  return out as T;
}

/**
 * Points where the stacked layers' sum differs from the line it should equal by more than a byte:
 * inputs read at different instants, or clamping. A tally, so that a pass that already has the sums
 * (the container stack's) need not make another.
 */
export class SumMismatch {
  points = 0;
  maxBytes = 0;

  add(sum: number, total: number): void {
    const diff = Math.abs(sum - total);
    const over = diff > 1;
    // Both fields are written at every point: a write only on the rare branch had no type feedback
    // when a caller's loop was optimised, and V8 then threw that code away again and again.
    this.points += over ? 1 : 0;
    this.maxBytes = over && diff > this.maxBytes ? diff : this.maxBytes;
  }

  /** Undefined when they agree everywhere both are known. */
  note(): Message | undefined {
    const { points, maxBytes } = this;
    return points ? { id: 'decompose.note.sumMismatch', params: { maxBytes, points } } : undefined;
  }
}

/** The SumMismatch note of the layers' sum (added bottom first) against `total`. */
export function sumMismatch(layers: Float64Array[], total: Float64Array): Message | undefined {
  const tally = new SumMismatch();
  for (let i = 0; i < total.length; i++) {
    let sum = 0;
    for (let k = 0; k < layers.length; k++) {
      sum += layers[k][i];
    }
    tally.add(sum, total[i]);
  }
  return tally.note();
}

/** Which layers are missing and which metrics would bring them; when none would, the inputs never overlapped. */
export function layersMissingNote(missing: Layer[], metrics: string[]): Message {
  return metrics.length
    ? { id: 'decompose.note.layersMissing', params: { layers: missing.join(', '), metrics: metrics.join(', ') } }
    : { id: 'decompose.note.layersUnknown', params: { layers: missing.join(', ') } };
}

export interface Excess {
  /** Points where `over` exceeds `under` by more than a byte. */
  points: number;
  /** Points where both are known. */
  known: number;
  /** The largest excess, bytes. */
  maxBytes: number;
}

/** A running Excess, fed one difference `over − under` per point (NaN where either is unknown). */
export class ExcessTally implements Excess {
  points = 0;
  known = 0;
  maxBytes = 0;

  add(d: number): void {
    if (Number.isNaN(d)) {
      return;
    }
    this.known++;
    const over = d > 1;
    // Written at every known point, not only past a byte: see SumMismatch.add.
    this.points += over ? 1 : 0;
    this.maxBytes = over && d > this.maxBytes ? d : this.maxBytes;
  }

  result(): Excess {
    return { points: this.points, known: this.known, maxBytes: this.maxBytes };
  }
}

/** Where `over` exceeds `under` by more than a byte (rounding), among the points where both are known. */
export function excess(over: Float64Array, under: Float64Array): Excess {
  const tally = new ExcessTally();
  for (let i = 0; i < over.length; i++) {
    tally.add(over[i] - under[i]);
  }
  return tally.result();
}
