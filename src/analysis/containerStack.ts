/**
 * The per-point arithmetic of a container's stack (decompose.ts has the identities and the notes):
 * each layer direct where cAdvisor gives it fresh, else derived, and clamped at 0. One pass over the
 * points in a function of its own, small enough for V8 to inline its helpers: called across a large
 * function, they boxed every intermediate number on the heap.
 */
import { float64Array } from './arena';
import { type Excess, ExcessTally, NegativeClamp, NO_VALUE, SumMismatch } from './layerMath';
import type { ContainerLayer, Message, Role } from './types';

/** The aligned inputs (an absent role reads NaN); rss already clamped. */
export interface StackInputs {
  usage: Float64Array;
  workingSet: Float64Array;
  rss: Float64Array;
  cache: Float64Array;
  kernel: Float64Array;
  activeFile: Float64Array;
  inactiveFile: Float64Array;
  shmem: Float64Array;
}

/** The inputs whose freshness the stack weighs, in the bit order of the `carried` mask (align.ts). */
export const FRESHNESS_ROLES: readonly Role[] = [
  'usage',
  'workingSet',
  'rss',
  'cache',
  'kernel',
  'activeFile',
  'inactiveFile',
];
const bitOf = (role: Role) => 1 << FRESHNESS_ROLES.indexOf(role);
const U_BIT = bitOf('usage');
const W_BIT = bitOf('workingSet');
const R_BIT = bitOf('rss');
const C_BIT = bitOf('cache');
const K_BIT = bitOf('kernel');
const A_BIT = bitOf('activeFile');
const I_BIT = bitOf('inactiveFile');

export interface ContainerStack {
  layers: { inactiveFile: Float64Array; kernel: Float64Array; shmem: Float64Array; activeFile: Float64Array };
  /** Whether the layer was derived at some point with a value. */
  derivedAt: Record<ContainerLayer, boolean>;
  /** Whether container_memory_kernel_usage was used at some point. */
  kernelDirect: boolean;
  /** Clamping notes, in stack order (inactiveFile, kernel, shmem, activeFile). */
  clamped: Array<Message | undefined>;
  /** The identities' checks, tallied in the same pass (decompose.ts decides which apply). */
  checks: {
    workingSetOverUsage: Excess;
    cacheOverUsage: Excess;
    /** rss + kernel + activeFile + inactiveFile against usage, without and with shmem on top. */
    sumMismatch: Message | undefined;
    sumMismatchWithShmem: Message | undefined;
  };
}

/**
 * A direct metric carried over its own gap loses to a derivation from fresh inputs: both sides of an
 * identity must be of one instant.
 */
function takeDirect(direct: number, directFresh: boolean, derived: number, derivedFresh: boolean): boolean {
  return direct === direct && (directFresh || derived !== derived || !derivedFresh);
}

/** `carried`: bit set where an input's value was carried over a gap, bits in FRESHNESS_ROLES order. */
export function stackContainer(v: StackInputs, carried: Uint8Array): ContainerStack {
  const { usage: U, workingSet: W, rss, cache: C, kernel: K, activeFile: A, inactiveFile: I, shmem: S } = v;
  const n = U.length;
  const inactiveFile = float64Array(n);
  const kernel = float64Array(n);
  const shmem = float64Array(n);
  const activeFile = float64Array(n);
  const clampInactive = new NegativeClamp();
  const clampKernel = new NegativeClamp();
  const clampShmem = new NegativeClamp();
  const clampActive = new NegativeClamp();
  let inactiveDerived = false;
  let kernelDerived = false;
  let shmemDerived = false;
  let activeDerived = false;
  let kernelDirect = false;
  const workingSetOverUsage = new ExcessTally();
  const cacheOverUsage = new ExcessTally();
  const mismatch = new SumMismatch();
  const mismatchWithShmem = new SumMismatch();

  // Each layer is computed from the already-clamped layers before it, so clamping one keeps the sum at usage.
  for (let i = 0; i < n; i++) {
    const m = carried[i];
    const freshU = (m & U_BIT) === 0;
    const freshC = (m & C_BIT) === 0;
    const freshA = (m & A_BIT) === 0;
    const freshI = (m & I_BIT) === 0;

    const dI = U[i] - W[i];
    const dIFresh = freshU && (m & W_BIT) === 0;
    let inactive = dI;
    let inactiveFresh = dIFresh;
    if (takeDirect(I[i], freshI, dI, dIFresh)) {
      inactive = I[i];
      inactiveFresh = freshI;
    } else if (dI === dI) {
      inactiveDerived = true;
    }
    inactive = clampInactive.clamp(inactive);
    inactiveFile[i] = inactive;

    const dK = U[i] - rss[i] - C[i];
    const directK = K[i] > 0 ? K[i] : NO_VALUE;
    if (takeDirect(directK, (m & K_BIT) === 0, dK, freshU && (m & R_BIT) === 0 && freshC)) {
      kernel[i] = clampKernel.clamp(directK);
      kernelDirect = true;
    } else {
      kernel[i] = clampKernel.clamp(dK);
      kernelDerived ||= dK === dK;
    }

    let sh = S[i];
    let shmemFromLru = false;
    if (
      sh !== sh &&
      A[i] === A[i] &&
      C[i] === C[i] &&
      inactive === inactive &&
      freshA === freshC &&
      freshA === inactiveFresh
    ) {
      // The LRU lists and the cache of one instant: what the cache holds off the file LRU is shmem. The
      // inactive list may be derived (usage − working set is cAdvisor's own inactive_file): with the
      // direct active list taken as is, shmem must absorb the rest of the cache or the stack loses it.
      sh = C[i] - A[i] - inactive;
      shmemFromLru = true;
      shmemDerived = true;
    }
    sh = clampShmem.clamp(sh);
    shmem[i] = sh;

    const dA = C[i] - inactive - (sh === sh ? sh : 0);
    if (shmemFromLru || takeDirect(A[i], freshA, dA, freshC && inactiveFresh)) {
      activeFile[i] = clampActive.clamp(A[i]);
    } else {
      activeFile[i] = clampActive.clamp(dA);
      activeDerived ||= dA === dA;
    }

    workingSetOverUsage.add(W[i] - U[i]);
    cacheOverUsage.add(C[i] - U[i]);
    // Added bottom first, as sumMismatch does.
    const sum = 0 + rss[i] + kernel[i] + activeFile[i] + inactive;
    mismatch.add(sum, U[i]);
    mismatchWithShmem.add(sum + sh, U[i]);
  }
  return {
    layers: { inactiveFile, kernel, shmem, activeFile },
    derivedAt: {
      rss: false,
      inactiveFile: inactiveDerived,
      kernel: kernelDerived,
      shmem: shmemDerived,
      activeFile: activeDerived,
    },
    kernelDirect,
    clamped: [
      clampInactive.note('inactiveFile'),
      clampKernel.note('kernel'),
      clampShmem.note('shmem'),
      clampActive.note('activeFile'),
    ],
    checks: {
      workingSetOverUsage: workingSetOverUsage.result(),
      cacheOverUsage: cacheOverUsage.result(),
      sumMismatch: mismatch.note(),
      sumMismatchWithShmem: mismatchWithShmem.note(),
    },
  };
}
