/**
 * The per-point arithmetic of a container's stack (decompose.ts has the identities and the notes):
 * each layer direct where cAdvisor gives it fresh, else derived, and clamped at 0. One pass over the
 * points in a function of its own, small enough for V8 to inline its helpers: called across a large
 * function, they boxed every intermediate number on the heap.
 */
import { float64Array } from './arena';
import { NegativeClamp, NO_VALUE } from './layerMath';
import type { ContainerLayer, Message } from './types';

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

/** Per input, 1 where its value was carried over a gap (see align.ts). */
export type StackCarried = Record<Exclude<keyof StackInputs, 'shmem'>, Uint8Array>;

export interface ContainerStack {
  layers: { inactiveFile: Float64Array; kernel: Float64Array; shmem: Float64Array; activeFile: Float64Array };
  /** Whether the layer was derived at some point with a value. */
  derivedAt: Record<ContainerLayer, boolean>;
  /** Whether container_memory_kernel_usage was used at some point. */
  kernelDirect: boolean;
  /** Clamping notes, in stack order (inactiveFile, kernel, shmem, activeFile). */
  clamped: Array<Message | undefined>;
}

/**
 * A direct metric carried over its own gap loses to a derivation from fresh inputs: both sides of an
 * identity must be of one instant.
 */
function takeDirect(direct: number, directFresh: boolean, derived: number, derivedFresh: boolean): boolean {
  return direct === direct && (directFresh || derived !== derived || !derivedFresh);
}

export function stackContainer(v: StackInputs, carried: StackCarried): ContainerStack {
  const { usage: U, workingSet: W, rss, cache: C, kernel: K, activeFile: A, inactiveFile: I, shmem: S } = v;
  const { usage: cU, workingSet: cW, rss: cR, cache: cC, kernel: cK, activeFile: cA, inactiveFile: cI } = carried;
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

  // Each layer is computed from the already-clamped layers before it, so clamping one keeps the sum at usage.
  for (let i = 0; i < n; i++) {
    const freshU = cU[i] === 0;
    const freshC = cC[i] === 0;
    const freshA = cA[i] === 0;

    const dI = U[i] - W[i];
    const dIFresh = freshU && cW[i] === 0;
    let inactive = dI;
    let inactiveFresh = dIFresh;
    if (takeDirect(I[i], cI[i] === 0, dI, dIFresh)) {
      inactive = I[i];
      inactiveFresh = cI[i] === 0;
    } else if (dI === dI) {
      inactiveDerived = true;
    }
    inactive = clampInactive.clamp(inactive);
    inactiveFile[i] = inactive;

    const dK = U[i] - rss[i] - C[i];
    const directK = K[i] > 0 ? K[i] : NO_VALUE;
    if (takeDirect(directK, cK[i] === 0, dK, freshU && cR[i] === 0 && freshC)) {
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
  };
}
