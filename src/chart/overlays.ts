/**
 * Time-range overlays on the plot: MemLens's growth regions and the dashboard's annotations, drawn
 * like Grafana's region annotations (dashed edges, a low-alpha fill; the bar under the axis is the
 * React part in OverlayMarkers).
 */
import type uPlot from 'uplot';
import { colorManipulator, type DataFrame, DataTopic } from '@grafana/data';
import { DEFAULT_ANNOTATION_COLOR, REGION_FILL_ALPHA } from '@grafana/ui';

export interface OverlayItem {
  /** Stable key for React. */
  id: string;
  fromMs: number;
  /** Equal to fromMs for a point annotation. */
  toMs: number;
  /** A CSS colour (already resolved against the theme). */
  color: string;
  /** The hover text; plain text, rendered as React text only. */
  text: string;
  source: 'region' | 'annotation';
}

/** Draws every overlay inside the plotting area; called from uPlot's `draw` hook. */
export function drawOverlays(u: uPlot, items: readonly OverlayItem[]): void {
  if (!items.length) {
    return;
  }
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.lineWidth = 1;
  ctx.setLineDash([5, 5]);
  for (const item of items) {
    const x0 = u.valToPos(item.fromMs, 'x', true);
    const x1 = u.valToPos(item.toMs, 'x', true);
    if (item.toMs > item.fromMs) {
      ctx.fillStyle = colorManipulator.alpha(item.color, REGION_FILL_ALPHA);
      ctx.fillRect(x0, top, x1 - x0, height);
    }
    ctx.strokeStyle = item.color;
    for (const x of item.toMs > item.fromMs ? [x0, x1] : [x0]) {
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/**
 * Reads Grafana's annotation frames (`data.annotations`: fields time, timeEnd, isRegion, color, text,
 * title). Rows without a time are skipped: they cannot be placed.
 */
export function annotationOverlays(
  frames: readonly DataFrame[] | undefined,
  resolveColor: (c: string) => string
): OverlayItem[] {
  const items: OverlayItem[] = [];
  (frames ?? []).forEach((frame, f) => {
    if (frame.meta?.dataTopic !== undefined && frame.meta.dataTopic !== DataTopic.Annotations) {
      return;
    }
    const field = (name: string) => frame.fields.find((x) => x.name === name)?.values;
    const time = field('time');
    if (!time) {
      return;
    }
    const timeEnd = field('timeEnd');
    const isRegion = field('isRegion');
    const color = field('color');
    const text = field('text');
    const title = field('title');
    for (let i = 0; i < frame.length; i++) {
      const from = time[i] == null ? NaN : Number(time[i]);
      if (!Number.isFinite(from)) {
        continue;
      }
      const end = Number(timeEnd?.[i]);
      const region = Boolean(isRegion?.[i] ?? Number.isFinite(end)) && Number.isFinite(end) && end > from;
      const words = [title?.[i], text?.[i]].filter((s) => typeof s === 'string' && s.trim()).join(': ');
      items.push({
        id: `a${f}:${i}`,
        fromMs: from,
        toMs: region ? end : from,
        color: resolveColor(String(color?.[i] || DEFAULT_ANNOTATION_COLOR)),
        text: words,
        source: 'annotation',
      });
    }
  });
  return items;
}
