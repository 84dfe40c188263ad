#!/usr/bin/env node
// Merges a flat message file ({"id.with.dots": {"en": "…", "zh-Hans": "…"}}) into the plugin's
// nested catalogues (src/locales/<lang>/memlens-memory-panel.json). Existing ids are updated.
// Usage: node scripts/merge-messages.mjs FILE
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/merge-messages.mjs FILE');
  process.exit(2);
}
const messages = JSON.parse(readFileSync(file, 'utf8'));
const targets = { en: 'src/locales/en-US/memlens-memory-panel.json', 'zh-Hans': 'src/locales/zh-Hans/memlens-memory-panel.json' };
for (const [lang, path] of Object.entries(targets)) {
  const catalogue = JSON.parse(readFileSync(path, 'utf8'));
  let count = 0;
  for (const [id, texts] of Object.entries(messages)) {
    const text = texts[lang] ?? texts[lang === 'en' ? 'en-US' : lang];
    if (typeof text !== 'string') {
      throw new Error(`${file}: ${id} has no ${lang} text`);
    }
    const parts = id.split('.');
    let node = catalogue;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] === 'string') {
        throw new Error(`${id}: ${part} is already a message, not a group`);
      }
      node = node[part] ??= {};
    }
    const leaf = parts[parts.length - 1];
    if (typeof node[leaf] === 'object') {
      throw new Error(`${id} is already a group of messages`);
    }
    node[leaf] = text;
    count++;
  }
  writeFileSync(path, JSON.stringify(catalogue, null, 2) + '\n');
  console.log(`${path}: ${count} messages merged`);
}
