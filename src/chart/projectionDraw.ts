/**
 * The projection beyond the data's end, drawn in uPlot's `draw` hook: the stretch of the time axis
 * that is the future, faintly shaded; a dashed line from the last level at the current rate; a dot
 * where it meets the limit (or the node's eviction threshold), if that is in view; and its label.
 */
import type uPlot from 'uplot';
import { colorManipulator } from '@grafana/data';

import type { ProjectionLine } from './pressure';

export interface ProjectionStyle {
  /** The line's colour (the limit's), and the shade's and the label's (the theme's text). */
  color: string;
  textColor: string;
  /** Behind the label, so it reads over the bands. */
  background: string;
  /** "OOM in about 38 days", already rendered. */
  label: string;
}

/** The y scale's key is passed in so this file does not depend on the config that uses it. */
export function drawProjection(
  u: uPlot,
  line: ProjectionLine,
  dataEndMs: number,
  yScale: string,
  style: ProjectionStyle
): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const xMax = u.scales.x.max ?? dataEndMs;
  if (!(xMax > dataEndMs)) {
    return;
  }
  const pxRatio = uPlotPixelRatio(u);
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();

  const futureX = u.valToPos(dataEndMs, 'x', true);
  ctx.fillStyle = colorManipulator.alpha(style.textColor, 0.05);
  ctx.fillRect(futureX, top, left + width - futureX, height);

  const endMs = Math.min(line.reachMs, xMax);
  const x0 = u.valToPos(line.fromMs, 'x', true);
  const y0 = u.valToPos(line.fromBytes, yScale, true);
  const x1 = u.valToPos(endMs, 'x', true);
  const y1 = u.valToPos(line.fromBytes + line.bytesPerMs * (endMs - line.fromMs), yScale, true);
  ctx.strokeStyle = style.color;
  ctx.lineWidth = 2 * pxRatio;
  ctx.setLineDash([6 * pxRatio, 4 * pxRatio]);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
  if (line.reachMs <= xMax) {
    ctx.fillStyle = style.color;
    ctx.beginPath();
    ctx.arc(x1, y1, 4 * pxRatio, 0, 2 * Math.PI);
    ctx.fill();
  }

  // The label sits above the line's end, inside the plot, right-aligned when the end is near the edge.
  // uPlot leaves the context right-aligned after its axes; the box maths below assumes left.
  ctx.font = `${12 * pxRatio}px sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  const textWidth = ctx.measureText(style.label).width;
  const pad = 3 * pxRatio;
  const textHeight = 14 * pxRatio;
  const x = Math.min(Math.max(x1 - textWidth / 2, left + pad), left + width - textWidth - pad * 2);
  const y = Math.max(y1 - 8 * pxRatio, top + textHeight + pad);
  ctx.fillStyle = colorManipulator.alpha(style.background, 0.85);
  ctx.fillRect(x - pad, y - textHeight - pad / 2, textWidth + pad * 2, textHeight + pad);
  ctx.fillStyle = style.textColor;
  ctx.fillText(style.label, x, y);
  ctx.restore();
}

/** Canvas pixels per CSS pixel, as uPlot sized its canvas. */
function uPlotPixelRatio(u: uPlot): number {
  const css = u.over.clientWidth;
  return css > 0 ? u.bbox.width / css : window.devicePixelRatio || 1;
}
