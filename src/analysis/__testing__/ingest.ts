/** A Kubernetes container's labels and counting helpers for the ingest tests. */
import { type DataFrame, FieldType } from '@grafana/data';

import type { IngestResult } from '../types';

export const k8s = {
  namespace: 'shop',
  pod: 'api-0',
  container: 'api',
  id: '/kubepods/burstable/pod1/abc',
  image: 'acme/api:1',
  instance: 'n1',
  job: 'kubelet',
};

/** Number of number fields in the input: each must end in exactly one workload or in `ignored`. */
export function numberFieldCount(input: DataFrame[]): number {
  return input.reduce((n, f) => n + f.fields.filter((x) => x.type === FieldType.number).length, 0);
}

export function inWorkloads(r: IngestResult): number {
  return r.workloads.reduce((n, w) => n + Object.values(w.series).reduce((m, l) => m + (l?.length ?? 0), 0), 0);
}

export function reasons(r: IngestResult): string[] {
  return r.ignored.map((i) => i.reason.id);
}
