/**
 * Turns the analysis's messages (ids + parameters) into text, through a translate function: Grafana's
 * `t` in the panel, an i18next instance over the same catalogue in the analyzer. Values are formatted
 * here, by parameter name (see `Message` in analysis/types.ts), then interpolated by the translator:
 *   `*Bytes` → IEC bytes (getValueFormat('bytes')), `*Ms` → a duration such as "2 h 10 min",
 *   `*Share` or `share` → a percentage of 1, `layer`/`layerN` → the layer's name from `layer.*`,
 *   `layers` → a comma-separated list of layer ids, each named from `layer.*` and joined with the
 *   language's list separator, `sumLayers` → the same, joined as a sum ("rss + kernel"),
 *   `kind` → the kind's name from `kind.*`, `kindShort` → its short name
 *   (`overview.filter.*`), `rivalN` → a kind as a rival from `rival.*`, `settle` → what would settle an
 *   uncertain verdict, from `settle.*`; anything else as is.
 */
import { formattedValueToString, getValueFormat } from '@grafana/data';

import type { Message } from '../analysis/types';
import en from '../locales/en-US/memlens-memory-panel.json';

export type Translate = (id: string, defaultText: string, params?: Record<string, unknown>) => string;

type Catalogue = { [key: string]: string | Catalogue };

/** The English text of an id (nested keys split on '.'), for the translator's default. */
export function englishText(id: string, count?: number): string | undefined {
  const lookup = (key: string): string | undefined => {
    let node: string | Catalogue | undefined = en as Catalogue;
    for (const part of key.split('.')) {
      node = typeof node === 'object' ? node[part] : undefined;
    }
    return typeof node === 'string' ? node : undefined;
  };
  if (count !== undefined) {
    return lookup(`${id}_${count === 1 ? 'one' : 'other'}`) ?? lookup(`${id}_other`) ?? lookup(id);
  }
  return lookup(id);
}

/**
 * The texts of calls whose parameters are all plain values (a layer's name, "3 h", "45 %"), per
 * translate function: a panel refresh asks for the same few hundred of them again for every workload,
 * and each i18next call costs a lookup and an interpolation. A language change reloads Grafana, and a
 * different translator has its own entries. Bounded: cleared when full.
 */
const memo = new WeakMap<Translate, Map<string, string>>();
const MEMO_LIMIT = 4096;

function memoKey(id: string, params?: Record<string, unknown>): string | undefined {
  let key = id;
  for (const name in params) {
    const v = params[name];
    if (typeof v !== 'string' && typeof v !== 'number') {
      return undefined;
    }
    key += `\u0000${name}\u0000${v}`;
  }
  return key;
}

function tr(translate: Translate, id: string, params?: Record<string, unknown>): string {
  const key = memoKey(id, params);
  let texts = memo.get(translate);
  const known = key === undefined ? undefined : texts?.get(key);
  if (known !== undefined) {
    return known;
  }
  const count = typeof params?.count === 'number' ? params.count : undefined;
  const text = translate(id, englishText(id, count) ?? id, params);
  if (key !== undefined) {
    if (!texts || texts.size >= MEMO_LIMIT) {
      texts = new Map();
      memo.set(translate, texts);
    }
    texts.set(key, text);
  }
  return text;
}

const bytesFormat = getValueFormat('bytes');

/** `1.5 GiB`: Grafana's bytes unit (IEC), the one text for a size in messages, table and chart. */
export function formatBytes(bytes: number, decimals?: number): string {
  return formattedValueToString(bytesFormat(bytes, decimals));
}

export function formatPercent(share: number, translate: Translate): string {
  return tr(translate, 'format.percent', { value: Math.round(share * 100) });
}

const UNITS: Array<[string, number]> = [
  ['duration.days', 86_400_000],
  ['duration.hours', 3_600_000],
  ['duration.minutes', 60_000],
  ['duration.seconds', 1000],
];

/** The two largest whole units, rounded to the smaller: "7 days", "2 h 10 min", "45 s". */
export function formatDuration(ms: number, translate: Translate): string {
  const total = Math.max(0, ms);
  const first = UNITS.findIndex(([, size]) => total >= size);
  if (first < 0) {
    return tr(translate, 'duration.seconds', { count: 0 });
  }
  const [bigId, big] = UNITS[first];
  const small = UNITS[first + 1];
  if (!small) {
    return tr(translate, bigId, { count: Math.round(total / big) });
  }
  const [smallId, smallSize] = small;
  let units = Math.round(total / smallSize);
  const perBig = big / smallSize;
  const bigCount = Math.floor(units / perBig);
  units -= bigCount * perBig;
  const head = tr(translate, bigId, { count: bigCount });
  return units > 0 ? `${head} ${tr(translate, smallId, { count: units })}` : head;
}

function formatParam(name: string, value: string | number, translate: Translate): string | number {
  if (typeof value === 'number' && name.endsWith('Bytes')) {
    return formatBytes(value);
  }
  if (typeof value === 'number' && name.endsWith('Ms')) {
    return formatDuration(value, translate);
  }
  if (typeof value === 'number' && (name === 'share' || name.endsWith('Share'))) {
    return formatPercent(value, translate);
  }
  if (typeof value === 'string' && /^layer\d*$/.test(name)) {
    return tr(translate, `layer.${value}`);
  }
  if (typeof value === 'string' && (name === 'layers' || name === 'sumLayers')) {
    return value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)
      .map((id) => tr(translate, `layer.${id}`))
      .join(tr(translate, name === 'layers' ? 'format.listSeparator' : 'format.sumSeparator'));
  }
  if (typeof value === 'string' && name === 'kind') {
    return tr(translate, `kind.${value}`);
  }
  if (typeof value === 'string' && /^rival\d$/.test(name)) {
    return tr(translate, `rival.${value}`);
  }
  if (typeof value === 'string' && name === 'settle') {
    return tr(translate, `settle.${value}`);
  }
  if (typeof value === 'string' && name === 'kindShort') {
    return tr(translate, `overview.filter.${value}`);
  }
  return value;
}

export function renderMessage(message: Message, translate: Translate): string {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    params[name] = formatParam(name, value, translate);
  }
  // Values are already text for people, never HTML: i18next must not escape them (quotes in series names).
  return tr(translate, message.id, { ...params, interpolation: { escapeValue: false } });
}
