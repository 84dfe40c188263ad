/**
 * Options migration, run by Grafana when a saved panel's pluginVersion differs from the plugin's.
 * It accepts anything a dashboard JSON may hold (older shapes, hand edits) and returns valid options:
 * unknown keys are dropped, bad values fall back to the defaults.
 *
 * Shapes handled (v0 = before 1.0.0: the scaffold and early hand-written dashboards):
 * - the scaffold's `text`, `showSeriesCount`, `seriesCountSize` → dropped;
 * - `roles` as text (`"A=usage, B=workingSet"`) or as a list of `{refId, role}` → a refId → role map;
 * - `groupBy` as comma-separated text → a list;
 * - `growth.minGrowthBytes` (a number) → `growth.minGrowth` (a size string).
 */
import type { PanelModel } from '@grafana/data';

import { isRole } from './analysis/roles';
import { LINE_KEYS, type Layer, type LineKey, type Role } from './analysis/types';
import { ALL_LAYERS, DEFAULT_OPTIONS, isFraction, parseRoles } from './options';
import { type GrowthOptions, type MemLensOptions, VIEW_MODES, type ViewMode } from './types';

type Loose = Record<string, unknown>;

export function migrateOptions(panel: PanelModel<Partial<MemLensOptions>>): MemLensOptions {
  const old: Loose = isObject(panel.options) ? (panel.options as Loose) : {};
  const d = DEFAULT_OPTIONS;
  return {
    view: (VIEW_MODES as readonly unknown[]).includes(old.view) ? (old.view as ViewMode) : d.view,
    groupBy: migrateGroupBy(old.groupBy),
    layers: pickList<Layer>(old.layers, ALL_LAYERS, d.layers),
    lines: pickList<LineKey>(old.lines, LINE_KEYS, d.lines),
    roles: migrateRoles(old.roles),
    includePodLevel: typeof old.includePodLevel === 'boolean' ? old.includePodLevel : d.includePodLevel,
    growth: migrateGrowth(old.growth),
    evictionThreshold:
      typeof old.evictionThreshold === 'string' && old.evictionThreshold.trim()
        ? old.evictionThreshold
        : d.evictionThreshold,
    legend: isObject(old.legend)
      ? { ...d.legend, ...(old.legend as Partial<MemLensOptions['legend']>) }
      : { ...d.legend },
    tooltip: isObject(old.tooltip)
      ? { ...d.tooltip, ...(old.tooltip as Partial<MemLensOptions['tooltip']>) }
      : { ...d.tooltip },
  };
}

function migrateGroupBy(v: unknown): string[] {
  const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : [];
  return list
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.trim())
    .filter(Boolean);
}

function migrateRoles(v: unknown): Record<string, Role> {
  if (typeof v === 'string') {
    return parseRoles(v).roles;
  }
  const entries: Array<[unknown, unknown]> = Array.isArray(v)
    ? v.filter(isObject).map((e) => [e.refId, e.role])
    : isObject(v)
      ? Object.entries(v)
      : [];
  const roles: Record<string, Role> = {};
  for (const [refId, role] of entries) {
    if (typeof refId === 'string' && refId && typeof role === 'string' && isRole(role)) {
      roles[refId] = role;
    }
  }
  return roles;
}

function migrateGrowth(v: unknown): GrowthOptions {
  const d = DEFAULT_OPTIONS.growth;
  const g: Loose = isObject(v) ? v : {};
  const minGrowth =
    typeof g.minGrowth === 'string' && g.minGrowth.trim()
      ? g.minGrowth.trim()
      : typeof g.minGrowthBytes === 'number' && g.minGrowthBytes >= 0
        ? String(g.minGrowthBytes)
        : d.minGrowth;
  return {
    window: typeof g.window === 'string' && g.window.trim() ? g.window.trim() : d.window,
    minGrowth,
    minGrowthRatio: isFraction(g.minGrowthRatio) ? g.minGrowthRatio : d.minGrowthRatio,
    share: isFraction(g.share) ? g.share : d.share,
  };
}

function pickList<T extends string>(v: unknown, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (!Array.isArray(v)) {
    return [...fallback];
  }
  return v.filter((x): x is T => (allowed as readonly unknown[]).includes(x));
}

function isObject(v: unknown): v is Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
