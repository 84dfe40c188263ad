/**
 * Accuracy of the growth detector. First the accuracy matrix (every range at Grafana's steps, each
 * noise, rate, kind, timing and seed: right, uncertain and which wrong), then the generator's
 * week-long scenarios: for each scenario and target, over several seeds, how often the verdict is
 * right and how far detected region starts are from the truth (in windows). Run: npm run -s accuracy
 */
import '../src/cli/nodeGlobals';
import { writeFileSync } from 'node:fs';

import { dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from '../src/analysis/pipeline';
import { resolveWindow } from '../src/analysis/detect';
import { generateScenario, scenarioFrames, scenarioNames } from '../src/scenarios/generator';
import { regionStartErrors } from '../src/scenarios/accuracy';
import { matrixReport, runMatrix } from '../src/scenarios/accuracyMatrix';

// --matrix-json=FILE: only the matrix, as JSON, for the test that asserts it (jest runs it in a real
// Node process: inside jest's jsdom environment the same loops run an order of magnitude slower).
// A file, not stdout: process.exit would cut a piped stdout short.
const matrixJson = process.argv.find((a) => a.startsWith('--matrix-json='));
if (matrixJson) {
  writeFileSync(matrixJson.slice('--matrix-json='.length), JSON.stringify(runMatrix()));
  process.exit(0);
}
process.stdout.write(matrixReport(runMatrix()) + '\n## Week-long scenarios\n\n');

const seeds = [1, 2, 3, 4, 5];
const rows: string[] = [
  '| scenario | target | verdict hits | worst region-start error (windows) | mean error (windows) |',
  '|---|---|---|---|---|',
];
for (const target of ['container', 'node'] as const) {
  for (const name of scenarioNames) {
    if (target === 'node' && name === 'restart') {
      continue;
    }
    let hits = 0;
    const errors: number[] = [];
    const verdicts: string[] = [];
    for (const seed of seeds) {
      const s = generateScenario(name, { seed, target });
      const result = analyzeFrames(scenarioFrames(s).map((f) => dataFrameFromJSON(f)));
      const a = result.analyses[0];
      const windowMs = resolveWindow('auto', s.endMs - s.startMs, s.stepMs);
      if (a?.verdict === s.truth.verdict) {
        hits++;
      } else {
        verdicts.push(a?.verdict ?? 'none');
      }
      errors.push(...regionStartErrors(s.truth.regions, a?.regions ?? [], windowMs));
    }
    const worst = errors.length ? Math.max(...errors) : 0;
    const mean = errors.length ? errors.reduce((x, y) => x + y, 0) / errors.length : 0;
    rows.push(
      `| ${name} | ${target} | ${hits}/${seeds.length}${verdicts.length ? ` (got ${verdicts.join(', ')})` : ''} | ${worst.toFixed(2)} | ${mean.toFixed(2)} |`
    );
  }
}
process.stdout.write(rows.join('\n') + '\n');
