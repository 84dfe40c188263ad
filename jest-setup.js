// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
// uPlot draws on a canvas: jsdom has none, so record draw calls instead (assertable in tests).
import 'jest-canvas-mock';

// jsdom has no ResizeObserver; @grafana/ui's AutoSizer-like components need one.
class ResizeObserverStub {
  constructor(callback) {
    this.callback = callback;
  }
  observe(target) {
    this.callback([{ target, contentRect: { width: 800, height: 400 } }], this);
  }
  unobserve() {}
  disconnect() {}
}
global.ResizeObserver = global.ResizeObserver || ResizeObserverStub;
