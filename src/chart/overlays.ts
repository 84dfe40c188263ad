/**
 * Time-range overlays on the plot: MemLens's growth regions and the dashboard's annotations, drawn
 * like Grafana's region annotations (dashed edges, a low-alpha fill; the bar under the axis is the
 * React part in OverlayMarkers).
 */
import type uPlot from 'uplot';
import { colorManipulator, type DataFrame, DataTopic } from '@grafana/data';
import { DEFAULT_ANNOTATION_COLOR, REGION_FILL_ALPHA } from '@grafana/ui';

import type { Labels } from '../analysis/types';

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
 * Which of a panel's workloads each identity label value names (a pod, a container, a node), to
 * place annotations whose tags name a workload: Grafana's Prometheus annotations carry the labels
 * listed in "tag keys" as tags.
 */
export interface AnnotationOwners {
  byValue: ReadonlyMap<string, ReadonlySet<string>>;
  workloads: number;
}

export function annotationOwners(workloads: ReadonlyArray<{ key: string; identity: Labels }>): AnnotationOwners {
  const byValue = new Map<string, Set<string>>();
  for (const w of workloads) {
    for (const value of Object.values(w.identity)) {
      if (value) {
        let keys = byValue.get(value);
        if (!keys) {
          keys = new Set();
          byValue.set(value, keys);
        }
        keys.add(w.key);
      }
    }
  }
  return { byValue, workloads: workloads.length };
}

/**
 * Whether an annotation with these tags goes on the chart of workload `key`: when every tag that
 * names some of the panel's workloads names this one. A growth region recorded for one pod (tags
 * `file-cache`, `logwriter-0`, `app`) must not be painted on its neighbours' charts. A tag that names
 * no workload (a kind, a release) or every one of them (their namespace) places nothing, so an
 * annotation without such tags goes on every chart, as in Grafana's own panels.
 */
export function annotationBelongs(tags: readonly string[], owners: AnnotationOwners, key: string): boolean {
  for (const tag of tags) {
    const keys = owners.byValue.get(tag);
    if (keys && keys.size < owners.workloads && !keys.has(key)) {
      return false;
    }
  }
  return true;
}

/** An annotation row's tags: Grafana gives a list of strings; a lone string counts as one tag. */
function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((t): t is string => typeof t === 'string');
  }
  return typeof value === 'string' && value ? [value] : [];
}

/**
 * Reads Grafana's annotation frames (`data.annotations`: fields time, timeEnd, isRegion, color, text,
 * title, tags). Rows without a time are skipped: they cannot be placed. `belongs`, when given, keeps
 * the rows whose tags it accepts (see annotationBelongs).
 */
export function annotationOverlays(
  frames: readonly DataFrame[] | undefined,
  resolveColor: (c: string) => string,
  belongs?: (tags: readonly string[]) => boolean
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
    const tags = field('tags');
    for (let i = 0; i < frame.length; i++) {
      const from = time[i] == null ? NaN : Number(time[i]);
      if (!Number.isFinite(from) || (belongs && tags && !belongs(tagsOf(tags[i])))) {
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
