/**
 * Gives the specs the product's own wire-frame builder and scenario generator inside the page, so test
 * data reaches the panel as Grafana's wire format through the same code the real-stack tests use.
 */
import { generateScenario, scenarioFrames, type ScenarioName, type ScenarioOptions } from '../../../src/scenarios/generator';
import { promMatrixToFrames, toWireFrame } from '../../../src/scenarios/wire';

export const memlensWire = {
  toWireFrame,
  promMatrixToFrames,
  scenarioFrames: (name: ScenarioName, options: ScenarioOptions = {}) => scenarioFrames(generateScenario(name, options)),
};

declare global {
  interface Window {
    memlensWire: typeof memlensWire;
  }
}

window.memlensWire = memlensWire;
