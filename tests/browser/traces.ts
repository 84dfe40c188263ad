/**
 * The recorded cgroup traces as Grafana wire responses (tests/fixtures/wire/traces, made from
 * tests/fixtures/cgroup-traces), with the verdicts their README says they must get.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot, type WireFrame } from './fixtures';

export const tracesDir = join(repoRoot, 'tests', 'fixtures', 'wire', 'traces');

/** tests/fixtures/cgroup-traces/README.md, "The verdicts these traces must get" (default options). */
export const TRACE_VERDICTS: Record<string, string[]> = {
  filecache: ['stable'],
  smallappend: ['stable'],
  rereader: ['mixed', 'anon'],
  leak: ['anon'],
  mixed: ['anon'],
  // Recorded under a limit: the cycling reader's working set stays at its limit (its cache is hot,
  // not growing); the log writer's grows by active file cache; the OOM loop's by rss.
  hotreader: ['stable'],
  idlelog: ['file-cache'],
  oomloop: ['anon'],
};

export function traceNames(): string[] {
  return existsSync(tracesDir)
    ? readdirSync(tracesDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/\.json$/, ''))
        .sort()
    : [];
}

/** The frames of an /api/ds/query response, each carrying its query's refId as Grafana hands them to a panel. */
export function traceFrames(name: string): WireFrame[] {
  const doc = JSON.parse(readFileSync(join(tracesDir, `${name}.json`), 'utf8'));
  if (!doc.results) {
    return doc.frames ?? doc;
  }
  return Object.entries(doc.results as Record<string, { frames: WireFrame[] }>).flatMap(([refId, result]) =>
    result.frames.map((frame) => ({ ...frame, schema: { ...frame.schema!, refId: frame.schema?.refId ?? refId } }))
  );
}
