import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { createTranslate } from './catalogue';
import { CATALOGUES, LANGUAGES } from './languages';
import { formatDuration, renderMessage } from './render';

const en = createTranslate('en-US');
const zh = createTranslate('zh-Hans');
const MiB = 1024 * 1024;

/** Every leaf id of a nested catalogue, with plural suffixes folded into their base id. */
function ids(node: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(node).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [`${prefix}${k}`.replace(/_(one|other)$/, '')]
      : ids(v as Record<string, unknown>, `${prefix}${k}.`)
  );
}
function text(catalogue: Record<string, unknown>, id: string): string {
  let node: unknown = catalogue;
  for (const part of id.split('.')) {
    node = (node as Record<string, unknown>)?.[part];
  }
  return typeof node === 'string' ? node : '';
}

describe('renderMessage', () => {
  it('asks the translator once for each text with plain parameters, per translator, and renders the same', () => {
    const counted = (translate: typeof en) => {
      const calls: string[] = [];
      const wrapped: typeof en = (id, fallback, params) => {
        calls.push(id);
        return translate(id, fallback, params);
      };
      return { calls, wrapped };
    };
    const message = {
      id: 'region.growth2',
      params: {
        growthBytes: 12 * MiB,
        durationMs: 130 * 60_000,
        layer1: 'activeFile',
        layer1Share: 0.8,
        layer2: 'rss',
        layer2Share: 0.2,
      },
    };
    const english = counted(en);
    const first = renderMessage(message, english.wrapped);
    const firstCalls = english.calls.length;
    const second = renderMessage(message, english.wrapped);
    expect(second).toBe(first);
    // The layer names, the duration's units and the percentages come from the memo; the message,
    // whose parameters change with the data, is translated again.
    expect(english.calls.length - firstCalls).toBe(1);
    expect(firstCalls).toBeGreaterThan(4);
    // Another translator (another language) never sees the English texts.
    const chinese = counted(zh);
    const inChinese = renderMessage(message, chinese.wrapped);
    expect(chinese.calls.length).toBe(firstCalls);
    expect(inChinese).not.toBe(first);
  });

  it('renders a region hover text with bytes, a duration and shares, in English and Chinese', () => {
    const message = {
      id: 'region.growth3',
      params: {
        growthBytes: 38.2 * MiB,
        durationMs: 130 * 60_000,
        layer1: 'activeFile',
        layer1Share: 0.91,
        layer2: 'rss',
        layer2Share: 0.06,
        layer3: 'kernel',
        layer3Share: 0.03,
      },
    };
    expect(renderMessage(message, en)).toBe(
      '+38.2 MiB working set in 2 h 10 min: 91 % active file cache, 6 % rss, 3 % kernel'
    );
    expect(renderMessage(message, zh)).toBe('2 小时 10 分钟内工作集增长 38.2 MiB：活跃文件缓存 91%、rss 6%、内核 3%');
  });

  it('renders the banners of the issue', () => {
    const fileCache = {
      id: 'banner.fileCache',
      params: { growthBytes: 142 * MiB, rangeMs: 7 * 86_400_000, share: 0.91 },
    };
    expect(renderMessage(fileCache, en)).toBe(
      'Working set +142 MiB over 7 days, 91 % of it active file cache: page cache of files this container reads or writes (logs?), reclaimable under memory pressure — not a heap leak.'
    );
    const anon = { id: 'banner.anon', params: { growthBytes: 142 * MiB, rangeMs: 86_400_000, share: 0.88 } };
    expect(renderMessage(anon, en)).toContain(
      'over 1 day, 88 % of it anonymous memory (rss): memory the process allocated and kept — investigate as a leak'
    );
    expect(renderMessage(anon, zh)).toBe(
      '1 天内工作集增长 142 MiB，其中 88% 是匿名内存（rss）：进程申请后一直没有释放的内存——请按内存泄漏排查。'
    );
  });

  it('names every layer of a `layers` list in the language, with its list separator', () => {
    const missing = {
      id: 'decompose.note.layersMissing',
      params: { layers: 'rss, kernel, activeFile', metrics: 'container_memory_rss, container_memory_cache' },
    };
    expect(renderMessage(missing, en)).toBe(
      'Cannot show rss, kernel, active file cache: add container_memory_rss, container_memory_cache'
    );
    expect(renderMessage(missing, zh)).toBe(
      '无法显示 rss、内核、活跃文件缓存：请添加 container_memory_rss, container_memory_cache'
    );
    const unknown = { id: 'decompose.note.layersUnknown', params: { layers: 'shmem,inactiveFile' } };
    expect(renderMessage(unknown, en)).toMatch(/^Cannot show shmem \(tmpfs\), inactive file cache: /);
    expect(renderMessage(unknown, zh)).not.toMatch(/shmem,|inactiveFile/);
  });

  it('names the layers projected to the limit as a sum, in both languages', () => {
    const oom = {
      id: 'consequence.oom',
      params: { rateBytes: 15 * 2 ** 20, sumLayers: 'rss,kernel', limitBytes: 2 ** 30, etaMs: 38 * 86_400_000 },
    };
    expect(renderMessage(oom, en)).toBe(
      'At +15 MiB/day, rss + kernel reach the 1 GiB limit in about 38 days (OOM kill).'
    );
    expect(renderMessage(oom, zh)).toMatch(/^按 \+15 MiB\/天，rss \+ 内核 约 38 天/);
  });

  it('does not HTML-escape values (series names carry quotes)', () => {
    const m = { id: 'ingest.ignored.unknownMetric', params: { metric: 'up{job="a&b"}' } };
    expect(renderMessage(m, en)).toContain('up{job="a&b"}');
  });

  it('formats durations as the two largest units', () => {
    expect(formatDuration(45_000, en)).toBe('45 s');
    expect(formatDuration(47 * 60_000 + 45_000, en)).toBe('47 min 45 s');
    expect(formatDuration(7 * 86_400_000 + 3 * 3600_000, en)).toBe('7 days 3 h');
    expect(formatDuration(7 * 86_400_000 + 3 * 3600_000, zh)).toBe('7 天 3 小时');
  });
});

describe('the catalogues', () => {
  const enIds = new Set(ids(CATALOGUES['en-US']));

  it('hold the same ids, each with the same placeholders, in every language', () => {
    for (const lang of LANGUAGES) {
      expect(new Set(ids(CATALOGUES[lang]))).toEqual(enIds);
    }
    for (const id of enIds) {
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const base = text(CATALOGUES['en-US'], id) || text(CATALOGUES['en-US'], `${id}_other`);
      const other = text(CATALOGUES['zh-Hans'], id) || text(CATALOGUES['zh-Hans'], `${id}_other`);
      expect({ id, placeholders: placeholders(other) }).toEqual({ id, placeholders: placeholders(base) });
    }
  });

  it('have a text for every message id the analysis and the analyzer can emit', () => {
    const dirs = [join(__dirname, '../analysis'), join(__dirname, '../cli')];
    const literal: string[] = [];
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('.test.'))) {
        const source = readFileSync(join(dir, file), 'utf8');
        literal.push(...[...source.matchAll(/\bid: '([\w.-]+)'/g)].map((m) => m[1]));
      }
    }
    expect(literal.length).toBeGreaterThan(30);
    // Ids composed at run time in explain.ts and render.ts.
    const composed = [
      ...[1, 2, 3, 4, 5].map((k) => `region.growth${k}`),
      ...['fileCache', 'anon', 'kernel', 'shmem'].map((k) => `banner.${k}`),
      ...['fileCache', 'anon', 'kernel'].map((k) => `banner.node.${k}`),
      ...['file-cache', 'anon', 'kernel', 'shmem', 'mixed', 'stable', 'unattributed'].map((k) => `kind.${k}`),
      ...['rss', 'anon', 'kernel', 'activeFile', 'shmem', 'other', 'inactiveFile'].map((k) => `layer.${k}`),
      ...['days', 'hours', 'minutes', 'seconds'].map((k) => `duration.${k}`),
      ...['usageBelowWorkingSet', 'cacheAboveUsage'].flatMap((k) => [
        `decompose.note.${k}`,
        `decompose.note.${k}Persistent`,
      ]),
      'format.percent',
      'format.listSeparator',
    ];
    const missing = [...literal, ...composed].filter((id) => !enIds.has(id));
    expect(missing).toEqual([]);
  });
});
