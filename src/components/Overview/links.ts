/**
 * The link from an overview row to the provisioned container dashboard
 * (provisioning/dashboards/container-memory.json), with its variables filled in and the dashboard's
 * time range kept, built with Grafana's own URL helpers so a sub-path install works.
 */
import { locationUtil, type RawTimeRange, toURLRange, urlUtil } from '@grafana/data';

import type { Labels } from '../../analysis/types';

/** The uid of provisioning/dashboards/container-memory.json. */
export const CONTAINER_DASHBOARD_UID = 'memlens-container-memory';
/** Its template variables, each named after the label it filters on. */
const VARIABLES = ['namespace', 'pod', 'container'] as const;

/**
 * The container dashboard's URL for a workload, or undefined when the workload is not identified by
 * namespace/pod/container (a node, a docker compose service, a custom group-by).
 */
export function containerDashboardUrl(identity: Labels, range: RawTimeRange): string | undefined {
  if (!VARIABLES.every((v) => identity[v])) {
    return undefined;
  }
  const { from, to } = toURLRange(range);
  const query: Record<string, string> = { from: String(from), to: String(to) };
  for (const v of VARIABLES) {
    query[`var-${v}`] = identity[v];
  }
  return locationUtil.assureBaseUrl(urlUtil.renderUrl(`/d/${CONTAINER_DASHBOARD_UID}`, query));
}
