/**
 * The whole analysis, frames in, analyses out: ingest → decompose → detect → explain. The panel and
 * the analyzer both call this, so there is one implementation of the analysis.
 */
import type { DataFrame } from '@grafana/data';

import { type AssessOptions, DEFAULT_ASSESS_OPTIONS, assess } from './assess';
import { decompose } from './decompose';
import { detect } from './detect';
import { explain } from './explain';
import { type IngestOptions, ingest } from './ingest';
import { type Analysis, DEFAULT_DETECT_OPTIONS, type DetectOptions, type IgnoredSeries, type Message } from './types';

export interface PipelineOptions {
  ingest?: IngestOptions;
  detect?: Partial<DetectOptions>;
  assess?: Partial<AssessOptions>;
}

export interface PipelineResult {
  /** One per workload, largest working-set growth first (a stable one's counts as none). */
  analyses: Analysis[];
  ignored: IgnoredSeries[];
  notes: Message[];
}

export function analyzeFrames(frames: DataFrame[], options: PipelineOptions = {}): PipelineResult {
  const ingested = ingest(frames, options.ingest);
  const detectOptions: DetectOptions = { ...DEFAULT_DETECT_OPTIONS, ...stripUndefined(options.detect) };
  const assessOptions: AssessOptions = { ...DEFAULT_ASSESS_OPTIONS, ...stripUndefined(options.assess) };
  const analyses = ingested.workloads.map((w) => {
    const detection = detect(decompose(w), detectOptions);
    return explain(detection, assess(detection, assessOptions));
  });
  // A stable workload's retained creep is noise, and a warm-up is over: both rank with no growth.
  const growth = (a: Analysis) =>
    a.verdict === 'stable' || a.assessment.trend.state === 'warmUp' ? 0 : a.workingSetGrowthBytes;
  analyses.sort((a, b) => growth(b) - growth(a));
  return { analyses, ignored: ingested.ignored, notes: ingested.notes };
}

/** Panel options may hold undefined for an unset field: it must not override the default. */
function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
