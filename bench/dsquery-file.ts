/**
 * Writes a Grafana `/api/ds/query` response of about TARGET bytes, from the scenario generator
 * (a week at 60 s per workload, every scenario in turn, each workload its own pod), and prints
 * {bytes, frames, points} as JSON. Streams frame by frame, so the writer never holds the file.
 *
 * Usage: node dsquery-file.cjs OUT [--bytes 100000000]
 */
import { closeSync, openSync, writeSync } from 'node:fs';

import { generateScenario, scenarioFrames, scenarioNames } from '../src/scenarios/generator';

const out = process.argv[2];
const i = process.argv.indexOf('--bytes');
const target = i >= 0 ? Number(process.argv[i + 1]) : 100_000_000;
if (!out) {
  process.stderr.write('usage: dsquery-file OUT [--bytes N]\n');
  process.exit(2);
}

const fd = openSync(out, 'w');
let bytes = 0;
const write = (s: string) => {
  bytes += writeSync(fd, s);
};
let frames = 0;
let points = 0;
write('{"results":{"A":{"status":200,"frames":[');
for (let w = 0; bytes < target; w++) {
  const scenario = generateScenario(scenarioNames[w % scenarioNames.length], { seed: w + 1, days: 7, stepMs: 60_000 });
  for (const s of scenario.series) {
    s.labels = { ...s.labels, pod: `bench-${w}` };
  }
  for (const frame of scenarioFrames(scenario, 'A')) {
    write((frames ? ',' : '') + JSON.stringify(frame));
    frames++;
    points += (frame.data?.values[1] as unknown[]).length;
  }
}
write(']}}}');
closeSync(fd);
process.stdout.write(JSON.stringify({ bytes, frames, points }) + '\n');
