/**
 * Small readings of a Decomposition that the detector and the views must agree on: the order of its
 * layers, bottom of the stack first, and the line that stands for its working set.
 */
import { CONTAINER_LAYERS, type Decomposition, type Layer, NODE_LAYERS } from './types';

/** The workload kind's layers, bottom of the stack first. */
export function layerOrder(dec: Decomposition): readonly Layer[] {
  return dec.workload.kind === 'node' ? NODE_LAYERS : CONTAINER_LAYERS;
}

/** The working set, or usage where no working-set series exists (the detector's fallback, which views follow). */
export function workingSetLine(dec: Decomposition): Float64Array | undefined {
  return dec.lines.workingSet ?? dec.lines.usage;
}
