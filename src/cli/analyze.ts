/**
 * The analyzer: `npm run -s analyze -- FILE [flags]` runs the panel's own pipeline on a saved query
 * result and prints the verdicts, for people or (--json) as one JSON document. Exit 2 with one line
 * on stderr, stdout empty, only when nothing can be analysed.
 */
import './nodeGlobals';

import { readFileSync } from 'node:fs';

import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from '../analysis/pipeline';
import type { Analysis, Message } from '../analysis/types';
import { createTranslate } from '../i18n/catalogue';
import { type Translate, renderMessage } from '../i18n/render';
import { type CliArgs, UsageError, parseArgs } from './args';

class InputError extends Error {}

interface Loaded {
  frames: DataFrame[];
  /** Problems with parts of the file that did not stop the analysis. */
  notes: Message[];
  ignored: Array<{ labels: Record<string, string>; reason: Message }>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The three accepted shapes → frames with their refIds. JSON.parse only: input is never evaluated. */
export function loadFrames(text: string): Loaded {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${(e as Error).message}`);
  }
  const raw: Array<{ frame: unknown; refId?: string }> = [];
  const loaded: Loaded = { frames: [], notes: [], ignored: [] };
  if (Array.isArray(doc)) {
    raw.push(...doc.map((frame) => ({ frame })));
  } else if (isObject(doc) && isObject(doc.results)) {
    for (const [refId, result] of Object.entries(doc.results)) {
      if (isObject(result) && typeof result.error === 'string') {
        loaded.notes.push({ id: 'cli.queryError', params: { refId, error: result.error } });
      }
      const frames = isObject(result) && Array.isArray(result.frames) ? result.frames : [];
      raw.push(...frames.map((frame) => ({ frame, refId })));
    }
  } else if (isObject(doc) && Array.isArray(doc.frames)) {
    raw.push(...doc.frames.map((frame) => ({ frame })));
  } else {
    throw new InputError(
      'expected a /api/ds/query response ({"results": …}), a query result ({"frames": […]}) or an array of frames'
    );
  }
  if (raw.length === 0) {
    throw new InputError('no frames in the file');
  }
  raw.forEach(({ frame, refId }, index) => {
    if (!isObject(frame) || !isObject(frame.schema) || !Array.isArray(frame.schema.fields)) {
      loaded.ignored.push({ labels: {}, reason: { id: 'cli.badFrame', params: { index: index + 1 } } });
      return;
    }
    try {
      const df = dataFrameFromJSON(frame as unknown as DataFrameJSON);
      loaded.frames.push(refId !== undefined ? { ...df, refId } : df);
    } catch (e) {
      loaded.ignored.push({ labels: {}, reason: { id: 'cli.badFrame', params: { index: index + 1 } } });
    }
  });
  return loaded;
}

function workloadJson(a: Analysis, render: (m: Message) => string) {
  const w = a.decomposition.workload;
  return {
    labels: w.identity,
    title: w.title,
    verdict: a.verdict,
    workingSetGrowthBytes: Math.round(a.workingSetGrowthBytes),
    usageGrowthBytes: Math.round(a.usageGrowthBytes),
    shares: a.shares,
    regions: a.regions.map((r) => ({
      from: r.fromMs,
      to: r.toMs,
      kind: r.kind,
      growthBytes: Math.round(r.growthBytes),
      share: r.share,
      text: render(r.message),
    })),
    banner: render(a.banner),
    notes: a.notes.map(render),
    uncertainty: a.uncertainty ?? null,
    consequences: a.consequences.map(render),
    assessment: assessmentJson(a),
  };
}

/** The assess stage's answers under documented keys (docs/consequences.md); times as ISO strings. */
function assessmentJson(a: Analysis) {
  const { temperature, pressure, trend, projection, slab, missing } = a.assessment;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    temperature,
    pressure: {
      psiSome: pressure.psiSome,
      psiFull: pressure.psiFull,
      underPressure: pressure.underPressure,
      oomKills: pressure.oomKills,
      limitHits: pressure.limitHits,
      restarts: pressure.restarts,
      events: pressure.events.map((e) => ({ ...e, at: iso(e.atMs) })),
    },
    trend: {
      state: trend.state,
      ratePerDayBytes: Math.round(trend.ratePerDayBytes),
      stoppedAt: iso(trend.stoppedAtMs),
      nonReclaimableBytes: Number.isFinite(trend.nonReclaimableBytes) ? Math.round(trend.nonReclaimableBytes) : null,
      layers: trend.layers,
    },
    timeToLimit: {
      seconds: projection.etaSeconds === null ? null : Math.round(projection.etaSeconds),
      target: projection.target,
      targetBytes: projection.targetBytes,
      reason: projection.reason?.id ?? null,
      ...(projection.activeFileShare !== undefined ? { activeFileShare: projection.activeFileShare } : {}),
    },
    kernelSlab: slab
      ? { kernelGrowthBytes: Math.round(slab.kernelGrowthBytes), reclaimableShare: slab.reclaimableShare }
      : null,
    missingSignals: missing,
  };
}

/** Whether the workload had a usage series: without one its usage growth is unknown, not zero. */
function hasUsage(a: Analysis): boolean {
  return a.decomposition.lines.usage?.some((v) => Number.isFinite(v)) ?? false;
}

/**
 * One `ignored` line for people. Most reasons already name the series (its metric, its name, or its
 * query and field): then the line is the reason alone, with the metric given its labels, rather than
 * the name twice.
 */
function ignoredLine(name: string, reason: Message, render: (m: Message) => string): string {
  const p = reason.params ?? {};
  const namesItself =
    'series' in p ||
    'metric' in p ||
    (p.refId !== undefined && (name === p.refId || (p.field !== undefined && name === `${p.refId}: ${p.field}`)));
  if (!namesItself) {
    return render({ id: 'cli.ignored', params: { name, reason: render(reason) } });
  }
  const named = 'metric' in p && name ? { ...reason, params: { ...p, metric: name } } : reason;
  return render({ id: 'cli.ignoredSelf', params: { reason: render(named) } });
}

function run(args: CliArgs): { stdout: string } {
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const loaded = loadFrames(text);
  if (loaded.frames.length === 0) {
    throw new InputError('no frame in the file could be decoded');
  }
  const result = analyzeFrames(loaded.frames, { ingest: { roles: args.roles }, detect: args.detect });
  const translate: Translate = createTranslate(args.language);
  const render = (m: Message) => renderMessage(m, translate);
  const ignored = [
    ...loaded.ignored.map((i) => ({ labels: i.labels, name: '', reason: render(i.reason), line: render(i.reason) })),
    ...result.ignored.map((i) => ({
      labels: i.labels,
      name: i.name,
      reason: render(i.reason),
      line: ignoredLine(i.name, i.reason, render),
    })),
  ];
  if (result.analyses.length === 0) {
    const why = ignored.length
      ? `; ${ignored.length} series ignored, first: ${ignored[0].name ? `${ignored[0].name}: ` : ''}${ignored[0].reason}`
      : '';
    throw new InputError(`no usable memory series${why}`);
  }
  const notes = [...loaded.notes, ...result.notes].map(render);
  const workloads = result.analyses.map((a) => ({ ...workloadJson(a, render), hasUsage: hasUsage(a) }));
  if (args.json) {
    return {
      stdout:
        JSON.stringify(
          {
            workloads: workloads.map(({ hasUsage: _, ...w }) => w),
            ignored: ignored.map(({ labels, reason }) => ({ labels, reason })),
            notes,
          },
          null,
          2
        ) + '\n',
    };
  }
  const t = (id: string, params: Record<string, string | number>) => render({ id, params });
  const lines: string[] = [];
  for (const w of workloads) {
    lines.push(t('cli.workload', { title: w.title, kind: w.verdict }));
    lines.push(`  ${w.banner}`);
    for (const c of w.consequences) {
      lines.push(`  ${c}`);
    }
    lines.push(
      `  ${
        w.hasUsage
          ? t('cli.growth', { workingSetGrowthBytes: w.workingSetGrowthBytes, usageGrowthBytes: w.usageGrowthBytes })
          : t('cli.growthNoUsage', { workingSetGrowthBytes: w.workingSetGrowthBytes })
      }`
    );
    for (const r of w.regions) {
      lines.push(
        `  ${t('cli.region', { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), text: r.text })}`
      );
    }
    for (const n of w.notes) {
      lines.push(`  ${t('cli.note', { text: n })}`);
    }
    lines.push('');
  }
  for (const n of notes) {
    lines.push(t('cli.note', { text: n }));
  }
  for (const i of ignored) {
    lines.push(i.line);
  }
  return { stdout: lines.join('\n').trimEnd() + '\n' };
}

function main(): void {
  try {
    const { stdout } = run(parseArgs(process.argv.slice(2)));
    process.stdout.write(stdout);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      process.stderr.write(`analyze: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

main();
