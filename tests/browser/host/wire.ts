/**
 * Gives the specs (and the demo) the product's own wire-frame builder inside the page, so test data is
 * turned into Grafana's wire format by the same code the real-stack tests use, not by a copy.
 */
import { promMatrixToFrames, toWireFrame } from '../../../src/scenarios/wire';

export const memlensWire = { toWireFrame, promMatrixToFrames };

declare global {
  interface Window {
    memlensWire: typeof memlensWire;
  }
}

window.memlensWire = memlensWire;
