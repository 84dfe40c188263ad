/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The container dashboard's growth-region annotation queries, answered by a real Prometheus over
 * three days of backfilled cAdvisor data with the MemLens recording rules backfilled by promtool
 * (lib/growthRegions.ts): the incident's file cache, a leak and a GC sawtooth. Each true growth gets
 * exactly one region of its kind, starting and ending within the rules' look-back (9 h: a 1 h mean
 * and an 8 h slope) after the truth; the sawtooth gets none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { annotationQueries, type GrowthStack, queryRegions, type Region, startGrowthStack } from './lib/growthRegions';

const HOUR = 3_600_000;
/** The rules' look-back: avg_over_time(…[1h]) then deriv(…[8h]). */
const WINDOW_MS = 9 * HOUR;
const dashboard = JSON.parse(
  readFileSync(join(__dirname, '../../provisioning/dashboards/container-memory.json'), 'utf8')
);

let stack: GrowthStack | undefined;
const regions: Region[] = [];

beforeAll(async () => {
  stack = await startGrowthStack();
  for (const q of annotationQueries(dashboard)) {
    regions.push(...(await queryRegions(stack.prometheus.url, q.expr, stack.startMs, stack.endMs, q.stepMs)));
  }
  const h = (ms: number) => ((ms - stack!.startMs) / HOUR).toFixed(1);
  const rows = stack.cases.map((c) => {
    const got = regions.filter((r) => r.pod === c.pod);
    const truth = c.truth ? `${c.truth.kind} ${h(c.truth.fromMs)}–${h(c.truth.toMs)} h` : 'none';
    const seen = got.map((r) => `${r.kind} ${h(r.fromMs)}–${h(r.toMs)} h`).join(', ') || 'none';
    const lag =
      c.truth && got[0]
        ? `start +${((got[0].fromMs - c.truth.fromMs) / HOUR).toFixed(2)} h, end +${((got[0].toMs - c.truth.toMs) / HOUR).toFixed(2)} h`
        : '';
    return `  ${c.name.padEnd(30)} ${c.pod.padEnd(12)} truth ${truth.padEnd(24)} regions ${seen.padEnd(26)} ${lag}`;
  });
  console.log(
    `growth-region annotations on Prometheus (3 days, rules evaluated every 1 m, look-back 9 h):\n${rows.join('\n')}`
  );
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

it('answers both annotation queries of the container dashboard', () => {
  expect(annotationQueries(dashboard).map((q) => q.name)).toEqual([
    'MemLens: file-cache growth',
    'MemLens: anonymous memory growth',
  ]);
});

it('gives each true growth one region of its kind, within one look-back of its start and its end', () => {
  for (const c of stack!.cases.filter((x) => x.truth)) {
    const got = regions.filter((r) => r.pod === c.pod);
    expect([c.pod, got.map((r) => r.kind)]).toEqual([c.pod, [c.truth!.kind]]);
    const [r] = got;
    expect([c.pod, 'start', r.fromMs >= c.truth!.fromMs && r.fromMs <= c.truth!.fromMs + WINDOW_MS]).toEqual([
      c.pod,
      'start',
      true,
    ]);
    expect([c.pod, 'end', r.toMs >= c.truth!.toMs && r.toMs <= c.truth!.toMs + WINDOW_MS]).toEqual([
      c.pod,
      'end',
      true,
    ]);
  }
});

it('gives the GC sawtooth no region', () => {
  const saw = stack!.cases.find((c) => !c.truth)!;
  expect(regions.filter((r) => r.pod === saw.pod)).toEqual([]);
});
