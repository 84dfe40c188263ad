/**
 * The MemLens panel in the foundation SDK. The SDK has builders for Grafana's own panels only, so a
 * plugin panel is its generic PanelBuilder with `type` set and `options` left untyped (`any`). This
 * is the one place where that gap is closed: the options are typed here with the plugin's own
 * MemLensOptions, and nothing else in the generator writes a MemLens panel's options.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import type { Role } from '../../src/analysis/types';
import type { MemLensOptions } from '../../src/types';
import { DATASOURCE, type Query, targets } from './common';

export const MEMLENS_PANEL_TYPE = 'memlens-memory-panel';

/** What the dashboards set; the panel's defaults (module.ts) cover the rest. */
export type MemLensPanelOptions = Pick<MemLensOptions, 'view'> & Partial<Pick<MemLensOptions, 'roles' | 'groupBy'>>;

export interface MemLensPanelSpec {
  id: number;
  title: string;
  description: string;
  /** Each query with the role its series take; the roles map is written only for the queries that need it. */
  queries: Array<Query & { role?: Role }>;
  options?: Partial<MemLensPanelOptions>;
  height?: number;
}

export function memlensPanel(spec: MemLensPanelSpec): dashboard.PanelBuilder {
  const built = targets(spec.queries);
  const roles: Record<string, Role> = {};
  spec.queries.forEach((q, i) => {
    if (q.role) {
      roles[built[i].refId] = q.role;
    }
  });
  const options: MemLensPanelOptions = {
    view: 'auto',
    ...(Object.keys(roles).length ? { roles } : {}),
    ...spec.options,
  };
  return new dashboard.PanelBuilder()
    .type(MEMLENS_PANEL_TYPE)
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .height(spec.height ?? 20)
    .span(24)
    .options(options)
    .unit('bytes')
    .targets(built.map((t) => t.builder));
}
