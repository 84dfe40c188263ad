/**
 * A restart leaves the old container's series behind for a while (cAdvisor sends explicit timestamps,
 * so Prometheus's lookback repeats their last value for 5 minutes). The old series must neither add
 * to the new one (double counting) nor make the working set look like it stepped up (a growth region).
 */
import { type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from '../pipeline';
import type { Analysis } from '../types';
import { frames, lingeringRestart, MB, METRIC, plainRestart } from './cases';

const decode = (wire: DataFrameJSON[]) => wire.map((f) => dataFrameFromJSON(JSON.parse(JSON.stringify(f))));
const only = (list: Analysis[]) => {
  expect(list).toHaveLength(1);
  return list[0];
};

describe('a restart whose old series lingers', () => {
  const plainSeries = plainRestart();
  const plain = only(analyzeFrames(decode(frames(plainSeries))).analyses);
  const lingering = only(analyzeFrames(decode(frames(lingeringRestart()))).analyses);
  const ids = [...new Set(plainSeries.map((s) => s.labels.id))];
  const newUsage = plainSeries.find((s) => s.labels.__name__ === METRIC.usage && s.labels.id === ids[1])!;
  const restartMs = newUsage.times[0];

  it('the scenario has two lifetimes and the restart is marked', () => {
    expect(ids).toHaveLength(2);
    const d = lingering.decomposition;
    expect(d.restarts.some((i) => Math.abs(d.times[i] - restartMs) <= 5 * 60_000)).toBe(true);
  });

  it('usage and the stack during the lingering minutes are the new container alone', () => {
    const d = lingering.decomposition;
    let checked = 0;
    newUsage.times.slice(0, 5).forEach((t, k) => {
      const i = d.times.indexOf(t);
      if (i < 0) {
        return;
      }
      checked++;
      expect(d.lines.usage![i]).toBe(newUsage.values[k]);
      const stack = Object.values(d.layers).reduce((a, l) => a + (Number.isNaN(l![i]) ? 0 : l![i]), 0);
      // The new container is ~190 MB; old + new would be twice that.
      expect(stack).toBeLessThan(newUsage.values[k] + 8 * MB);
    });
    expect(checked).toBeGreaterThan(2);
  });

  it('the figures and regions match the same restart without lingering samples', () => {
    expect(lingering.verdict).toBe(plain.verdict);
    expect(Math.abs(lingering.workingSetGrowthBytes - plain.workingSetGrowthBytes)).toBeLessThan(1 * MB);
    expect(lingering.regions.map((r) => r.kind)).toEqual(plain.regions.map((r) => r.kind));
    // No region is made of the lingering window's step.
    for (const r of lingering.regions) {
      expect(r.fromMs >= restartMs - 60_000 && r.toMs <= restartMs + 10 * 60_000).toBe(false);
    }
  });
});
