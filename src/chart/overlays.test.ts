import type uPlot from 'uplot';
import { arrayToDataFrame, DataTopic } from '@grafana/data';

import { annotationBelongs, annotationOverlays, annotationOwners, drawOverlays, type OverlayItem } from './overlays';

const resolve = (c: string) => `resolved(${c})`;

describe('annotationOverlays', () => {
  it('reads points and regions from Grafana annotation frames, with title and text', () => {
    const frame = arrayToDataFrame([
      { time: 1000, timeEnd: 5000, isRegion: true, color: 'blue', title: 'Deploy', text: 'api v2' },
      { time: 7000, isRegion: false, text: 'restart' },
      { time: null, text: 'no time: cannot be placed' },
    ]);
    frame.meta = { dataTopic: DataTopic.Annotations };
    const items = annotationOverlays([frame], resolve);
    expect(items).toEqual([
      { id: 'a0:0', fromMs: 1000, toMs: 5000, color: 'resolved(blue)', text: 'Deploy: api v2', source: 'annotation' },
      expect.objectContaining({ fromMs: 7000, toMs: 7000, text: 'restart' }),
    ]);
    // No colour given: Grafana's default annotation colour.
    expect(items[1].color).toMatch(/^resolved\(/);
  });

  it('ignores frames of other topics and copes with none', () => {
    const other = arrayToDataFrame([{ time: 1000, text: 'x' }]);
    other.meta = { dataTopic: DataTopic.Series };
    expect(annotationOverlays([other], resolve)).toEqual([]);
    expect(annotationOverlays(undefined, resolve)).toEqual([]);
  });
});

describe('annotations of one workload in a panel of several', () => {
  const workloads = [
    { key: 'leaker', identity: { namespace: 'shop', pod: 'leaker-0', container: 'app' } },
    { key: 'logwriter', identity: { namespace: 'shop', pod: 'logwriter-0', container: 'app' } },
    { key: 'sidecar', identity: { namespace: 'shop', pod: 'logwriter-0', container: 'proxy' } },
  ];
  const owners = annotationOwners(workloads);
  const on = (tags: string[]) => workloads.filter((w) => annotationBelongs(tags, owners, w.key)).map((w) => w.key);

  it("puts an annotation whose tags name a pod on that pod's charts only", () => {
    expect(on(['anon', 'leaker-0'])).toEqual(['leaker']);
    expect(on(['file-cache', 'logwriter-0'])).toEqual(['logwriter', 'sidecar']);
    expect(on(['proxy'])).toEqual(['sidecar']);
    // Every tag that places the annotation must name the workload: the pod and the container.
    expect(on(['anon', 'leaker-0', 'app'])).toEqual(['leaker']);
    expect(on(['logwriter-0', 'app'])).toEqual(['logwriter']);
  });

  it('puts an annotation everywhere when its tags name no workload, or every one of them', () => {
    expect(on([])).toEqual(['leaker', 'logwriter', 'sidecar']);
    expect(on(['deploy', 'v2'])).toEqual(['leaker', 'logwriter', 'sidecar']);
    // The namespace and the container name "app" of two: the shared namespace places nothing.
    expect(on(['shop'])).toEqual(['leaker', 'logwriter', 'sidecar']);
    expect(on(['shop', 'app'])).toEqual(['leaker', 'logwriter']);
  });

  it("filters a frame's rows by their tags, as a list or a lone string, and keeps rows without tags", () => {
    const frame = arrayToDataFrame([
      { time: 1000, timeEnd: 2000, title: 'leak', tags: ['anon', 'leaker-0'] },
      { time: 3000, timeEnd: 4000, title: 'cache', tags: ['file-cache', 'logwriter-0'] },
      { time: 5000, title: 'deploy', tags: 'logwriter-0' },
      { time: 6000, title: 'restart', tags: null },
    ]);
    frame.meta = { dataTopic: DataTopic.Annotations };
    const titles = (key: string) =>
      annotationOverlays([frame], resolve, (tags) => annotationBelongs(tags, owners, key)).map((o) => o.text);
    expect(titles('leaker')).toEqual(['leak', 'restart']);
    expect(titles('logwriter')).toEqual(['cache', 'deploy', 'restart']);
    // Without a filter (a panel of one), every row.
    expect(annotationOverlays([frame], resolve)).toHaveLength(4);
  });
});

describe('drawOverlays', () => {
  function fakePlot() {
    const ctx = document.createElement('canvas').getContext('2d')!;
    const plot = { ctx, bbox: { left: 10, top: 5, width: 200, height: 100 }, valToPos: (v: number) => 10 + v / 100 };
    return { plot: plot as unknown as uPlot, ctx };
  }
  const region: OverlayItem = { id: 'r', fromMs: 1000, toMs: 5000, color: '#ff0000', text: 'r', source: 'region' };
  const point: OverlayItem = { id: 'p', fromMs: 8000, toMs: 8000, color: '#00ff00', text: 'p', source: 'annotation' };

  it('fills a region at low alpha with dashed edges, and draws a point as one dashed line', () => {
    const { plot, ctx } = fakePlot();
    drawOverlays(plot, [region, point]);
    const events = (
      ctx as unknown as { __getEvents(): Array<{ type: string; props: Record<string, unknown> }> }
    ).__getEvents();
    const fills = events.filter((e) => e.type === 'fillRect');
    expect(fills).toHaveLength(1);
    expect(fills[0].props).toMatchObject({ x: 20, y: 5, width: 40, height: 100 });
    expect(events.some((e) => e.type === 'setLineDash' && JSON.stringify(e.props.segments) === '[5,5]')).toBe(true);
    const strokes = events.filter((e) => e.type === 'stroke');
    expect(strokes).toHaveLength(3); // two region edges, one point line
    expect(events.filter((e) => e.type === 'fillStyle').map((e) => e.props.value)).toContain('rgba(255, 0, 0, 0.09)');
  });

  it('draws nothing without overlays', () => {
    const { plot, ctx } = fakePlot();
    drawOverlays(plot, []);
    expect((ctx as unknown as { __getEvents(): unknown[] }).__getEvents()).toEqual([]);
  });
});
