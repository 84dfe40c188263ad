/**
 * The pressure strip and the projection in the real panel (jsdom, uPlot on a recorded canvas): the
 * strip with a marker per OOM kill and restart (the reason in its name) on the real OOM-loop trace;
 * no strip where no pressure signal arrived; and the projection's legend key and dashed line on a
 * leak toward its limit, absent on the idle log writer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, within } from '@testing-library/react';
import { applyFieldOverrides, createTheme, type DataFrame } from '@grafana/data';

import { decodeDsQuery, FIXTURES, frames, MiB, raw } from '../analysis/__testing__/frames';
import { absoluteRange, renderPanel } from '../components/__fixtures__/panel';

function withConfig(data: DataFrame[]): DataFrame[] {
  return applyFieldOverrides({
    data,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v) => v,
    theme: createTheme(),
    timeZone: 'utc',
  });
}

function traceFrames(name: string): DataFrame[] {
  return withConfig(decodeDsQuery(readFileSync(join(FIXTURES, 'wire', 'traces', `${name}.json`), 'utf8')));
}

function span(series: DataFrame[]) {
  let from = Infinity;
  let to = -Infinity;
  for (const f of series) {
    const t = f.fields.find((x) => x.type === 'time')!.values as number[];
    from = Math.min(from, t[0]);
    to = Math.max(to, t[t.length - 1]);
  }
  return absoluteRange(from, to);
}

const DAY = 86_400_000;

function leakTowardLimit(): DataFrame[] {
  const labels = { namespace: 'shop', pod: 'api-0', container: 'api', image: 'api:1', id: '/kubepods/p/api' };
  const stepMs = 10 * 60_000;
  const t = Array.from({ length: (16 * DAY) / stepMs + 1 }, (_, i) => i * stepMs);
  const rss = t.map((x) => 300 * MiB + (15 * MiB * x) / DAY);
  const usage = rss.map((r) => r + 208 * MiB);
  const o = { stepMs };
  const flat = (v: number) => t.map(() => v);
  return withConfig(
    frames(
      raw('container_memory_usage_bytes', labels, usage, o),
      raw(
        'container_memory_working_set_bytes',
        labels,
        usage.map((u) => u - 150 * MiB),
        o
      ),
      raw('container_memory_rss', labels, rss, o),
      raw('container_memory_cache', labels, flat(200 * MiB), o),
      raw('container_spec_memory_limit_bytes', labels, flat(1024 * MiB), o)
    )
  );
}

describe('pressure strip', () => {
  it('draws a marker per OOM kill and restart on the real OOM loop, each named with its reason', async () => {
    const series = traceFrames('oomloop');
    await renderPanel({ series, timeRange: span(series) });
    const strip = await screen.findByTestId('memlens-pressure-strip');
    const kills = within(strip).getAllByTestId('memlens-strip-oomKill');
    expect(kills).toHaveLength(3);
    const restarts = within(strip).getAllByTestId('memlens-strip-restart');
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    for (const r of restarts) {
      expect(r).toHaveAttribute('aria-label', expect.stringMatching(/^Restart.*\(OOMKilled\) at \d{4}-/));
    }
    expect(kills[0]).toHaveAttribute('aria-label', expect.stringMatching(/^OOM kill/));
  });

  it('draws the refault rate on the real hot reader, and reads it out', async () => {
    const series = traceFrames('hotreader');
    await renderPanel({ series, timeRange: span(series) });
    const strip = await screen.findByTestId('memlens-pressure-strip');
    const path = within(strip).getByTestId('memlens-strip-refaults').getAttribute('d')!;
    // A line through most of the 180 s trace's samples, not an empty path.
    expect(path.split('L').length).toBeGreaterThan(20);
    expect(within(strip).getByTestId('memlens-strip-readout')).toHaveTextContent(/refaults \d+(\.\d+)? [KM]iB\/s/);
  });

  it('is absent where no pressure signal arrived', async () => {
    const series = leakTowardLimit();
    await renderPanel({ series, timeRange: span(series) });
    await screen.findByTestId('memlens-workload');
    expect(screen.queryByTestId('memlens-pressure-strip')).toBeNull();
  });
});

describe('projection', () => {
  it('keys a dashed line toward the limit in the legend on a leak, and reaches the axis past the range', async () => {
    const series = leakTowardLimit();
    await renderPanel({ series, timeRange: span(series) });
    expect(await screen.findByText('projection')).toBeInTheDocument();
    // The projection's label is drawn on the chart's canvas, past the range's end.
    const canvas = screen.getByTestId('memlens-workload').querySelector('canvas')!;
    const calls = (canvas.getContext('2d') as unknown as { __getEvents(): Array<{ type: string; props: any }> })
      .__getEvents()
      .filter((e) => e.type === 'fillText');
    expect(calls.some((e) => /^OOM kill in about \d+ days/.test(e.props.text))).toBe(true);
  });

  it('is absent on the idle log writer, whose growth is reclaimable cache', async () => {
    const series = traceFrames('idlelog');
    await renderPanel({ series, timeRange: span(series) });
    await screen.findByTestId('memlens-workload');
    expect(screen.queryByText('projection')).toBeNull();
  });
});
