/**
 * The step Grafana asks Prometheus for, for a panel of a given width and a time range: the
 * frontend's `rangeUtil.calculateInterval(range, maxDataPoints, minInterval)` (min interval = the
 * datasource's scrape interval), then the backend's (pkg/promlib) floor at range / 11000 points.
 * The accuracy matrix and the real-stack tests share it, so both ask for the steps a dashboard does.
 */
import { dateTime, rangeUtil } from '@grafana/data';

/** pkg/promlib's floor: never more than 11000 points per series. */
export const SAFE_RESOLUTION = 11_000;

export interface GrafanaStep {
  /** The frontend's interval ($__interval), ms. */
  intervalMs: number;
  /** The step sent to Prometheus, ms. */
  stepMs: number;
}

export function grafanaStep(
  fromMs: number,
  toMs: number,
  maxDataPoints: number,
  scrapeIntervalMs: number
): GrafanaStep {
  const range = { from: dateTime(fromMs), to: dateTime(toMs), raw: { from: dateTime(fromMs), to: dateTime(toMs) } };
  const { intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints, `${scrapeIntervalMs}ms`);
  // Backend: min interval = the frontend's intervalMs; calculated = max(min, round(range / maxDataPoints)).
  const calculated = Math.max(intervalMs, rangeUtil.roundInterval((toMs - fromMs) / maxDataPoints));
  const safe = rangeUtil.roundInterval((toMs - fromMs) / SAFE_RESOLUTION);
  return { intervalMs, stepMs: Math.max(calculated, safe) };
}
