/** How a series is named in messages and in the wire format's displayNameFromDS. */
import type { Labels } from './types';

/** Prometheus's own text form of a series: `name{a="1", b="2"}`, or `{a="1"}` without a name. */
export function seriesDisplayName(labels: Labels): string {
  const name = labels.__name__ ?? '';
  const pairs = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return pairs.length ? `${name}{${pairs.join(', ')}}` : name || '{}';
}
