/**
 * Pressure: is the container (or node) short of memory now? PSI says how much of the time tasks
 * stalled waiting for memory; limit hits, OOM kills and restarts are the events it comes to.
 */
import type { PressureEvent, PressureResult, Series, Workload } from '../types';
import { advancesOnAxis, meanOf } from './signals';

/** Under pressure: some task stalled ≥ 5 % of the time, or all of them ≥ 1 %. Also the rules'. */
export const PSI_SOME_PRESSURE = 0.05;
export const PSI_FULL_PRESSURE = 0.01;

/** The reason kube-state-metrics gives for the last termination in force at `atMs`, if any. */
function terminatedReasonAt(list: Series[] | undefined, atMs: number, toleranceMs: number): string | undefined {
  let best: { t: number; reason: string } | undefined;
  for (const s of list ?? []) {
    const reason = s.labels.reason;
    if (!reason) {
      continue;
    }
    // The first sample at or after the restart (within the tolerance) where the gauge is 1.
    for (let i = 0; i < s.times.length; i++) {
      const t = s.times[i];
      if (t >= atMs - toleranceMs && t <= atMs + toleranceMs && s.values[i] >= 1) {
        if (!best || Math.abs(t - atMs) < Math.abs(best.t - atMs)) {
          best = { t, reason };
        }
        break;
      }
    }
  }
  return best?.reason;
}

export interface PressureInput {
  workload: Workload;
  times: Float64Array;
  stepMs: number;
  psiSome?: Float64Array;
  psiFull?: Float64Array;
  /** The span "now" is judged on: axis indices [from, to). */
  nowFrom: number;
  nowTo: number;
}

export function assessPressure(p: PressureInput): PressureResult {
  const { workload: w, times, stepMs } = p;
  const events: PressureEvent[] = [];
  const totals = { oomKill: 0, limitHit: 0, restart: 0 };
  const kinds: Array<[PressureEvent['kind'], Series[] | undefined]> = [
    ['oomKill', w.series.oomKills],
    ['limitHit', w.series.limitHits],
    ['restart', w.series.restarts],
  ];
  let eventNow = false;
  for (const [kind, list] of kinds) {
    const adv = advancesOnAxis(list, times, stepMs);
    if (!adv) {
      continue;
    }
    for (let i = 1; i < adv.length; i++) {
      const count = Math.round(adv[i]);
      if (!(count >= 1)) {
        continue;
      }
      const event: PressureEvent = { atMs: times[i], kind, count };
      if (kind === 'restart') {
        const reason = terminatedReasonAt(w.series.terminatedReason, times[i], 2 * stepMs);
        if (reason) {
          event.reason = reason;
        }
      }
      events.push(event);
      totals[kind] += count;
      eventNow ||= kind !== 'restart' && i >= p.nowFrom && i < p.nowTo;
    }
  }
  // Restarts that kube-state-metrics says were OOM kills count as kills where no OOM counter arrived.
  if (!w.series.oomKills?.length) {
    for (const e of events) {
      if (e.kind === 'restart' && e.reason === 'OOMKilled') {
        events.push({ atMs: e.atMs, kind: 'oomKill', count: e.count });
        totals.oomKill += e.count;
      }
    }
  }
  events.sort((a, b) => a.atMs - b.atMs);
  const some = meanOf(p.psiSome, p.nowFrom, p.nowTo);
  const full = meanOf(p.psiFull, p.nowFrom, p.nowTo);
  const anySignal = !!(p.psiSome || p.psiFull || w.series.limitHits?.length || w.series.oomKills?.length);
  const psiPressed = some >= PSI_SOME_PRESSURE || full >= PSI_FULL_PRESSURE;
  return {
    psiSome: some === some ? some : null,
    psiFull: full === full ? full : null,
    underPressure: anySignal ? psiPressed || eventNow : null,
    oomKills: totals.oomKill,
    limitHits: totals.limitHit,
    restarts: totals.restart,
    events,
  };
}
