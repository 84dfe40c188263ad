import type uPlot from 'uplot';
import { arrayToDataFrame, DataTopic } from '@grafana/data';

import { annotationOverlays, drawOverlays, type OverlayItem } from './overlays';

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
