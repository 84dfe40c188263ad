/**
 * The panel editor's options: defaults, the builder that module.ts registers, and the translation of
 * the stored options into the analysis pipeline's options (with a readable problem for each bad value).
 */
import { type PanelOptionsEditorBuilder, type SelectableValue } from '@grafana/data';
import { t } from '@grafana/i18n';
import { LegendDisplayMode, SortOrder, TooltipDisplayMode } from '@grafana/schema';
import { commonOptionsBuilder } from '@grafana/ui';

import { parseDuration, parseRoleList, parseSize } from './analysis/settings';
import type { AssessOptions } from './analysis/assess';
import { DEFAULT_EVICTION_THRESHOLD, evictionThresholdBytes } from './analysis/assess/projection';
import {
  CONTAINER_LAYERS,
  type DetectOptions,
  type Layer,
  LINE_KEYS,
  type LineKey,
  NODE_LAYERS,
  type Role,
} from './analysis/types';
import { RolesEditor } from './components/RolesEditor/RolesEditor';
import { englishText } from './i18n/render';
import type { MemLensOptions } from './types';

export const ALL_LAYERS: readonly Layer[] = Array.from(new Set<Layer>([...CONTAINER_LAYERS, ...NODE_LAYERS]));

export const DEFAULT_OPTIONS: MemLensOptions = {
  view: 'auto',
  groupBy: [],
  layers: [...ALL_LAYERS],
  lines: [...LINE_KEYS],
  roles: {},
  includePodLevel: false,
  growth: { window: 'auto', minGrowth: '16MiB', minGrowthRatio: 0.05, share: 0.5 },
  evictionThreshold: DEFAULT_EVICTION_THRESHOLD,
  legend: { showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] },
  tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.None },
};

/** The workload labels offered in the group-by picker; any other label can be typed. */
const GROUP_BY_SUGGESTIONS = ['namespace', 'pod', 'container', 'name', 'instance', 'node', 'job', 'service'];

export interface RolesParse {
  roles: Record<string, Role>;
  /** One readable line per rejected entry. */
  errors: string[];
}

/** Reads `A=usage` entries, one per line or comma-separated (the analyzer's `--role` syntax), in words for the editor. */
export function parseRoles(text: string): RolesParse {
  const { roles, errors } = parseRoleList(text);
  return {
    roles,
    errors: errors.map((e) =>
      e.problem === 'syntax'
        ? `"${e.entry}": ${t('options.roles.error.syntax', 'not of the form refId=role')}`
        : `${e.refId}: "${e.role}" ${t('options.roles.error.role', 'is not a role')}`
    ),
  };
}

export function formatRoles(roles: Record<string, Role>): string {
  return Object.entries(roles)
    .map(([refId, role]) => `${refId}=${role}`)
    .join('\n');
}

/** What the panel passes to `analyzeFrames`; same shape as the pipeline's PipelineOptions. */
export interface AnalysisSettings {
  ingest: { roles: Record<string, Role>; groupBy?: string[]; includePodLevel: boolean };
  detect: Partial<DetectOptions>;
  assess: Partial<AssessOptions>;
}

/** Stored options → pipeline options. A bad value falls back to the default and is reported. */
export type AnalysisOptions = Pick<MemLensOptions, 'roles' | 'groupBy' | 'includePodLevel' | 'growth'> &
  Partial<Pick<MemLensOptions, 'evictionThreshold'>>;

export function toAnalysisSettings(options: AnalysisOptions): { settings: AnalysisSettings; problems: string[] } {
  const problems: string[] = [];
  const growth = { ...DEFAULT_OPTIONS.growth, ...options.growth };
  const detect: Partial<DetectOptions> = {};

  if (growth.window && growth.window !== 'auto') {
    const ms = parseDuration(growth.window);
    if (ms === undefined) {
      problems.push(
        `"${growth.window}": ${t('options.problem.window', 'the growth window is not a duration like 6h; using auto')}`
      );
    } else {
      detect.window = ms;
    }
  }
  const minGrowth = parseSize(String(growth.minGrowth ?? ''));
  if (minGrowth === undefined) {
    problems.push(
      `"${String(growth.minGrowth)}": ${t('options.problem.minGrowth', 'the minimum growth is not a size like 16MiB; using the default')}`
    );
  } else {
    detect.minGrowthBytes = minGrowth;
  }
  if (isFraction(growth.minGrowthRatio)) {
    detect.minGrowthRatio = growth.minGrowthRatio;
  }
  if (isFraction(growth.share) && growth.share > 0) {
    detect.share = growth.share;
  }

  const assess: Partial<AssessOptions> = {};
  const threshold = options.evictionThreshold?.trim();
  if (threshold) {
    if (evictionThresholdBytes(threshold, 1) === undefined) {
      problems.push(
        `"${threshold}": ${t('options.problem.evictionThreshold', 'the eviction threshold is not like memory.available<100Mi or memory.available<10%; using the default')}`
      );
    } else {
      assess.evictionThreshold = threshold;
    }
  }

  const groupBy = (options.groupBy ?? []).map((l) => l.trim()).filter(Boolean);
  return {
    settings: {
      ingest: {
        roles: options.roles ?? {},
        ...(groupBy.length ? { groupBy } : {}),
        includePodLevel: Boolean(options.includePodLevel),
      },
      detect,
      assess,
    },
    problems,
  };
}

/** A number from 0 to 1 inclusive: a share or a ratio. */
export function isFraction(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
}

/**
 * The legend and tooltip name of a layer or line, from the message catalogue (`layer.*`, the same
 * names the region and banner texts use, and `line.*`).
 */
export function seriesLabel(key: Layer | LineKey): string {
  const id = (LINE_KEYS as readonly string[]).includes(key) ? `line.${key}` : `layer.${key}`;
  return t(id, englishText(id) ?? key);
}

/**
 * addMultiSelect types its choices with the stored value's type (a list) although each choice holds
 * one item; this states the runtime shape once.
 */
function choices<T>(list: Array<SelectableValue<T>>): Array<SelectableValue<T[]>> {
  return list as unknown as Array<SelectableValue<T[]>>;
}

export function addPanelOptions(builder: PanelOptionsEditorBuilder<MemLensOptions>) {
  const analysis = [t('options.category.analysis', 'Analysis')];
  const growth = [t('options.category.growth', 'Growth detection')];
  const display = [t('options.category.display', 'Display')];
  const d = DEFAULT_OPTIONS;

  builder
    .addMultiSelect({
      path: 'groupBy',
      name: t('options.groupBy.name', 'Group by labels'),
      description: t(
        'options.groupBy.description',
        'Labels that identify a workload. Empty: namespace/pod/container, then docker compose service, then name.'
      ),
      category: analysis,
      defaultValue: d.groupBy,
      settings: { allowCustomValue: true, options: choices(GROUP_BY_SUGGESTIONS.map((l) => ({ value: l, label: l }))) },
    })
    .addCustomEditor({
      id: 'roles',
      path: 'roles',
      name: t('options.roles.name', 'Query roles'),
      description: t(
        'options.roles.description',
        'For queries without a metric name (expressions, recording rules): one refId=role per line, e.g. A=usage.'
      ),
      category: analysis,
      defaultValue: d.roles,
      editor: RolesEditor,
    })
    .addBooleanSwitch({
      path: 'includePodLevel',
      name: t('options.includePodLevel.name', 'Include pod-level series'),
      description: t(
        'options.includePodLevel.description',
        'Series with container="" sum their containers; they are ignored unless this is on.'
      ),
      category: analysis,
      defaultValue: d.includePodLevel,
    })
    .addTextInput({
      path: 'growth.window',
      name: t('options.window.name', 'Window'),
      description: t('options.window.description', '"auto" (from the time range) or a duration such as 6h.'),
      category: growth,
      defaultValue: d.growth.window,
    })
    .addTextInput({
      path: 'growth.minGrowth',
      name: t('options.minGrowth.name', 'Minimum growth'),
      description: t('options.minGrowth.description', 'Working-set growth below this does not count, e.g. 16MiB.'),
      category: growth,
      defaultValue: d.growth.minGrowth,
    })
    .addSliderInput({
      path: 'growth.minGrowthRatio',
      name: t('options.minGrowthRatio.name', 'Minimum growth ratio'),
      description: t(
        'options.minGrowthRatio.description',
        'Growth relative to the working set level that counts (0.05 = 5 %).'
      ),
      category: growth,
      defaultValue: d.growth.minGrowthRatio,
      settings: { min: 0, max: 1, step: 0.01 },
    })
    .addTextInput({
      path: 'evictionThreshold',
      name: t('options.evictionThreshold.name', 'Node eviction threshold'),
      description: t(
        'options.evictionThreshold.description',
        "The kubelet's hard eviction threshold for nodes, as in its config: memory.available<100Mi or memory.available<10%."
      ),
      category: growth,
      defaultValue: d.evictionThreshold,
    })
    .addSliderInput({
      path: 'growth.share',
      name: t('options.share.name', 'Share for "mostly"'),
      description: t(
        'options.share.description',
        'A kind is "mostly" when its share of the growth reaches this (0.5 = 50 %).'
      ),
      category: growth,
      defaultValue: d.growth.share,
      settings: { min: 0.05, max: 1, step: 0.05 },
    })
    .addRadio({
      path: 'view',
      name: t('options.view.name', 'Layout'),
      category: display,
      defaultValue: d.view,
      settings: {
        options: [
          { value: 'auto', label: t('options.view.auto', 'Auto') },
          { value: 'grid', label: t('options.view.grid', 'One chart per workload') },
          { value: 'overview', label: t('options.view.overview', 'Overview table') },
        ],
      },
    })
    .addMultiSelect({
      path: 'layers',
      name: t('options.layers.name', 'Layers'),
      category: display,
      defaultValue: d.layers,
      settings: { options: choices(ALL_LAYERS.map((l) => ({ value: l, label: seriesLabel(l) }))) },
    })
    .addMultiSelect({
      path: 'lines',
      name: t('options.lines.name', 'Lines'),
      category: display,
      defaultValue: d.lines,
      settings: { options: choices(LINE_KEYS.map((l) => ({ value: l, label: seriesLabel(l) }))) },
    });

  commonOptionsBuilder.addLegendOptions(builder, false);
  commonOptionsBuilder.addTooltipOptions(builder, false, false, { tooltip: d.tooltip });
}
