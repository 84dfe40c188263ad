/**
 * The overview's "Pressure, cache" and "Time to limit" columns, on the real kernel traces and on
 * generated leaks toward a limit: what each cell says, and the soonest limit sorting first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decodeDsQuery, FIXTURES, frames, MiB, raw } from '../../analysis/__testing__/frames';
import { analyzeFrames } from '../../analysis/pipeline';
import type { Analysis } from '../../analysis/types';
import { createTranslate } from '../../i18n/catalogue';
import { renderMessage } from '../../i18n/render';
import { pressureMessages, sortRows, timeToLimitMessage, toRow } from './rows';

const en = createTranslate('en-US');
const render = (m: Parameters<typeof renderMessage>[0]) => renderMessage(m, en);
const pressureCell = (a: Analysis) => pressureMessages(toRow(a)).map(render).join(' · ');

function trace(name: string): Analysis {
  const text = readFileSync(join(FIXTURES, 'wire', 'traces', `${name}.json`), 'utf8');
  return analyzeFrames(decodeDsQuery(text)).analyses[0];
}

const DAY = 86_400_000;
const STEP = 10 * 60_000;

/** rss from 300 MiB at `perDayMiB` a day for 16 days, a steady cache, a 1 GiB limit. */
function leak(pod: string, perDayMiB: number): Analysis {
  const labels = { namespace: 'shop', pod, container: 'app', image: 'app:1', id: `/kubepods/${pod}/app` };
  const n = (16 * DAY) / STEP + 1;
  const t = Array.from({ length: n }, (_, i) => i * STEP);
  const rss = t.map((x) => 300 * MiB + (perDayMiB * MiB * x) / DAY);
  const usage = rss.map((r) => r + 208 * MiB);
  const o = { stepMs: STEP };
  const [a] = analyzeFrames(
    frames(
      raw('container_memory_usage_bytes', labels, usage, o),
      raw(
        'container_memory_working_set_bytes',
        labels,
        usage.map((u) => u - 150 * MiB),
        o
      ),
      raw('container_memory_rss', labels, rss, o),
      raw(
        'container_memory_cache',
        labels,
        t.map(() => 200 * MiB),
        o
      ),
      raw(
        'container_spec_memory_limit_bytes',
        labels,
        t.map(() => 1024 * MiB),
        o
      )
    )
  ).analyses;
  return a;
}

describe('overview: pressure and time to the limit', () => {
  it("says each real trace's pressure and cache: OOM kills, a hot cache, an idle cache", () => {
    expect(pressureCell(trace('oomloop'))).toMatch(/^3 OOM kills/);
    expect(pressureCell(trace('hotreader'))).toContain('hot cache');
    expect(pressureCell(trace('idlelog'))).toBe('idle cache');
    // Nothing heads to a limit on the idle log writer: its cache is reclaimable.
    expect(render(timeToLimitMessage(toRow(trace('idlelog'))))).toBe('–');
  });

  it('gives the time to the limit and sorts the soonest first, those with none last', () => {
    // rss + kernel (8 MiB) reach 948 MiB after 16 days at 40 MiB/day: 76 MiB to go, 1.9 days;
    // at 15 MiB/day they reach 548 MiB: 476 MiB to go, 31.7 days.
    const fast = leak('fast-0', 40);
    const slow = leak('slow-0', 15);
    const rows = [toRow(slow), toRow(trace('idlelog')), toRow(fast)];
    expect(Math.abs(rows[2].etaSeconds! / 86_400 - 1.9)).toBeLessThan(0.1);
    expect(Math.abs(rows[0].etaSeconds! / 86_400 - 31.7)).toBeLessThan(1);
    expect(render(timeToLimitMessage(rows[2]))).toBe('in 1 day 22 h');
    expect(render(timeToLimitMessage(rows[0]))).toMatch(/^in 3[12] days/);
    const order = sortRows(rows, { key: 'timeToLimit', direction: 'asc' }).map((r) => r.title);
    expect(order).toEqual([fast.decomposition.workload.title, slow.decomposition.workload.title, rows[1].title]);
    const desc = sortRows(rows, { key: 'timeToLimit', direction: 'desc' }).map((r) => r.title);
    expect(desc.at(-1)).toBe(rows[1].title);
  });
});
