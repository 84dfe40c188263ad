/**
 * The recorded cgroup traces as wire frames (tests/fixtures/wire/traces, generated from
 * tests/fixtures/cgroup-traces): the real-kernel cases the browser specs and the demo show.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot, type WireFrame } from './fixtures';

export const tracesDir = join(repoRoot, 'tests', 'fixtures', 'wire', 'traces');

export function traceFiles(): string[] {
  return existsSync(tracesDir) ? readdirSync(tracesDir).filter((f) => f.endsWith('.json')).sort() : [];
}

/** Frames from an array, `{frames}`, or an /api/ds/query `{results}`; `expected` from the file when it says. */
export function traceFrames(file: string): { frames: WireFrame[]; expected?: string } {
  const json = JSON.parse(readFileSync(join(tracesDir, file), 'utf8'));
  if (Array.isArray(json)) {
    return { frames: json };
  }
  const frames: WireFrame[] = json.frames ?? Object.values(json.results ?? {}).flatMap((r: any) => r.frames ?? []);
  return { frames, expected: json.expected?.verdict ?? json.verdict };
}
